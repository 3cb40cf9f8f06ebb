"""Tests for newscrawl.discovery.traps: the crawler-trap guard."""

from __future__ import annotations

from datetime import date

import pytest

from newscrawl.discovery.traps import TRAP_REASONS, TrapGuard, archive_range

TODAY = date(2026, 1, 15)


@pytest.fixture
def guard():
    return TrapGuard(max_pagination=50, max_query_variants=3, max_depth=4, today=TODAY)


@pytest.mark.parametrize(
    "url",
    [
        "https://ex.com/calendar/2031/05/",
        "https://ex.com/events/calendar/2031/",
        "https://ex.com/events/?month=5&year=2040",
        "https://ex.com/events/?tribe-bar-date=2035-01-01",
        "https://ex.com/agenda/2027-06-01/",
        "https://ex.com/calendar/1899/01/",
        "https://ex.com/events/?year=1066&month=10",
        "https://ex.com/2029/05/06/",
        "https://ex.com/?m=20310101",
        "https://ex.com/2024/02/31/",
    ],
)
def test_calendar_traps(guard, url):
    assert guard.check(url, 1, 0) == "calendar"


@pytest.mark.parametrize(
    "url",
    [
        "https://ex.com/2024/05/",
        "https://ex.com/2025/12/31/a-story/",
        "https://ex.com/2026/06/01/next-summer-preview/",  # within a year: allowed
        "https://ex.com/events/?month=1&year=2026",
        "https://ex.com/calendar/2025/",
        "https://sana.sy/en/politics/2261001/",
        "https://ex.com/news/2031/",  # a 4-digit id, not a calendar
    ],
)
def test_real_dates_are_not_calendar_traps(guard, url):
    assert guard.check(url, 1, 0) is None


def test_pagination_bound_by_hops_and_by_page_number(guard):
    assert guard.check("https://ex.com/world/page/50/", 1, 50) is None
    assert guard.check("https://ex.com/world/page/51/", 1, 0) == "pagination"
    assert guard.check("https://ex.com/?paged=51", 1, 0) == "pagination"
    assert guard.check("https://ex.com/world/?next=abc", 1, 51) == "pagination"


def test_depth_bound(guard):
    assert guard.check("https://ex.com/world/", 4, 0) is None
    assert guard.check("https://ex.com/world/", 5, 0) == "depth"


def test_repeated_path_segments(guard):
    assert guard.check("https://ex.com/a/b/a/b/a/b/", 1, 0) == "repeated_path_segments"
    assert guard.check("https://ex.com/x/x/x/", 1, 0) == "repeated_path_segments"
    assert guard.check("https://ex.com/news/2024/05/05/news-of-the-day/", 1, 0) is None


@pytest.mark.parametrize(
    "url",
    [
        "https://ex.com/story;jsessionid=0123456789ABCDEF",
        "https://ex.com/story?PHPSESSID=0123456789abcdef0123",
        "https://ex.com/story?sid=0123456789abcdef&x=1",
        "https://ex.com/(S(lit3py55t21z5v55vlm25s55))/default.aspx",
    ],
)
def test_session_ids(guard, url):
    assert guard.check(url, 1, 0) == "session_id"


def test_too_long(guard):
    url = "https://ex.com/" + "a" * 1990
    assert len(url) > 2000
    assert guard.check(url, 1, 0) == "too_long"
    assert guard.check(url[:1999], 1, 0) != "too_long"


def test_faceted_query_strings_are_bounded_per_path(guard):
    facets = ["color=red", "color=blue", "color=green", "color=red&size=m", "sort=price"]
    results = [guard.check(f"https://ex.com/shop/?{q}", 1, 0) for q in facets]
    assert results == [None, None, None, "query_variants", "query_variants"]
    # A variant already let through stays allowed; other paths have their own budget.
    assert guard.check("https://ex.com/shop/?color=blue", 1, 0) is None
    assert guard.check("https://ex.com/other/?color=red&size=m", 1, 0) is None


def test_numeric_query_values_are_content_not_facets(guard):
    for n in range(100):
        assert guard.check(f"https://archive.sana.sy/en/?p={n}", 0, 0) is None
        assert guard.check(f"https://archive.sana.sy/en/?cat=3&paged={n % 40 + 1}", 1, 0) is None


def test_every_reason_is_in_the_closed_set(guard):
    urls = [
        ("https://ex.com/calendar/2040/01/", 1, 0),
        ("https://ex.com/page/99/", 1, 0),
        ("https://ex.com/a", 9, 0),
        ("https://ex.com/a/a/a", 1, 0),
        ("https://ex.com/?sid=0123456789abcdef", 1, 0),
        ("https://ex.com/" + "x" * 2100, 1, 0),
    ]
    reasons = {guard.check(url, depth, pages) for url, depth, pages in urls}
    assert reasons <= set(TRAP_REASONS)
    assert len(reasons) == 6


def test_default_today_is_used_when_not_given():
    assert TrapGuard().check("https://ex.com/calendar/2999/01/", 1, 0) == "calendar"


def test_since_refuses_date_archives_that_end_before_it_but_not_articles():
    guard = TrapGuard(today=TODAY, since=date(2025, 11, 15))
    assert guard.check("https://ex.com/2025/10/", 1, 0) == "calendar"
    assert guard.check("https://ex.com/?m=20251114", 1, 0) == "calendar"
    assert guard.check("https://ex.com/calendar/2024/", 1, 0) == "calendar"
    assert guard.check("https://ex.com/2025/11/", 1, 0) is None  # ends after `since`
    assert guard.check("https://ex.com/2025/", 1, 0) is None
    assert guard.check("https://ex.com/2025/10/01/an-older-story-with-a-slug/", 0, 0) is None


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://ex.com/wp-login.php", "private"),
        ("https://ex.com/wp-login.php?action=register", "private"),
        ("https://ex.com/wp-admin/", "private"),
        ("https://ex.com/my-account/orders/", "private"),
        ("https://ex.com/cart/", "private"),
        ("https://ex.com/shop/?add-to-cart=12", "private"),
        ("https://ex.com/user/login?destination=/node/5", "private"),
        ("https://ex.com/?s=election", "search"),
        ("https://ex.com/search/election/", "search"),
        ("https://ex.com/search?q=election&page=2", "search"),
        ("https://ex.com/2025/05/04/story/?replytocom=17", "comment_reply"),
        ("https://ex.com/2025/05/04/story/comment-page-2/", "comment_reply"),
    ],
)
def test_pages_a_crawler_has_no_business_with_are_refused(guard, url, reason):
    assert guard.check(url, 1, 0) == reason


@pytest.mark.parametrize(
    "url",
    [
        "https://ex.com/2025/05/04/login-rules-change-for-voters/",  # a word inside a slug
        "https://ex.com/search/label/Politics",  # Blogger's label listing
        "https://ex.com/?s=",  # an empty search box target is the home page
        "https://ex.com/category/accounts-of-the-war/",
    ],
)
def test_ordinary_pages_are_not_taken_for_private_or_search_pages(guard, url):
    assert guard.check(url, 1, 0) is None


def test_date_archives_that_begin_after_today_are_refused_but_not_dated_articles(guard):
    assert guard.check("https://ex.com/calendar/2026-02/", 1, 0) == "calendar"
    assert guard.check("https://ex.com/2026/01/20/", 1, 0) == "calendar"
    assert guard.check("https://ex.com/calendar/2026-01/", 1, 0) is None  # this month
    assert guard.check("https://ex.com/2026/02/01/scheduled-story/", 1, 0) is None


def test_date_archives_outside_the_span_of_seen_article_dates_are_refused(guard):
    # before any article date is known, every past archive may be followed
    assert guard.check("https://ex.com/calendar/1999-01/", 1, 0) is None
    guard.note_date(date(2025, 3, 10))
    guard.note_date(date(2025, 9, 2))
    guard.note_date(date(2027, 1, 1))  # after today: not evidence of anything
    assert (guard.first_seen, guard.last_seen) == (date(2025, 3, 10), date(2025, 9, 2))
    assert guard.check("https://ex.com/calendar/2025-06/", 1, 0) is None
    assert guard.check("https://ex.com/calendar/2025-02/", 1, 0) is None  # within the margin
    assert guard.check("https://ex.com/calendar/2025-10/", 1, 0) is None  # within the margin
    assert guard.check("https://ex.com/calendar/2025-01/", 1, 0) == "outside_span"
    assert guard.check("https://ex.com/calendar/2025-11/", 1, 0) == "outside_span"
    assert guard.check("https://ex.com/?m=2019", 1, 0) == "outside_span"
    # an article URL with an old date is never refused for the span
    assert guard.check("https://ex.com/2019/01/05/old-story-here/", 1, 0) is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://ex.com/calendar/2025-02/", (date(2025, 2, 1), date(2025, 2, 28))),
        ("https://ex.com/2024/", None),  # a bare 4-digit segment may be an id
        ("https://ex.com/2024/05/", (date(2024, 5, 1), date(2024, 5, 31))),
        ("https://ex.com/?m=20240512", (date(2024, 5, 12), date(2024, 5, 12))),
        ("https://ex.com/2024/05/12/a-story-about-things/", None),  # an article
        ("https://ex.com/about/", None),
    ],
)
def test_archive_range(url, expected):
    assert archive_range(url) == expected


def test_a_huge_span_margin_follows_every_past_archive():
    guard = TrapGuard(today=TODAY, span_margin_days=10_000_000)
    guard.note_date(date(2025, 3, 10))
    assert guard.check("https://ex.com/calendar/1995-01/", 1, 0) is None
