"""Page classification: article, listing or other."""

from __future__ import annotations

import pytest

from newscrawl.extract import classify_page, parse_document
from newscrawl.sites import parse_profile

PARAS = "".join(
    f"<p>Paragraph {i} of the story tells what happened in the council on Monday, who voted for "
    "the budget and why the opposition says the new taxes will hurt small shops.</p>"
    for i in range(6)
)
ARTICLE = f"""<html><head><meta property="og:type" content="article">
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "Budget"}}</script>
</head><body><article><h1>Budget</h1>{PARAS}</article></body></html>"""

TEASERS = "".join(
    f'<article><h2><a href="/news/2024/05/0{i % 9 + 1}/story-number-{i}">Story number {i} has a '
    f"long enough headline to count</a></h2><p>Short teaser.</p></article>"
    for i in range(15)
)
LISTING = f"""<html><head><meta property="og:type" content="website">
<script type="application/ld+json">{{"@type": "CollectionPage"}}</script>
</head><body>{TEASERS}</body></html>"""
ABOUT = """<html><head><title>About us</title></head><body><h1>About us</h1>
<p>We are a small newsroom.</p><p>Write to us.</p></body></html>"""


def _classify(html, url, profile=None):
    return classify_page(parse_document(html, url), profile)


def test_article_page_is_an_article():
    assert (
        _classify(ARTICLE, "https://news.example/politics/council-approves-the-new-budget")
        == "article"
    )


def test_article_markup_wins_over_a_section_like_url():
    assert _classify(ARTICLE, "https://news.example/politics/") == "article"


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example/",
        "https://news.example/politics/",
        "https://news.example/tag/budget/",
        "https://news.example/author/jane-roe/",
        "https://news.example/2024/05/",
        "https://news.example/?s=budget",
        "https://news.example/page/2/",
    ],
)
def test_listing_pages_are_listings(url):
    assert _classify(LISTING, url) == "listing"


@pytest.mark.parametrize("url", ["https://news.example/about/", "https://news.example/contact/"])
def test_about_and_contact_pages_are_not_articles(url):
    assert _classify(ABOUT, url) != "article"


def test_article_text_without_metadata_is_recognised_by_density_and_url():
    html = f"<html><body><h1>Budget</h1>{PARAS}</body></html>"
    assert _classify(html, "https://news.example/2024/05/03/council-approves-budget") == "article"


PROFILE = parse_profile(
    """
name: demo
start_urls: [https://news.example/]
article_url_patterns: ['/\\d+/?$']
listing_url_patterns: ['/page/\\d+/?$']
"""
)


def test_profile_url_patterns_decide_without_looking_at_the_page():
    assert _classify(LISTING, "https://news.example/politics/12345/", PROFILE) == "article"
    assert _classify(ARTICLE, "https://news.example/page/2/", PROFILE) == "listing"
    assert _classify(ARTICLE, "https://news.example/about/", PROFILE) == "other"


SHORT_POST = """<html><head><title>Harbour rules &#8211; My blog</title></head><body>
<header><a href="/">My blog</a></header><main class="wp-block-group"><h1>Harbour rules</h1>
<div class="post-meta">Posted on <time datetime="2025-07-05T17:43:00+02:00">July 5</time></div>
<div class="entry-content wp-block-post-content"><p>The harbour office said on Friday that
boats longer than twelve metres must book a berth a day ahead from next month.</p></div>
</main><footer><p>Proudly powered by WordPress</p></footer></body></html>"""
"""A plain CMS theme's short post: no JSON-LD, no og: tags, one paragraph, a slug URL."""
PLAIN_PAGE = SHORT_POST.replace(
    '<div class="post-meta">Posted on <time datetime="2025-07-05T17:43:00+02:00">July 5</time>'
    "</div>",
    "",
)
"""The same theme's static page: no date of its own."""


def test_a_short_dated_post_in_a_main_content_container_is_an_article():
    assert _classify(SHORT_POST, "https://blog.example/harbour-rules/") == "article"
    assert _classify(PLAIN_PAGE, "https://blog.example/harbour-rules/") != "article"


def test_a_page_the_site_lists_as_a_post_is_an_article_unless_it_proves_otherwise():
    thin = SHORT_POST.replace("boats longer than twelve metres must", "boats must")
    thin = thin.replace("book a berth a day ahead from next month.", "book.")
    url = "https://blog.example/harbour-rules/"
    assert classify_page(parse_document(thin, url)) != "article"
    assert classify_page(parse_document(thin, url), listed=True) == "article"
    # undated, or a listing by its URL or its JSON-LD: listed or not, no article
    assert classify_page(parse_document(PLAIN_PAGE, url), listed=True) != "article"
    assert classify_page(parse_document(LISTING, "https://blog.example/x/"), listed=True) != (
        "article"
    )
    assert classify_page(parse_document(thin, "https://blog.example/tag/x/"), listed=True) != (
        "article"
    )
