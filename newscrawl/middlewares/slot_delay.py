"""The base of the downloader middlewares that space out the requests to one download slot.

`CrawlDelayMiddleware` (a floor from robots.txt or the profile) and `RetryAfterMiddleware`
(a pause asked for by a 429/503) share it: the enabled switch, the bound on any delay, and
the slot key of a request as Scrapy's downloader computes it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from scrapy.utils.httpobj import urlparse_cached

from newscrawl.utils.compat import download_slot_key
from newscrawl.utils.settings import non_negative_float, require_enabled

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request
    from scrapy.crawler import Crawler


class SlotDelayMiddleware:
    """Read the ``*_ENABLED`` switch and the bound on delays named by the subclass.

    Settings: `enabled_setting` (off: `NotConfigured`), `max_delay_setting` (seconds).
    Stats: ``newscrawl/<stats_name>/capped``, each delay cut down to the bound.
    """

    enabled_setting: ClassVar[str]
    max_delay_setting: ClassVar[str]
    stats_name: ClassVar[str]

    def __init__(self, crawler: Crawler) -> None:
        require_enabled(crawler.settings, self.enabled_setting)
        self.crawler = crawler
        self.stats = crawler.stats
        self.max_delay = non_negative_float(crawler.settings, self.max_delay_setting)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def bounded(self, delay: float) -> float:
        """Return `delay` cut down to the bound, counting the cut."""
        if delay > self.max_delay:
            self.stats.inc_value(f"newscrawl/{self.stats_name}/capped")
            return self.max_delay
        return delay

    def slot_key(self, request: Request) -> str:
        """Return the download slot key of `request` (the downloader's, or its host)."""
        key = download_slot_key(self.crawler, request)
        if key is not None:
            return key
        return str(request.meta.get("download_slot") or urlparse_cached(request).hostname or "")
