"""The crawl's stats collector keeps the stats Scrapy's MemoryStatsCollector keeps."""

from __future__ import annotations

from crawling import make_crawler
from scrapy import Spider
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.misc import load_object

from newscrawl.utils.stats import PlainMemoryStatsCollector


class _Spider(Spider):
    name = "stats"


def _exercise(cls):
    crawler = make_crawler(_Spider)
    crawler.spider = _Spider()
    stats = cls(crawler)
    stats.open_spider()
    stats.inc_value("a")
    stats.inc_value("a", 2)
    stats.inc_value("b", 5, start=10)
    stats.set_value("c", "x")
    stats.max_value("m", 3)
    stats.max_value("m", 1)
    stats.min_value("n", 3)
    stats.min_value("n", 1)
    seen = (stats.get_value("a"), stats.get_value("missing", 7), dict(stats.get_stats()))
    stats.close_spider(reason="finished")
    return seen, stats.spider_stats, str(stats)


def test_same_stats_as_scrapys_collector():
    ours = _exercise(PlainMemoryStatsCollector)
    assert ours == _exercise(MemoryStatsCollector)
    assert ours[0][2] == {"a": 3, "b": 15, "c": "x", "m": 3, "n": 1}
    assert ours[1] == {"stats": ours[0][2]}


def test_methods_are_not_wrapped_at_each_call():
    stats = PlainMemoryStatsCollector(make_crawler(_Spider))
    assert stats.inc_value.__func__ is MemoryStatsCollector.inc_value
    assert not hasattr(stats, "_cached_inc_value")


def test_project_settings_use_the_collector():
    crawler = make_crawler(_Spider)
    assert load_object(crawler.settings["STATS_CLASS"]) is PlainMemoryStatsCollector
