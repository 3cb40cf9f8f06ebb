"""Tests for newscrawl.discovery.urlshape.url_kind."""

from __future__ import annotations

import pytest

from newscrawl.discovery.urlshape import url_kind

LISTINGS = [
    "https://sana.sy/en/",
    "https://sana.sy/en",
    "https://news.example.com/",
    "https://news.example.com/index.html",
    "https://sana.sy/en/politics/",
    "https://sana.sy/en/politics/page/3/",
    "https://news.example.com/page/2/",
    "https://news.example.com/category/world/",
    "https://news.example.com/category/world/middle-east/",
    "https://news.example.com/category/world/page/4/",
    "https://news.example.com/section/business/",
    "https://news.example.com/tag/syria/",
    "https://news.example.com/tag/a-very-long-tag-name-with-many-words/",
    "https://news.example.com/topics/climate-change/",
    "https://news.example.com/author/jane-doe/",
    "https://news.example.com/2024/",
    "https://news.example.com/2024/05/",
    "https://news.example.com/2024/05/06/",
    "https://news.example.com/2024/05/page/2/",
    "https://news.example.com/search?q=syria",
    "https://news.example.com/search/syria/",
    "https://news.example.com/?s=syria",
    "https://archive.sana.sy/en/?cat=3",
    "https://archive.sana.sy/en/?cat=3&paged=12",
    "https://news.example.com/?paged=2",
    "https://news.example.com/?tag=economy",
    "https://news.example.com/?m=202405",
    "https://news.example.com/?page_id=7",
    "https://news.example.com/about/",
    "https://news.example.com/about-us/",
    "https://news.example.com/contact/",
    "https://news.example.com/contact-us",
    "https://news.example.com/privacy-policy/",
    "https://news.example.com/terms-of-use/",
    "https://news.example.com/terms-and-conditions.html",
    "https://news.example.com/feed/",
    "https://news.example.com/world/",
    "https://news.example.com/news/world/",
    "https://news.example.com/world/middle-east/",
    "https://news.example.com/category/12345/",
    "https://news.example.com/author/12345/",
    "https://news.example.com/world/?page=3",
    "https://news.example.com/search?q=talks&page=2",
    "https://news.example.com/articles/",
    "https://news.example.com/articles/page/3/",
    "https://news.example.com/tag/covid19/",
]

ARTICLES = [
    "https://sana.sy/en/politics/2261001/",
    "https://sana.sy/en/presidency/2261001/amp/",
    "https://archive.sana.sy/en/?p=152345",
    "https://news.example.com/?p=123",
    "https://news.example.com/2024/05/06/talks-resume-in-geneva/",
    "https://news.example.com/2024/05/talks-resume-in-geneva/",
    "https://news.example.com/world/2024/may/06/talks-resume-in-geneva",
    "https://news.example.com/politics/2024-05-06/talks-resume",
    "https://news.example.com/world/talks-resume-in-geneva-after-long-pause/",
    "https://news.example.com/talks-resume-in-geneva-after-long-pause",
    "https://news.example.com/news/some-title-12345.html",
    "https://news.example.com/news/world-middle-east-68912345",
    "https://news.example.com/article/talks-resume-geneva",
    "https://news.example.com/12345-talks-resume",
    "https://news.example.com/story.php?story_id=9876",
    "https://news.example.com/category/world/talks-resume-in-geneva-123456.html",
    "https://news.example.com/index.php?option=com_content&view=article&id=123:talks&catid=8",
    "https://news.example.com/news.php?id=4521",
    "https://news.example.com/news/detail.aspx?NewsID=99812",
    "https://news.example.com/talks-resume-in-geneva-after-long-pause/?page=2",
    "https://news.example.com/politics/2261001/?paged=2",
    # shapes from the extraction dev set (real sites)
    "https://www.israel-nachrichten.org/archive/63076",
    "https://winfuture.de/news,142489.html",
    "https://www.tagesschau.de/inland/innenpolitik/ahrtal-flut-bilanz-100.html",
    "https://taz.de/Entwurf-des-Selbstbestimmungsgesetzes/!5928990/",
    "https://www.elmundo.es/deportes/formula-1/2024/12/02/674cdc8a21efa004028b45a8.html",
    "https://www.asahi.com/articles/AST1F4445T1FUTIL02SM.html",
    "https://mainichi.jp/articles/20250114/k00/00m/030/335000c",
    "https://www.nikkei.com/article/DGXZQOUB148MY0U5A110C2000000/",
    "https://www.bbc.com/news/articles/clymn8zyrp9o",
    "https://www.thenation.com/article/activism/teamsters-tdu-ups-iowa/",
    "https://www.derstandard.at/story/3000000218734/nach-kalifat-rufen?ref=rss",
]

UNKNOWN = [
    "https://news.example.com/a/b/c/",
    "https://news.example.com/live-blog-x/two/three/",
    "https://news.example.com/hello-world/",
    "https://news.example.com/?id=12",
]


@pytest.mark.parametrize("url", LISTINGS)
def test_listing_shapes(url):
    assert url_kind(url) == "listing"


@pytest.mark.parametrize("url", ARTICLES)
def test_article_shapes(url):
    assert url_kind(url) == "article"


@pytest.mark.parametrize("url", UNKNOWN)
def test_shapes_that_say_nothing_are_unknown(url):
    assert url_kind(url) == "unknown"


@pytest.mark.parametrize("url", ["", "not a url", "http://[::1", "https://", "////", "?"])
def test_odd_input_never_raises(url):
    assert url_kind(url) in ("article", "listing", "unknown")


def test_extraction_dev_set_urls_are_never_listings():
    """Every URL of the shared extraction dev set is an article page."""
    import json
    from pathlib import Path

    cases = Path(__file__).resolve().parents[2] / "shared/data/extraction-dev/cases.jsonl"
    assert cases.exists(), f"the shared extraction dev set is missing: {cases}"
    urls = [json.loads(line).get("url") for line in cases.read_text().splitlines() if line.strip()]
    kinds = [url_kind(url) for url in urls if url]
    assert len(kinds) > 200
    assert kinds.count("listing") == 0
    assert kinds.count("article") >= 0.97 * len(kinds)
