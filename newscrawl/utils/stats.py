"""Stats: a component's event counter (`StatsCounter`) and the crawl's stats collector.

`StatsCounter` counts under the component's prefix; `PlainMemoryStatsCollector` is
Scrapy's MemoryStatsCollector without its wrapper around each call.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.statscollectors import MemoryStatsCollector

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


class StatsCounter:
    """Add to the stats ``<prefix>/<key>`` of a crawler: ``count("skipped/exported")``.

    The crawler's stats are looked up at each call, so a counter can be made before they exist.
    A count of 0 leaves the stats untouched (no key with the value 0).
    """

    def __init__(self, crawler: Crawler, prefix: str) -> None:
        self._crawler = crawler
        self._prefix = prefix

    def __call__(self, key: str, count: int = 1) -> None:
        if count:
            stats = self._crawler.stats
            assert stats is not None
            stats.inc_value(f"{self._prefix}/{key}", count)


class PlainMemoryStatsCollector(MemoryStatsCollector):
    """Scrapy's MemoryStatsCollector with plain attribute access.

    Scrapy 2.19's StatsCollector looks every attribute up through a Python ``__getattribute__``
    (a formatted name and a caught AttributeError for each, ``self._stats`` inside its own
    methods included) to wrap its methods in a check that warns when a caller passes the
    deprecated ``spider`` argument; a crawl makes some 40 stats calls per article. Here the
    methods are Scrapy's, called directly: the same stats, without that deprecation warning
    (no newscrawl code passes ``spider``).
    """

    __getattribute__ = object.__getattribute__
