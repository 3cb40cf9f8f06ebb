"""Tests for newscrawl.discovery.robots."""

from __future__ import annotations

import pytest

from newscrawl.discovery.robots import MAX_CRAWL_DELAY, RobotsInfo, parse_robots
from newscrawl.middlewares.robots import RobotsRules

WORDPRESS_ROBOTS = """\
# START YOAST BLOCK
# ---------------------------
User-agent: *
Disallow: /wp-admin/
Allow: /wp-admin/admin-ajax.php
Crawl-delay: 5

Sitemap: https://sana.sy/en/sitemap_index.xml
Sitemap: https://sana.sy/en/news-sitemap.xml
# ---------------------------
# END YOAST BLOCK
"""


def test_wordpress_robots_gives_sitemaps_in_order_and_crawl_delay():
    info = parse_robots(WORDPRESS_ROBOTS, "newscrawl/0.1 (+https://example.org/bot)")
    assert info == RobotsInfo(
        sitemaps=[
            "https://sana.sy/en/sitemap_index.xml",
            "https://sana.sy/en/news-sitemap.xml",
        ],
        crawl_delay=5.0,
    )


def test_crawl_delay_of_the_matching_group_wins_over_the_wildcard():
    text = (
        "User-agent: *\nCrawl-delay: 10\n\n"
        "User-agent: newscrawl\nCrawl-delay: 2\nDisallow: /private/\n"
    )
    assert parse_robots(text, "newscrawl/0.1").crawl_delay == 2.0
    assert parse_robots(text, "otherbot").crawl_delay == 10.0


def test_request_rate_is_turned_into_a_delay_when_there_is_no_crawl_delay():
    assert parse_robots("User-agent: *\nRequest-rate: 1/10s\n", "newscrawl").crawl_delay == 10.0


def test_no_delay_when_robots_sets_none():
    assert parse_robots("User-agent: *\nDisallow: /x\n", "newscrawl").crawl_delay is None


@pytest.mark.parametrize("value", ["-3", "nan", "soon", ""])
def test_nonsense_crawl_delay_is_ignored(value):
    assert parse_robots(f"User-agent: *\nCrawl-delay: {value}\n", "newscrawl").crawl_delay is None


def test_huge_crawl_delay_is_clamped():
    info = parse_robots("User-agent: *\nCrawl-delay: 86400\n", "newscrawl")
    assert info.crawl_delay == MAX_CRAWL_DELAY


def test_relative_and_duplicate_sitemaps_are_resolved_and_deduplicated():
    text = (
        "Sitemap: /sitemap.xml\nSitemap: https://ex.com/sitemap.xml\nSitemap: ftp://ex.com/s.xml\n"
    )
    info = parse_robots(text, "newscrawl", robots_url="https://ex.com/robots.txt")
    assert info.sitemaps == ["https://ex.com/sitemap.xml"]


def test_relative_sitemap_without_robots_url_is_dropped():
    assert parse_robots("Sitemap: /sitemap.xml\n", "newscrawl").sitemaps == []


def test_empty_and_html_robots_give_nothing():
    assert parse_robots("", "newscrawl") == RobotsInfo()
    html = "<!DOCTYPE html><html><body><h1>Not found</h1></body></html>"
    assert parse_robots(html, "newscrawl") == RobotsInfo()


def test_only_the_first_500_kib_is_read():
    text = "User-agent: *\n" + "# padding\n" * 60_000 + "Sitemap: https://ex.com/late.xml\n"
    assert parse_robots(text, "newscrawl").sitemaps == []


@pytest.mark.parametrize(
    "body",
    [
        WORDPRESS_ROBOTS.encode(),
        b"User-agent: *\nRequest-rate: 1/10s\n",
        b"\xff\xfe\x00garbage",
        b"",
    ],
)
def test_scrapys_parser_and_parse_robots_give_the_same_answers(body):
    rules = RobotsRules(body, None)  # ROBOTSTXT_PARSER: parsed once for the rules
    text = body.decode("utf-8", errors="ignore")
    url = "https://sana.sy/robots.txt"
    assert rules.info("newscrawl", url) == parse_robots(text, "newscrawl", url)
    assert rules.crawl_delay("newscrawl") == parse_robots(text, "newscrawl").crawl_delay


def test_scrapys_parser_obeys_the_rules():
    rules = RobotsRules(WORDPRESS_ROBOTS.encode(), None)
    assert not rules.allowed("https://sana.sy/wp-admin/x", "newscrawl")
    assert rules.allowed("https://sana.sy/wp-admin/admin-ajax.php", "newscrawl")
    assert rules.allowed("https://sana.sy/en/?p=1", "newscrawl")
