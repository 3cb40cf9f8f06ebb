"""What a person running a crawl sees: log lines (`logformatter`)."""
