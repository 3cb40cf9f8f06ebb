"""Count a component's events in the crawl stats, under the component's prefix."""

from __future__ import annotations

from typing import TYPE_CHECKING

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
