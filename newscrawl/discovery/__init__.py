"""Discovery: pure functions finding candidate article URLs (robots, sitemaps, feeds, links).

Nothing here imports Scrapy or touches the network: each function takes bytes, text or a
parsed page and returns plain dataclasses, so the spider stays a thin router.
"""

from __future__ import annotations

from newscrawl.discovery.feeds import (
    FALLBACK_FEED_PATHS,
    FeedEntry,
    find_feed_links,
    looks_like_feed,
    parse_feed,
)
from newscrawl.discovery.links import Link, extract_links, find_pagination, link_urls
from newscrawl.discovery.robots import RobotsInfo, parse_robots
from newscrawl.discovery.sitemaps import (
    FALLBACK_SITEMAP_PATHS,
    SitemapDocument,
    SitemapEntry,
    looks_like_sitemap,
    parse_sitemap,
)
from newscrawl.discovery.traps import TRAP_REASONS, TrapGuard, TrapReason
from newscrawl.discovery.urls import canonicalize_url, host_of, is_same_site, url_fingerprint
from newscrawl.discovery.urlshape import UrlKind, url_kind

__all__ = [
    "FALLBACK_FEED_PATHS",
    "FALLBACK_SITEMAP_PATHS",
    "TRAP_REASONS",
    "FeedEntry",
    "Link",
    "RobotsInfo",
    "SitemapDocument",
    "SitemapEntry",
    "TrapGuard",
    "TrapReason",
    "UrlKind",
    "canonicalize_url",
    "extract_links",
    "find_feed_links",
    "find_pagination",
    "host_of",
    "is_same_site",
    "link_urls",
    "looks_like_feed",
    "looks_like_sitemap",
    "parse_feed",
    "parse_robots",
    "parse_sitemap",
    "url_fingerprint",
    "url_kind",
]
