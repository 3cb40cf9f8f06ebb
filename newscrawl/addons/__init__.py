"""Scrapy add-ons of newscrawl (listed in ``ADDONS``)."""
