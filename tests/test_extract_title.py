# ruff: noqa: RUF001 -- typographic dashes and quotes are what these tests feed in
"""Title rules on small synthetic pages: which candidate wins, and which parts are cut."""

from __future__ import annotations

import json

import pytest

from newscrawl.extract import extract_article
from newscrawl.extract.title import escaped_twin, strip_suffix


def _page(head: str, body: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}<p>{'Text. ' * 40}</p></body></html>"


def _ld(headline: str) -> str:
    data = json.dumps({"@type": "NewsArticle", "headline": headline})
    return f'<script type="application/ld+json">{data}</script>'


# ------------------------------------------------------------- author credits


def test_strip_suffix_removes_an_author_credit_part():
    assert strip_suffix("Storm closes the harbour | Coast News | by Jane Doe", ["Coast News"]) == (
        "Storm closes the harbour"
    )
    assert strip_suffix("Hafen wegen Sturm gesperrt - von Max Muster", (), loose=False) == (
        "Hafen wegen Sturm gesperrt"
    )


def test_strip_suffix_keeps_a_headline_that_only_starts_like_a_credit():
    # "by" inside a part, or a short title, is not a credit.
    assert strip_suffix("Stand by me | a song", (), loose=False) == "Stand by me | a song"
    assert strip_suffix("Rain | by Jo Li", (), loose=False) == "Rain | by Jo Li"


# ------------------------------------------------------- escaped JSON-LD twin


def test_escaped_twin_needs_entities_and_the_same_words():
    assert escaped_twin("unveils &#8216;family&#8217; plan", "unveils 'family' plan")
    assert not escaped_twin("unveils ‘family’ plan", "unveils 'family' plan")
    assert not escaped_twin("unveils &#8216;family&#8217; plan", "unveils a plan")


def test_title_takes_og_title_over_an_entity_escaped_headline_with_the_same_words():
    html = _page(
        _ld("Startup unveils &#8216;family&#8217; plan and more")
        + '<meta property="og:title" content="Startup unveils \'family\' plan and more | Tech">'
        '<meta property="og:site_name" content="Tech">',
        "<h1>Startup unveils ‘family’ plan and more</h1>",
    )
    assert extract_article(html, "https://tech.example/a").title == (
        "Startup unveils 'family' plan and more"
    )


def test_title_keeps_an_unescaped_headline_over_og_title_with_the_same_words():
    html = _page(
        _ld("Startup unveils ‘family’ plan and more")
        + '<meta property="og:title" content="Startup unveils \'family\' plan and more">'
    )
    assert extract_article(html, "https://tech.example/b").title == (
        "Startup unveils ‘family’ plan and more"
    )


def test_title_keeps_an_escaped_headline_when_og_title_says_something_else():
    html = _page(
        _ld("Council approves &quot;green&quot; budget")
        + '<meta property="og:title" content="What the new budget means for you">'
    )
    assert extract_article(html, "https://city.example/c").title == (
        'Council approves "green" budget'
    )


def test_title_strips_an_author_credit_from_og_title():
    html = _page(
        '<meta property="og:title" content="Roommate agrees to an interview with the'
        ' defence | Daily Example | by Jane Doe">'
        '<meta property="og:site_name" content="Daily Example">'
    )
    assert extract_article(html, "https://daily.example/d").title == (
        "Roommate agrees to an interview with the defence"
    )


def test_fold_remembers_short_strings_only():
    from newscrawl.extract import text

    text._fold_cached.cache_clear()
    long_text = "Ein sehr langer Absatz. " * 200
    assert text.fold(long_text) == "einsehrlangerabsatz" * 200
    assert text._fold_cached.cache_info().currsize == 0
    assert text.fold("Börsen-Zeitung, kurz") == "boersenzeitungkurz"
    assert text._fold_cached.cache_info().currsize == 1


# ------------------------------------------------------------------------------------------
# Reconciling <h1>, og:title, JSON-LD headline and <title> (issue 14): the visible headline
# wins when the metadata is missing or only names the site, if the <title> confirms it.

_STORY = "".join(
    f"<p>Paragraph {i} of the story, long enough to be read as the text of an article page, "
    "with a few more words to make the point clear.</p>"
    for i in range(4)
)


def _titled(head: str, h1: str) -> str:
    return f"<html><head>{head}</head><body><h1>{h1}</h1>{_STORY}</body></html>"


@pytest.mark.parametrize(
    ("head", "h1", "expected"),
    [
        # no metadata: the <title> holds the headline with an unusual site part
        ("<title>Council approves budget [Daily Gazette]</title>", "Council approves budget",
         "Council approves budget"),
        ("<title>Gazette_Politik_Council approves the new budget</title>",
         "Council approves the new budget", "Council approves the new budget"),
        # a <title> cut short
        ("<title>Council approves the new budget after a long deb...</title>",
         "Council approves the new budget after a long debate on schools",
         "Council approves the new budget after a long debate on schools"),
        # the <title> is only the site's name
        ('<meta property="og:site_name" content="Daily Gazette"><title>Daily Gazette</title>',
         "Council approves budget", "Council approves budget"),
        # og:title is only the site's name
        ('<meta property="og:site_name" content="Daily Gazette">'
         '<meta property="og:title" content="Daily Gazette">'
         "<title>Council approves budget | Daily Gazette</title>",
         "Council approves budget", "Council approves budget"),
        # an <h1> the <title> does not hold is a section name or a logo, not the headline
        ("<title>Budget vote delayed again</title>", "Local News", "Budget vote delayed again"),
        ("<title>Budget vote delayed again</title>", "Lorem", "Budget vote delayed again"),
    ],
)  # fmt: skip
def test_title_prefers_the_visible_headline_the_title_confirms(head, h1, expected):
    assert extract_article(_titled(head, h1), "https://news.example/a/b").title == expected


def test_metadata_title_still_wins_when_it_is_a_headline():
    head = (
        '<meta property="og:title" content="Council approves the 2025 budget">'
        "<title>Council approves budget [Daily Gazette]</title>"
    )
    html = _titled(head, "Council approves budget")
    assert extract_article(html, "https://news.example/a/b").title == (
        "Council approves the 2025 budget"
    )
