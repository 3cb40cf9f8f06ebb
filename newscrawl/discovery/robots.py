"""robots.txt: the sitemaps it lists and the crawl delay it asks of our user agent.

A robots.txt is parsed once per download. `RobotsRules`, set as ``ROBOTSTXT_PARSER``, is the
parser Scrapy's ``RobotsTxtMiddleware`` builds for the Allow/Disallow rules; the same object
answers the crawl delay (``CrawlDelayMiddleware`` reads it from ``signals.robots_parsed``) and
the sitemaps (``RobotsTxtReuseMiddleware`` hands it to the spider with the robots.txt response).
`parse_robots` reads a robots.txt text when no such parser is at hand (``ROBOTSTXT_OBEY`` off).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from protego import Protego
from scrapy.robotstxt import ProtegoRobotParser, decode_robotstxt
from scrapy.utils.python import to_unicode

from newscrawl.discovery._common import resolve_http_url

if TYPE_CHECKING:
    from scrapy import Spider

MAX_ROBOTS_CHARS = 500 * 1024
"""Characters of robots.txt read (Google's limit is 500 KiB; the rest is ignored)."""
RULES_META_KEY = "nc_robots_rules"
"""Request meta key of the `RobotsRules` that came with a robots.txt response, if any."""
MAX_CRAWL_DELAY = 120.0
"""Crawl delays above this (seconds) are clamped: a typo must not stall a crawl for hours."""


@dataclass(frozen=True, slots=True)
class RobotsInfo:
    """What discovery needs from one robots.txt."""

    sitemaps: list[str] = field(default_factory=list)
    """Absolute http(s) sitemap URLs, in file order, without duplicates."""
    crawl_delay: float | None = None
    """Seconds between requests asked of our user agent (``Crawl-delay`` or ``Request-rate``)."""


def parse_robots(text: str, user_agent: str, robots_url: str | None = None) -> RobotsInfo:
    """Parse robots.txt `text` for `user_agent`; never raises.

    Relative ``Sitemap:`` URLs are resolved against `robots_url` (dropped when it is None).
    The delay comes from ``Crawl-delay``, else from ``Request-rate`` (seconds per request),
    clamped to `MAX_CRAWL_DELAY`; negative or non-numeric values are ignored.
    """
    return _robots_info(_parse(text), user_agent, robots_url)


class RobotsRules(ProtegoRobotParser):
    """Scrapy's Protego parser (``ROBOTSTXT_PARSER``) that also tells what discovery needs.

    The body is read up to `MAX_ROBOTS_CHARS` characters and never makes the parse fail.
    ``crawl_delay`` also reads ``Request-rate`` and clamps, as `parse_robots` does.
    """

    def __init__(self, robotstxt_body: bytes, spider: Spider | None) -> None:
        # Not super().__init__: the same decoding, then the bounded parse that never raises.
        self.spider = spider
        self.rp = _parse(decode_robotstxt(robotstxt_body, spider))

    def crawl_delay(self, user_agent: str | bytes) -> float | None:
        """Seconds between requests asked of `user_agent`, as in `RobotsInfo.crawl_delay`."""
        return _crawl_delay(self.rp, to_unicode(user_agent))

    def info(self, user_agent: str, robots_url: str) -> RobotsInfo:
        """Return what discovery needs from this robots.txt, downloaded from `robots_url`."""
        return _robots_info(self.rp, user_agent, robots_url)


def _parse(text: str) -> Protego:
    try:
        return Protego.parse(text[:MAX_ROBOTS_CHARS])
    except Exception:  # protego is tolerant; this guards against its corner cases
        return Protego.parse("")


def _robots_info(parser: Protego, user_agent: str, robots_url: str | None) -> RobotsInfo:
    base = robots_url or ""
    sitemaps: list[str] = []
    seen: set[str] = set()
    for raw in parser.sitemaps:
        url = resolve_http_url(raw, base)
        if url and url not in seen:
            seen.add(url)
            sitemaps.append(url)
    return RobotsInfo(sitemaps=sitemaps, crawl_delay=_crawl_delay(parser, user_agent))


def _crawl_delay(parser: Protego, user_agent: str) -> float | None:
    delay: float | None = None
    try:
        raw = parser.crawl_delay(user_agent)
        if raw is not None:
            delay = float(raw)
        else:
            rate = parser.request_rate(user_agent)
            if rate is not None and rate.requests > 0:
                delay = float(rate.seconds) / float(rate.requests)
    except (ValueError, TypeError, ZeroDivisionError, OverflowError):
        return None
    if delay is None or delay != delay or delay < 0:  # NaN or negative
        return None
    return min(delay, MAX_CRAWL_DELAY)
