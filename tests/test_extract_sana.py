# ruff: noqa: RUF001 -- typographic dashes, quotes and separators are what these patterns match
"""SANA: the seed article in the archive (Sahifa) layout, and the current layout.

The fixture ``tests/fixtures/extraction/sana/archive-seed-article.html`` is a hand-written
archive page holding the text of ``../shared/data/sana/seed-article.txt`` (title, five
paragraphs, then the "Check Also" box), in the markup SANA.md describes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newscrawl.extract import extract_article
from newscrawl.sites import load_profile, parse_profile

FIXTURES = Path(__file__).parent / "fixtures" / "extraction" / "sana"
SEED_HTML = (FIXTURES / "archive-seed-article.html").read_bytes()
SEED = json.loads((FIXTURES / "archive-seed-article.json").read_text(encoding="utf-8"))

INLINE_PROFILE = r"""
name: sana-inline
start_urls: [https://sana.sy/en/]
language: en
timezone: "+03:00"
dateline_pattern: >-
  ^(?P<place>[A-Z][\w'.\- ]{1,40}?),\s*(?:[A-Z][a-z]{2,4}\.?\s+\d{1,2},?\s*)?\(?SANA\)?\s*[-–—]?
layouts:
  - name: current
    url_patterns: ['sana\.sy/en/[a-z-]+/\d+']
    selectors: {title: h1.s-title, body: div.entry-content}
    remove: [div.efoot, div.inline-related]
    stop_patterns: ['^TAGGED:']
  - name: archive
    selectors:
      title: 'h1.name.post-title.entry-title span[itemprop=name]'
      body: div.entry
      published: 'meta[property="article:published_time"]::attr(content)'
    remove: ['div[id^=gallery-]', '#check-also-box', '.share-post']
    stop_patterns: ['^Check Also$']
"""


def _profiles():
    return [
        pytest.param(load_profile("sana"), id="bundled-profile"),
        pytest.param(parse_profile(INLINE_PROFILE, "<inline>"), id="inline-profile"),
        pytest.param(None, id="no-profile"),
    ]


@pytest.mark.parametrize("profile", _profiles())
def test_seed_article_gives_title_five_paragraphs_and_dateline(profile):
    item = extract_article(SEED_HTML, SEED["url"], profile)
    assert item.title == SEED["title"]
    assert item.body == SEED["body"]
    assert len(item.body.split("\n\n")) == 5
    assert item.body.startswith("Damascus, SANA-Syria affirmed")
    assert item.body.endswith("punish its perpetrators.")
    assert item.dateline == "Damascus"
    assert "Check Also" not in item.body
    assert SEED["check_also_title"] not in item.body
    assert "256 thousand" not in item.body
    assert item.published == SEED["published"]
    assert 260 <= item.word_count <= 270  # "martyred ," has a lone comma: not a word


def test_seed_article_with_profile_records_profile_sources():
    item = extract_article(SEED_HTML, SEED["url"], load_profile("sana"))
    assert item.sources["title"] == "profile"
    assert item.sources["body"] == "profile"
    assert item.site == "sana"
    assert item.language == "en"


def test_seed_article_without_profile_uses_generic_layers():
    item = extract_article(SEED_HTML, SEED["url"])
    assert item.sources["body"] == "generic"
    assert item.tags == ["Deir Ezzor", "Foreign Ministry", "US-led coalition"]  # a[rel=tag]
    assert item.site == "archive.sana.sy"
    assert item.canonical_url == "https://sana.sy/en/?p=154726"


def _hard_archive_page() -> bytes:
    """Return the seed page with Check Also, initials and a read-also line inside the body."""
    html = SEED_HTML.decode("utf-8")
    inside = (
        "<p>Read also: Syria calls on UN to stop coalition crimes</p>\n<p>H.Z</p>\n"
        '<div class="check-also"><h3>Check Also</h3><h2><a href="/en/?p=1">'
        f"{SEED['check_also_title']}</a></h2><p>Damascus, SANA- More than 256 thousand students "
        "started on Wednesday to take their secondary education …</p></div>\n"
    )
    return html.replace('<div id="gallery-1"', inside + '<div id="gallery-1"', 1).encode("utf-8")


@pytest.mark.parametrize("profile", _profiles())
def test_check_also_initials_and_read_also_inside_the_body_are_removed(profile):
    item = extract_article(_hard_archive_page(), SEED["url"], profile)
    assert item.body == SEED["body"]


CURRENT_PAGE = """<!DOCTYPE html><html lang="en-US"><head>
<title>Al-Shaibani meets UN envoy in Damascus - Syrian Arab News Agency</title>
<meta property="og:site_name" content="Syrian Arab News Agency">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
 {"@type":"NewsArticle","headline":"Al-Shaibani meets UN envoy in Damascus",
  "datePublished":"2025-10-02T11:20:00+03:00","author":{"@type":"Person","name":"Hala Zain"}}]}
</script></head><body>
<h1 class="s-title">Al-Shaibani meets UN envoy in Damascus</h1>
<div class="entry-content">
<p>Damascus, Oct. 2 (SANA) Foreign Minister Asaad al-Shaibani met on Thursday the UN envoy to
discuss the political process and the return of refugees.</p>
<div class="inline-related"><span>Related</span><a href="/en/politics/1/">Minister receives
delegation</a></div>
<p>The two sides discussed ways to support stability and reconstruction across the country, the
ministry said in a statement.</p>
<p>Kh.A / H.H</p>
<div class="efoot"><span>TAGGED:</span><a rel="tag" href="/en/tag/un/">UN</a></div>
</div></body></html>"""


@pytest.mark.parametrize("profile", _profiles())
def test_current_layout_dateline_initials_and_related_block(profile):
    url = "https://sana.sy/en/politics/2271234/"
    item = extract_article(CURRENT_PAGE, url, profile)
    paras = item.body.split("\n\n")
    assert item.title == "Al-Shaibani meets UN envoy in Damascus"
    assert len(paras) == 2
    assert paras[0].startswith("Damascus, Oct. 2 (SANA) Foreign Minister")
    assert paras[1].endswith("the ministry said in a statement.")
    assert item.dateline == "Damascus"
    assert "Kh.A" not in item.body
    assert "Minister receives" not in item.body
    assert item.published == "2025-10-02T11:20:00+03:00"
    assert item.authors == ["Hala Zain"]
