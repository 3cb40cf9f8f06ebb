"""Tests for newscrawl.discovery.links: links and pagination."""

from __future__ import annotations

import lxml.html
import pytest

from newscrawl.discovery.links import Link, extract_links, find_pagination, link_urls

LISTING_PAGE = """<!DOCTYPE html><html><head>
<title>Politics &#8211; SANA</title>
<link rel="next" href="https://sana.sy/en/politics/page/2/" />
<link rel="canonical" href="https://sana.sy/en/politics/" />
</head><body>
<nav class="main-menu"><a href="/en/">Home</a><a href="/en/politics/">Politics</a>
<a href="/en/world/page/2/">World, page 2</a></nav>
<article><h2><a href="/en/politics/2261001/">  President   receives
  credentials </a></h2><a href="/en/politics/2261001/#respond">Comments</a></article>
<article><h2><a href="https://sana.sy/en/politics/2261002/" rel="bookmark">Second</a></h2>
<a href="/en/politics/2261002/"><img src="/x.jpg" alt="Photo of the meeting"></a></article>
<a href="javascript:void(0)">share</a><a href="mailto:desk@sana.sy">mail</a>
<a href="tel:+963111">call</a><a href="#top">top</a><a href="">empty</a>
<a href="/wp-content/uploads/2025/10/report.PDF">report</a><a href="/img/photo.jpg?w=300">img</a>
<a href="https://twitter.com/share?u=x" rel="nofollow noopener" target="_blank">Tweet</a>
<a href="https://partner.example/" rel="sponsored">Ad</a>
<a href="ftp://files.sana.sy/x">ftp</a>
<div class="pagination"><span class="current">1</span>
<a class="page-numbers" href="/en/politics/page/2/">2</a>
<a class="page-numbers" href="/en/politics/page/3/">3</a>
<a class="next page-numbers" href="/en/politics/page/2/">Next &raquo;</a></div>
</body></html>"""


@pytest.fixture
def listing():
    return lxml.html.fromstring(LISTING_PAGE)


def test_extract_links_resolves_dedupes_and_skips_non_pages(listing):
    links = extract_links(listing, "https://sana.sy/en/politics/")
    urls = [link.url for link in links]
    assert urls == [
        "https://sana.sy/en/",
        "https://sana.sy/en/politics/",
        "https://sana.sy/en/world/page/2/",
        "https://sana.sy/en/politics/2261001/",
        "https://sana.sy/en/politics/2261002/",
        "https://twitter.com/share?u=x",
        "https://partner.example/",
        "https://sana.sy/en/politics/page/2/",
        "https://sana.sy/en/politics/page/3/",
    ]


def test_link_urls_are_those_of_extract_links(listing):
    base = "https://sana.sy/en/politics/"
    assert link_urls(listing, base) == [link.url for link in extract_links(listing, base)]


def test_find_pagination_reads_containers_up_to_six_levels_above_a_link():
    def nested(depth):
        inner = '<a href="/news/archive-2/">older</a>'
        for _ in range(depth - 1):
            inner = f"<span>{inner}</span>"
        return f'<div class="Pager">{inner}</div>'

    for depth, expected in ((6, ["https://ex.com/news/archive-2/"]), (7, [])):
        tree = lxml.html.fromstring(f"<html><body>{nested(depth)}{nested(depth)}</body></html>")
        assert find_pagination(tree, "https://ex.com/news/") == expected


def test_extract_links_keeps_text_and_rel(listing):
    links = {link.url: link for link in extract_links(listing, "https://sana.sy/en/politics/")}
    assert links["https://sana.sy/en/politics/2261001/"] == Link(
        url="https://sana.sy/en/politics/2261001/", text="President receives credentials", rel=""
    )
    assert links["https://sana.sy/en/politics/2261002/"].rel == "bookmark"
    assert not links["https://sana.sy/en/politics/2261002/"].nofollow
    assert links["https://twitter.com/share?u=x"].nofollow
    assert links["https://partner.example/"].nofollow


def test_extract_links_uses_image_alt_when_the_anchor_has_no_text():
    tree = lxml.html.fromstring('<div><a href="/a"><img src="/i.png" alt=" A  photo "></a></div>')
    assert extract_links(tree, "https://ex.com/") == [
        Link(url="https://ex.com/a", text="A photo", rel="")
    ]


def test_extract_links_honours_base_href():
    tree = lxml.html.fromstring(
        '<html><head><base href="https://ex.com/news/"></head>'
        '<body><a href="story-one">x</a></body></html>'
    )
    assert [link.url for link in extract_links(tree, "https://ex.com/other/page")] == [
        "https://ex.com/news/story-one"
    ]


def test_extract_links_truncates_huge_anchor_text():
    tree = lxml.html.fromstring(f'<div><a href="/a">{"word " * 1000}</a></div>')
    (link,) = extract_links(tree, "https://ex.com/")
    assert len(link.text) == 300


def test_find_pagination_prefers_rel_next_and_ignores_other_sections(listing):
    assert find_pagination(listing, "https://sana.sy/en/politics/") == [
        "https://sana.sy/en/politics/page/2/",
        "https://sana.sy/en/politics/page/3/",
    ]


def test_find_pagination_on_wordpress_nav_links():
    tree = lxml.html.fromstring(
        '<div><nav class="navigation pagination" aria-label="Posts"><div class="nav-links">'
        '<a class="prev page-numbers" href="https://ex.com/world/page/1/">Prev</a>'
        '<a class="page-numbers" href="https://ex.com/world/">1</a>'
        '<span aria-current="page" class="page-numbers current">2</span>'
        '<a class="page-numbers" href="https://ex.com/world/page/3/">3</a>'
        '<a class="next page-numbers" href="https://ex.com/world/page/3/">Next</a>'
        "</div></nav></div>"
    )
    assert find_pagination(tree, "https://ex.com/world/page/2/") == [
        "https://ex.com/world/page/1/",
        "https://ex.com/world/",
        "https://ex.com/world/page/3/",
    ]


def test_find_pagination_with_paged_query_of_the_same_listing_only():
    tree = lxml.html.fromstring(
        "<div>"
        '<a href="/en/?cat=3&amp;paged=2">2</a>'
        '<a href="/en/?cat=3&amp;paged=3">3</a>'
        '<a href="/en/?cat=7&amp;paged=2">other category</a>'
        '<a href="/en/?p=12345">an article</a>'
        "</div>"
    )
    assert find_pagination(tree, "https://archive.sana.sy/en/?cat=3") == [
        "https://archive.sana.sy/en/?cat=3&paged=2",
        "https://archive.sana.sy/en/?cat=3&paged=3",
    ]


def test_find_pagination_follows_an_older_posts_link():
    tree = lxml.html.fromstring(
        '<div><a href="/blog/?page=2">Older posts</a><a href="/about/">About</a></div>'
    )
    assert find_pagination(tree, "https://ex.com/blog/") == ["https://ex.com/blog/?page=2"]


def test_find_pagination_skips_offsite_links():
    tree = lxml.html.fromstring(
        '<html><head><link rel="next" href="http://169.254.169.254/latest/"></head><body>'
        '<div class="pager"><a href="https://evil.example/page/2/">2</a>'
        '<a href="https://www.ex.com/news/page/2/">2</a></div></body></html>'
    )
    assert find_pagination(tree, "https://ex.com/news/") == ["https://www.ex.com/news/page/2/"]


def test_find_pagination_on_page_without_pagination():
    tree = lxml.html.fromstring("<div><a href='/a-story-with-a-long-slug-here/'>x</a></div>")
    assert find_pagination(tree, "https://ex.com/") == []
