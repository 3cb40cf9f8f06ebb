"""Scrapy extensions and middlewares of scheduled runs (run state, incremental crawling)."""
