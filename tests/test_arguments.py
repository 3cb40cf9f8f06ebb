from __future__ import annotations

import datetime as dt

import pytest

from newscrawl.exceptions import ArgumentError, ProfileError
from newscrawl.spiders.arguments import parse_crawl_arguments


def test_ad_hoc_url_gets_a_profile_named_after_the_host():
    target = parse_crawl_arguments(url="https://WWW.Example.com/news/?utm_source=x")
    assert target.ad_hoc
    assert target.profile.name == "example.com"
    assert target.profile.start_urls == ("https://www.example.com/news/",)
    assert target.profile.allowed_domains == ("example.com",)


def test_site_with_url_moves_the_profile_to_the_mirror():
    target = parse_crawl_arguments(site="sana", url="http://127.0.0.1:8000/en/")
    assert not target.ad_hoc
    assert target.profile.start_urls == ("http://127.0.0.1:8000/en/",)
    assert "127.0.0.1" in target.profile.allowed_domains
    assert target.profile.feeds == ("http://127.0.0.1:8000/en/?feed=rss2",)


def test_dates_become_an_inclusive_utc_window():
    target = parse_crawl_arguments(
        url="https://example.com/", since="2024-01-02", until="2024-01-03"
    )
    assert target.since == dt.datetime(2024, 1, 2, tzinfo=dt.UTC)
    assert target.until is not None
    assert target.until.date() == dt.date(2024, 1, 3)
    assert target.until.hour == 23


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "give -a url=URL"),
        (
            {"url": "example.com"},
            "url: .example.com. is not a URL; did you mean https://example.com/",
        ),
        ({"url": "javascript:alert(1)"}, "url: not an http\\(s\\) URL"),
        ({"url": "http://example.com:99999/"}, "url: invalid port"),
        ({"url": "https://example.com/", "since": "yesterday"}, "since: expected a date"),
        ({"url": "https://example.com/", "until": "2024-13-01"}, "until: expected a date"),
        ({"url": "https://e.com/", "since": "2024-02-01", "until": "2024-01-01"}, "is after"),
        ({"url": "https://example.com/", "max_articles": "many"}, "max_articles: expected"),
        ({"url": "https://example.com/", "max_articles": "0"}, "max_articles: expected"),
    ],
)
def test_bad_arguments_raise_one_readable_error(kwargs, message):
    with pytest.raises(ArgumentError, match=message):
        parse_crawl_arguments(**kwargs)


def test_unknown_site_is_a_profile_error():
    with pytest.raises(ProfileError, match="no such profile"):
        parse_crawl_arguments(site="nope")
