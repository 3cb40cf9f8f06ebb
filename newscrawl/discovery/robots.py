"""robots.txt: the sitemaps it lists and the crawl delay it asks of our user agent.

A robots.txt is parsed once per download: `newscrawl.middlewares.robots.RobotsRules`, the
``ROBOTSTXT_PARSER``, reads it with `parse_rules` and answers with `robots_info` and
`crawl_delay`. `parse_robots` reads a robots.txt text when no such parser is at hand
(``ROBOTSTXT_OBEY`` off). Scrapy-free, like the rest of discovery: the pool's workers import
discovery, not Scrapy.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from protego import Protego

from newscrawl.discovery._common import resolve_http_url

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
    return robots_info(parse_rules(text), user_agent, robots_url)


def parse_rules(text: str) -> Protego:
    """Return Protego's parse of robots.txt `text` (its first `MAX_ROBOTS_CHARS`); never raises."""
    try:
        return Protego.parse(text[:MAX_ROBOTS_CHARS])
    except Exception:  # protego is tolerant; this guards against its corner cases
        return Protego.parse("")


def robots_info(parser: Protego, user_agent: str, robots_url: str | None) -> RobotsInfo:
    """Return what discovery needs from a parsed robots.txt, downloaded from `robots_url`."""
    base = robots_url or ""
    sitemaps: list[str] = []
    seen: set[str] = set()
    for raw in parser.sitemaps:
        url = resolve_http_url(raw, base)
        if url and url not in seen:
            seen.add(url)
            sitemaps.append(url)
    return RobotsInfo(sitemaps=sitemaps, crawl_delay=crawl_delay(parser, user_agent))


def crawl_delay(parser: Protego, user_agent: str) -> float | None:
    """Return the seconds between requests asked of `user_agent`, clamped; None if none."""
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
