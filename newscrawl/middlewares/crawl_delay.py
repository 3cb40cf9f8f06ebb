"""Apply robots.txt ``Crawl-delay`` (and a profile's ``crawl_delay``) to the download slot.

Scrapy's RobotsTxtMiddleware obeys Allow/Disallow but ignores ``Crawl-delay``, and
AutoThrottle sets every slot's delay back to DOWNLOAD_DELAY when a site answers fast. This
middleware keeps a delay *floor* per download slot (host): read from the rules
RobotsTxtMiddleware parses before the first request to each host (``signals.robots_parsed``;
any ``ROBOTSTXT_PARSER`` with ``crawl_delay``, ours also reads ``Request-rate``) and from the
profile's ``crawl_delay``. With ``ROBOTSTXT_OBEY`` off, robots.txt delays are not read either.
Whenever a request reaches the downloader and whenever AutoThrottle has adjusted the slot
after a response, the slot's delay is raised back to the floor and its jitter removed, so
consecutive requests to the host start at least ``Crawl-delay`` seconds apart.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy import signals

from newscrawl.middlewares.slot_delay import SlotDelayMiddleware
from newscrawl.utils.compat import download_slot, raise_slot_delay

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.core.downloader import Slot
    from scrapy.crawler import Crawler
    from scrapy.robotstxt import RobotParser

logger = logging.getLogger(__name__)


class CrawlDelayMiddleware(SlotDelayMiddleware):
    """Keep each host's download delay at or above its robots.txt ``Crawl-delay``.

    Settings: NEWSCRAWL_CRAWL_DELAY_ENABLED (default True), NEWSCRAWL_CRAWL_DELAY_MAX
    (seconds; longer delays are clamped, default 60), ROBOTSTXT_USER_AGENT/USER_AGENT (the
    agent whose group is read).
    Stats: newscrawl/crawl_delay/{robots,profile,capped,enforced}.
    """

    enabled_setting = "NEWSCRAWL_CRAWL_DELAY_ENABLED"
    max_delay_setting = "NEWSCRAWL_CRAWL_DELAY_MAX"
    stats_name = "crawl_delay"

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        settings = crawler.settings
        self.user_agent = settings.get("ROBOTSTXT_USER_AGENT") or settings.get("USER_AGENT", "")
        self.floors: dict[str, float] = {}
        """Download slot key (host) -> minimum seconds between requests (from robots.txt)."""
        self.profile_delay = 0.0
        self.profile_domains: tuple[str, ...] = ()
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.robots_parsed, signal=signals.robots_parsed)
        crawler.signals.connect(self._enforce, signal=signals.request_reached_downloader)
        crawler.signals.connect(self._enforce, signal=signals.response_downloaded)

    def spider_opened(self, spider: Spider) -> None:
        """Set the profile's ``crawl_delay`` as the floor of the site's hosts.

        They are the hosts in (or under) the site's domains (NEWSCRAWL_SITE_CRAWL_DELAY and
        NEWSCRAWL_SITE_DOMAINS of the run context). Scrapy itself no longer reads a spider's
        ``download_delay`` attribute.
        """
        settings = self.crawler.settings
        delay = self.bounded(settings.getfloat("NEWSCRAWL_SITE_CRAWL_DELAY"))
        if not delay:
            return
        domains = {d.lower().lstrip(".") for d in settings.getlist("NEWSCRAWL_SITE_DOMAINS")}
        self.profile_domains = tuple(sorted(d for d in domains if d))
        self.profile_delay = delay
        self.stats.inc_value("newscrawl/crawl_delay/profile")
        logger.info(
            "crawl delay for %s: %.2fs (from the profile)", ", ".join(self.profile_domains), delay
        )

    def floor_of(self, key: str) -> float | None:
        """Return the minimum interval of slot `key` (robots.txt or profile), if it has one."""
        floor = self.floors.get(key)
        host = key.lower()
        if self.profile_delay and any(
            host == d or host.endswith("." + d) for d in self.profile_domains
        ):
            floor = max(floor or 0.0, self.profile_delay)
        return floor

    def set_floor(self, key: str, delay: float, source: str) -> None:
        """Make `delay` seconds the minimum interval between requests to slot `key`."""
        delay = self.bounded(delay)
        if delay <= 0 or delay <= self.floors.get(key, 0.0):
            return
        self.floors[key] = delay
        self.stats.inc_value(f"newscrawl/crawl_delay/{source}")
        logger.info("crawl delay for %s: %.2fs (from %s)", key, delay, source)

    def robots_parsed(self, robotparser: RobotParser, request: Request) -> None:
        """Make the ``Crawl-delay`` of the robots.txt of `request`'s host that host's floor."""
        delay = robotparser.crawl_delay(self.user_agent)
        if delay:
            self.set_floor(self.slot_key(request), delay, "robots")
            self._enforce(request)

    def _slot(self, key: str) -> Slot | None:
        return download_slot(self.crawler, key)

    def _enforce(self, request: Request, **kwargs: Any) -> None:
        if not self.floors and not self.profile_delay:
            return
        key = request.meta.get("download_slot") or self.slot_key(request)
        floor = self.floor_of(key)
        if floor is None:
            return
        slot = self._slot(key)
        if slot is None:
            return
        if raise_slot_delay(slot, floor):
            self.stats.inc_value("newscrawl/crawl_delay/enforced")
