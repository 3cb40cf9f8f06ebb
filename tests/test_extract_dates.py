"""Dates: machine-readable values beat visible text, no date from a time alone or the future.

Synthetic pages for the general failure classes of issue 14; the site's zone (an offset or an
IANA name) applies only to values without an offset.
"""

from __future__ import annotations

import dataclasses

import pytest

from newscrawl.extract import extract_article, parse_document
from newscrawl.extract.datelabel import labelled_date
from newscrawl.extract.dates import parse_human, parse_offset
from newscrawl.sites import parse_profile

PROSE = "".join(
    f"<p>Paragraph {i} of the story, long enough to be read as the text of an article page, "
    "with a few more words to make the point clear to every extractor.</p>"
    for i in range(5)
)
FETCHED = "2026-12-01T08:00:00+00:00"


def _page(head: str = "", before_body: str = "") -> str:
    return (
        f"<html><head><title>A story</title>{head}</head><body><article><h1>A story</h1>"
        f"{before_body}{PROSE}</article></body></html>"
    )


def _published(html: str, url: str = "https://news.example/story", profile=None) -> str | None:
    return extract_article(html, url, profile, fetched_at=FETCHED).published


def test_microdata_title_attribute_beats_a_visible_time_only_text():
    html = _page(
        before_body='<p class="meta">Posted <abbr itemprop="datePublished" '
        'title="2011-03-30T21:05:00-07:00">9:05 PM</abbr></p>'
    )
    assert _published(html) == "2011-03-30T21:05:00-07:00"


def test_hatom_published_title_is_a_machine_readable_date():
    html = _page(
        before_body='<abbr class="published" title="2011-03-30T21:05:00-07:00">Wed</abbr>'
    )
    assert _published(html) == "2011-03-30T21:05:00-07:00"


@pytest.mark.parametrize(
    "visible",
    [
        "Updated 9:05 PM",
        "<time>14:30</time>",
        '<span itemprop="datePublished">9:05 PM</span>',
        "<strong>Published:</strong> 9:05 PM",
        "<strong>Published:</strong> 3 hours ago",
    ],
)
def test_a_time_without_a_date_never_becomes_today(visible):
    assert _published(_page(before_body=f"<div>{visible}</div>")) is None


@pytest.mark.parametrize("text", ["9:05 PM", "21:05", "3 hours ago", "vor 3 Stunden", "March 30"])
def test_parse_human_needs_day_month_and_year(text):
    assert parse_human(text) is None


def test_a_date_after_the_fetch_time_is_refused():
    future = '<meta property="article:published_time" content="2031-01-01T10:00:00+00:00">'
    assert _published(_page(future)) is None


def test_a_future_date_gives_way_to_the_next_source():
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle",'
        ' "datePublished": "2030-05-05T10:00:00Z"}</script>'
        '<meta property="article:published_time" content="2020-01-01T10:00:00+00:00">'
    )
    assert _published(_page(head)) == "2020-01-01T10:00:00+00:00"


def test_a_date_only_value_of_the_fetch_day_is_kept():
    head = '<meta property="article:published_time" content="2026-12-01">'
    assert _published(_page(head)).startswith("2026-12-01")


PROFILE = """
name: zoned
start_urls: [https://news.example/]
timezone: "+03:00"
"""


def _zoned(zone: str):
    return dataclasses.replace(parse_profile(PROFILE, "<zoned>"), timezone=zone)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2018-12-17T14:05:00", "2018-12-17T14:05:00+02:00"),  # winter time before 2022
        ("2018-07-17T14:05:00", "2018-07-17T14:05:00+03:00"),  # summer time
        ("2025-10-02T11:20:00", "2025-10-02T11:20:00+03:00"),  # +03:00 all year since 2022
        ("2018-12-17T14:05:00+05:00", "2018-12-17T14:05:00+05:00"),  # an offset is kept
        ("2018-12-17T14:05:00Z", "2018-12-17T14:05:00+00:00"),
    ],
)
def test_the_site_zone_applies_only_to_values_without_an_offset(value, expected):
    head = f'<meta property="article:published_time" content="{value}">'
    assert _published(_page(head), profile=_zoned("Asia/Damascus")) == expected


def test_zone_names_and_offsets_are_both_understood():
    assert parse_offset("+03:00").utcoffset(None).total_seconds() == 3 * 3600
    assert parse_offset("Asia/Damascus") is not None
    assert parse_offset("Mars/Olympus") is None
    assert parse_offset("EST5EDT-ish") is None


def test_a_utc_value_is_shown_in_the_offset_of_the_pages_other_dates():
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle",'
        ' "datePublished": "2021-11-04T23:00:00Z",'
        ' "dateModified": "2021-11-05T09:00:00+01:00"}</script>'
    )
    assert _published(_page(head)) == "2021-11-05T00:00:00+01:00"


def test_a_utc_value_alone_stays_utc():
    head = '<meta property="article:published_time" content="2021-11-04T23:00:00Z">'
    assert _published(_page(head)) == "2021-11-04T23:00:00+00:00"


def test_a_utc_value_takes_the_offset_of_the_same_instant_elsewhere_in_the_page():
    # analytics data printing the same minute in the site's zone
    html = _page(
        '<meta property="article:published_time" content="2023-11-09T03:28:35+00:00">'
        '<script>var page = {"date": "2023-11-08T22:28:35-05:00"};</script>'
    )
    assert _published(html) == "2023-11-08T22:28:35-05:00"


def test_a_utc_value_takes_the_day_of_the_visible_local_date_and_time():
    html = _page(
        '<script type="application/ld+json">{"@type": "NewsArticle",'
        ' "datePublished": "2019-10-18T22:04:00Z"}</script>',
        '<p class="date">19.10.2019 00:04 Uhr</p>',
    )
    assert _published(html) == "2019-10-19T00:04:00+02:00"


def test_a_utc_value_printed_in_utc_stays_utc():
    html = _page(
        '<meta property="article:published_time" content="2019-10-18T22:04:00Z">',
        '<p class="date">18.10.2019 22:04</p>',
    )
    assert _published(html) == "2019-10-18T22:04:00+00:00"


def test_a_dotted_numeric_date_is_day_first():
    parsed = parse_human("06.10.2023")
    assert parsed is not None
    assert (parsed.value.month, parsed.value.day) == (10, 6)


@pytest.mark.parametrize(
    "wrapper",
    [
        '<aside class="sidebar">{}</aside>',
        '<ul class="related-posts"><li>{}</li></ul>',
        "<ul><li>{}</li><li><time datetime='2009-05-01'>1 May 2009</time></li></ul>",
        '<div id="comments"><div class="comment">{}</div></div>',
    ],
)
def test_a_time_in_a_sidebar_list_or_comment_is_not_the_pages_date(wrapper):
    other = "<time datetime='2009-04-11T18:06:36'>11 April 2009</time>"
    html = (
        "<html><head><title>A story</title></head><body><article><h1>A story</h1>"
        f"<p class='meta'><time datetime='2019-10-22T10:00:00+02:00'>22.10.2019</time></p>"
        f"{PROSE}</article>{wrapper.format(other)}</body></html>"
    )
    # the sidebar comes first in the document
    html = html.replace("<body><article>", f"<body>{wrapper.format(other)}<article>", 1)
    assert _published(html) == "2019-10-22T10:00:00+02:00"


def test_a_utc_value_near_midnight_takes_the_day_printed_under_the_headline():
    html = (
        "<html><head><title>A story</title>"
        '<meta property="article:published_time" content="2023-11-01T23:01:00Z"></head>'
        "<body><header>Sunday, 5 November 2023</header><article><h1>A story</h1>"
        f"<p class='date'>02 Novembre 2023</p>{PROSE}</article></body></html>"
    )
    assert _published(html) == "2023-11-02T00:01:00+01:00"


def test_todays_date_in_the_site_header_does_not_move_a_utc_value():
    html = (
        "<html><head><title>A story</title>"
        '<meta property="article:published_time" content="2023-11-02T15:27:17Z"></head>'
        "<body><header>Friday, November 3, 2023</header><article><h1>A story</h1>"
        f"{PROSE}</article></body></html>"
    )
    assert _published(html) == "2023-11-02T15:27:17+00:00"


def test_a_webpage_node_gives_the_date_when_no_article_node_does():
    ld = (
        '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": ['
        '{"@type": "WebSite", "@id": "https://news.example/#website", "name": "News"},'
        '{"@type": "WebPage", "name": "About us", "datePublished": "2018-06-07T10:13:17+00:00",'
        '"dateModified": "2019-12-01T19:06:47+00:00"}]}</script>'
    )
    assert _published(_page(head=ld)) == "2018-06-07T10:13:17+00:00"


def test_the_day_printed_under_the_headline_decides_between_disagreeing_sources():
    ld = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "A story",'
        '"datePublished": "2022-01-04T07:29:00+00:00"}</script>'
        '<meta property="article:published_time" content="2022-01-06T08:29:34+00:00">'
    )
    html = _page(head=ld, before_body="<div class='info'>06.01.2022</div>")
    assert _published(html) == "2022-01-06T08:29:34+00:00"
    # without a printed day (or one matching neither) the first source stays
    assert _published(_page(head=ld)) == "2022-01-04T07:29:00+00:00"
    html = _page(head=ld, before_body="<div class='info'>09.01.2022</div>")
    assert _published(html) == "2022-01-04T07:29:00+00:00"


def test_a_print_editions_day_without_a_time_does_not_overrule_a_timestamp():
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "A story",'
        '"datePublished": "2026-05-17T19:30:02+02:00"}</script>'
        '<meta name="date" content="2026-05-18">'
    )
    html = _page(head=head, before_body="<div class='Date'>18.05.2026</div>")
    assert _published(html) == "2026-05-17T19:30:02+02:00"


@pytest.mark.parametrize(
    "printed",
    [
        "<p>Erstellt am: 01.11.2023</p>",
        "<div class='meta'><span>Datum:</span> <span>01.11.2023</span></div>",
        "<p class='info'>Veröffentlicht am Mittwoch, 1. November 2023</p>",
        "<p>Published on November 1, 2023</p>",
    ],
)
def test_a_date_after_a_printed_label_is_read_when_the_markup_has_none(printed):
    html = _page(before_body=printed)
    assert _published(html, url="https://news.example/story")[:10] == "2023-11-01"


def test_a_labelled_date_in_the_footer_or_a_menu_is_not_the_pages():
    for block in ("<footer><p>Datum: 01.11.2023</p></footer>", "<nav>Datum: 01.11.2023</nav>"):
        doc = parse_document(_page().replace("</body>", f"{block}</body>"), "https://a.example/")
        assert labelled_date(doc.tree) is None


def test_the_date_printed_under_the_headline_comes_before_a_guess():
    html = (
        "<html><head><title>A story</title></head><body><article><h1>A story</h1>"
        "<p class='byline'>Von Anna Beispiel 4. 2. 2022</p>"
        f"{PROSE}<p>Next event on 7. 5. 2022 in the town hall.</p></article></body></html>"
    )
    assert _published(html, url="https://news.example/story")[:10] == "2022-02-04"


def test_a_date_far_below_the_headline_is_not_read_as_the_articles():
    from newscrawl.extract.published import _printed_date

    html = _page().replace("</article>", "<p>Comment of 07.05.2022</p></article>")
    tree = parse_document(html, "https://news.example/story").tree
    assert _printed_date(tree, near=300) is None
    assert _printed_date(tree).value.date().isoformat() == "2022-05-07"


def test_the_articles_own_footer_holds_its_date():
    html = (
        "<html><head><title>A story</title></head><body><article><h1>A story</h1>"
        "<footer class='post-info'><abbr class='published' title='2025-10-20T09:45:00+00:00'>"
        f"Published: Mon 20 October 2025</abbr></footer>{PROSE}</article>"
        "<footer>Site footer, updated 2025-11-02T10:00:00+00:00</footer></body></html>"
    )
    assert _published(html, url="https://news.example/story") == "2025-10-20T09:45:00+00:00"


FUTURE_HEAD = (
    '<script type="application/ld+json">{"@type": "NewsArticle",'
    ' "datePublished": "2031-06-01T10:00:00Z"}</script>'
    '<meta property="article:published_time" content="2031-06-01T10:00:00+00:00">'
)
FUTURE_BYLINE = (
    '<p class="byline">By A. Writer, <time datetime="2031-06-01T10:00:00Z">1 June 2031</time></p>'
)
PAST_FOOTER = "<footer><p>Archive: 12 March 2019</p><p>© 2019</p></footer>"


def _with_footer(head: str, before_body: str) -> str:
    return _page(head, before_body).replace("</body>", PAST_FOOTER + "</body>")


def test_a_page_dated_only_after_the_fetch_time_gets_no_guessed_date():
    # Every date the page states (JSON-LD, meta, <time>, printed) is refused: the search
    # through the rest of the page could only find another day (the footer's), a wrong one.
    assert _published(_with_footer(FUTURE_HEAD, FUTURE_BYLINE)) is None
    # the footer's date is what that search finds on a page that states no date at all
    assert _published(_with_footer("", "")) == "2019-03-12T00:00:00+00:00"


def test_a_refused_date_beside_an_accepted_modified_date_still_searches():
    # A page with one date before the fetch time is not dated only in the future: htmldate's
    # search still runs (and takes the modified day here).
    head = FUTURE_HEAD + '<meta property="article:modified_time" content="2019-03-20T08:00:00Z">'
    assert _published(_with_footer(head, "")) == "2019-03-20T08:00:00+00:00"
