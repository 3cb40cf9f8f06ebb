"""Helpers below every other package of newscrawl; they import nothing from it.

`newscrawl.utils.compat`: the private APIs of Scrapy that newscrawl uses, each
checked against a pinned library version.
"""
