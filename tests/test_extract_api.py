"""The public extraction API: parse once, classify, extract every contract field."""

from __future__ import annotations

from newscrawl.extract import (
    Document,
    body_hash,
    classify_page,
    count_words,
    extract_article,
    normalize_text,
    parse_document,
)
from newscrawl.items import ARTICLE_FIELDS

PARAS = [
    "The council approved the new budget on Monday after a long debate about schools and roads.",
    "Members said the plan would raise spending on public transport by ten percent next year.",
    "Opposition members voted against it, saying the tax increases would hurt small businesses.",
    "The mayor is expected to sign the budget into law before the end of the month, aides said.",
]

ARTICLE_HTML = f"""<!DOCTYPE html><html lang="en"><head>
<title>Council approves budget - Daily Example</title>
<meta property="og:site_name" content="Daily Example">
<meta property="og:type" content="article">
<meta property="og:title" content="Council approves budget">
<link rel="canonical" href="/news/2024/05/03/council-approves-budget?utm_source=x">
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Council approves budget", "datePublished": "2024-05-03T10:15:00+02:00",
 "author": [{{"@type": "Person", "name": "Jane Roe"}},
            {{"@type": "Person", "name": "By John Doe"}}],
 "articleSection": "Politics", "keywords": "budget, council"}}</script>
</head><body><header><nav><a href="/">Home</a> <a href="/politics/">Politics</a></nav></header>
<article><h1>Council approves budget</h1>
{"".join(f"<p>{p}</p>" for p in PARAS)}
</article><footer><p>Copyright 2024 Daily Example. All rights reserved.</p></footer>
</body></html>"""


def test_extract_article_fills_contract_fields_from_jsonld_and_meta():
    item = extract_article(
        ARTICLE_HTML, "https://example.com/news/2024/05/03/council-approves-budget"
    )
    assert item.title == "Council approves budget"
    assert item.authors == ["Jane Roe", "John Doe"]
    assert item.published == "2024-05-03T10:15:00+02:00"
    assert item.section == "Politics"
    assert item.tags == ["budget", "council"]
    assert item.language == "en"
    assert item.canonical_url == "https://example.com/news/2024/05/03/council-approves-budget"
    assert item.site == "example.com"
    assert item.body.split("\n\n") == PARAS
    assert item.word_count == count_words(item.body)
    assert item.body_hash == body_hash(item.body)
    assert item.revision == 1
    assert item.sources["published"] == "jsonld"
    assert item.sources["authors"] == "jsonld"
    assert set(item.to_dict()) == set(ARTICLE_FIELDS)


def test_extract_article_accepts_a_parsed_document():
    url = "https://example.com/news/2024/05/03/council-approves-budget"
    doc = parse_document(ARTICLE_HTML.encode("utf-8"), url)
    assert isinstance(doc, Document)
    assert extract_article(doc, url).title == "Council approves budget"
    assert classify_page(doc) == "article"


def test_hints_fill_missing_date_and_name_their_origin():
    html = "<html><body><h1>Short note</h1><p>" + " ".join(PARAS) + "</p></body></html>"
    item = extract_article(
        html,
        "https://example.com/short-note",
        hints={"published": "2024-01-02T03:04:05Z", "origin": "feed"},
        fetched_at="2024-01-03T00:00:00+00:00",
    )
    assert item.published == "2024-01-02T03:04:05+00:00"
    assert item.sources["published"] == "feed"
    assert item.fetched_at == "2024-01-03T00:00:00+00:00"


def test_normalize_text_joins_paragraphs_with_blank_lines():
    raw = "  First&nbsp;line\u200b  here \n\n\n Second   para &amp; more \n"
    assert normalize_text(raw) == "First line here\n\nSecond para & more"


def test_body_hash_ignores_case_and_whitespace():
    assert body_hash("Hello  World\n\nAgain") == body_hash("hello world\n\n  again ")
    assert body_hash("Hello world") != body_hash("Hello there")
