"""Spidermon's Scrapy extension, imported only when SPIDERMON_ENABLED is on.

Scrapy imports every extension listed in EXTENSIONS before asking it whether it is enabled;
Spidermon's module brings jsonschema and its monitors along (about 0.05 s of CPU), in every
crawl, for an extension that only ``newscrawl crawl`` turns on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy.exceptions import NotConfigured

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


class SpidermonWhenEnabled:
    """Build Spidermon's extension when SPIDERMON_ENABLED; else NotConfigured, no import."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Any:
        if not crawler.settings.getbool("SPIDERMON_ENABLED"):
            raise NotConfigured  # no reason: no "Disabled" line, as from Spidermon's own
        from spidermon.contrib.scrapy.extensions import Spidermon

        return Spidermon.from_crawler(crawler)
