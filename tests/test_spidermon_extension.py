"""Spidermon's extension is built when SPIDERMON_ENABLED (off: not imported, test_crawl_cost)."""

from __future__ import annotations

import pytest
from crawling import make_crawler
from scrapy.exceptions import NotConfigured

from newscrawl.extensions.spidermon import SpidermonWhenEnabled


def test_enabled_spidermon_is_spidermons_extension():
    from spidermon.contrib.scrapy.extensions import Spidermon

    with pytest.raises(NotConfigured) as off:
        SpidermonWhenEnabled.from_crawler(make_crawler())
    assert off.value.args == ()  # as Spidermon's: Scrapy logs no "Disabled" warning
    extension = SpidermonWhenEnabled.from_crawler(make_crawler(SPIDERMON_ENABLED=True))
    assert type(extension) is Spidermon
    assert [type(s).__name__ for s in extension.spider_closed_suites] == ["RunMonitorSuite"]
