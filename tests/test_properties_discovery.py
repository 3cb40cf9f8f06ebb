"""Property tests: no discovery function raises or hangs on random or truncated input.

Documents come from four sources: random bytes, realistic documents cut at a random point,
realistic documents with random bytes spliced in, and generated XML built from the tags the
parsers look for (with ampersands, CDATA, entities and odd nesting). Each may be gzipped.
"""

from __future__ import annotations

import gzip
from datetime import date, timedelta

import lxml.etree
import lxml.html
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from newscrawl.discovery._common import escape_bare_ampersands, parse_datetime
from newscrawl.discovery.feeds import find_feed_links, looks_like_feed, parse_feed
from newscrawl.discovery.links import extract_links, find_pagination
from newscrawl.discovery.robots import parse_robots
from newscrawl.discovery.sitemaps import looks_like_sitemap, parse_sitemap
from newscrawl.discovery.traps import TRAP_REASONS, TrapGuard
from newscrawl.discovery.urls import canonicalize_url, host_of, is_same_site, url_fingerprint
from newscrawl.discovery.urlshape import url_kind

pytestmark = pytest.mark.timeout(120)

PROPERTY_SETTINGS = settings(
    max_examples=150,
    deadline=timedelta(seconds=2),
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

SAMPLE_DOCS = [
    b'<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/'
    b'sitemap/0.9"><sitemap><loc>https://ex.com/post-sitemap.xml</loc><lastmod>2025-10-02T09:14:'
    b"31+00:00</lastmod></sitemap></sitemapindex>",
    b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news='
    b'"http://www.google.com/schemas/sitemap-news/0.9"><url><loc>https://ex.com/a?x=1&y=2</loc>'
    b"<news:news><news:publication><news:name>Ex</news:name></news:publication>"
    b"<news:publication_date>2025-10-02</news:publication_date>"
    b"<news:title><![CDATA[A & B]]></news:title></news:news>"
    b"</url><url><loc>/relative</loc></url></urlset>",
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>A &amp; B'
    b"</title><link>https://ex.com/a</link><pubDate>Thu, 02 Oct 2025 08:51:46 +0000</pubDate>"
    b'<guid isPermaLink="false">x</guid></item></channel></rss>',
    b'<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://ex.com/"><entry>'
    b'<title type="html">&lt;b&gt;x</title><link href="a"/>'
    b"<updated>2024-05-06T10:00:00Z</updated></entry></feed>",
    b'<!DOCTYPE x [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    b"<urlset><url><loc>https://ex.com/&b;</loc></url></urlset>",
    b"https://ex.com/one\nhttps://ex.com/two\r\nnot-a-url\n",
    b"User-agent: *\nCrawl-delay: 5\nSitemap: https://ex.com/sitemap.xml\nDisallow: /wp-admin/\n",
    b'<html><head><base href="/x/"><link rel="alternate" type="application/rss+xml" href="/feed/">'
    b'<link rel="next" href="?paged=2"></head><body><div class="pagination"><a href="/page/2/">2'
    b'</a></div><a href="/a-long-article-slug-here/">A</a><a href="javascript:x">j</a>'
    b"</body></html>",
]

TAGS = [
    "urlset", "url", "loc", "lastmod", "sitemapindex", "sitemap", "news:news",
    "news:publication_date", "news:title", "rss", "channel", "item", "link", "guid", "title",
    "pubDate", "feed", "entry", "updated", "published", "rdf:RDF", "x",
]  # fmt: skip
TEXT_BITS = [
    "https://ex.com/a", "/rel", "&", "&amp;", "&lt;", "&#38;", "&#xZZ;", "&nbsp;", "]]>",
    "<![CDATA[", "2024-05-06T10:00:00+02:00", "Mon, 06 May 2024 10:00:00 GMT", "\u0633\u0627",
    " ", "\n", "<", ">", '"', "javascript:x", "9999-99-99",
]  # fmt: skip


@st.composite
def xml_element(draw: st.DrawFn, depth: int = 0) -> str:
    tag = draw(st.sampled_from(TAGS))
    attrs = ""
    if draw(st.booleans()):
        name = draw(st.sampled_from(["href", "rel", "type", "isPermaLink", "xmlns", "xml:base"]))
        attrs = f' {name}="{draw(st.sampled_from(TEXT_BITS))}"'
    children: list[str] = []
    for _ in range(draw(st.integers(0, 3 if depth < 4 else 0))):
        if draw(st.booleans()):
            children.append(draw(xml_element(depth + 1)))
        else:
            children.append(draw(st.sampled_from(TEXT_BITS)))
    closing = "" if draw(st.integers(0, 9)) == 0 else f"</{tag}>"  # sometimes unclosed
    return f"<{tag}{attrs}>{''.join(children)}{closing}"


@st.composite
def documents(draw: st.DrawFn) -> bytes:
    source = draw(st.integers(0, 3))
    if source == 0:
        body = draw(st.binary(max_size=2048))
    elif source == 1:
        doc = draw(st.sampled_from(SAMPLE_DOCS))
        body = doc[: draw(st.integers(0, len(doc)))]
    elif source == 2:
        doc = draw(st.sampled_from(SAMPLE_DOCS))
        at = draw(st.integers(0, len(doc)))
        body = doc[:at] + draw(st.binary(max_size=64)) + doc[at:]
    else:
        prolog = draw(st.sampled_from(["", '<?xml version="1.0"?>', "\ufeff", "<!-- c -->"]))
        body = (prolog + draw(xml_element())).encode("utf-8")
    if draw(st.integers(0, 4)) == 0:
        body = gzip.compress(body)
        if draw(st.booleans()):
            body = body[: draw(st.integers(0, len(body)))]
    return body


def html_tree(body: bytes) -> lxml.html.HtmlElement:
    parser = lxml.html.HTMLParser(recover=True, no_network=True)
    try:
        tree = lxml.html.document_fromstring(body, parser=parser)
    except (lxml.etree.ParserError, ValueError):
        tree = None
    assume(tree is not None)
    return tree


@PROPERTY_SETTINGS
@given(body=documents(), max_urls=st.integers(0, 5))
def test_parse_sitemap_never_raises(body, max_urls):
    doc = parse_sitemap(body, "https://ex.com/sitemap.xml", max_urls)
    assert doc.kind in ("index", "urlset", "unknown")
    assert len(doc.entries) <= max_urls
    assert doc.dropped >= 0
    for entry in doc.entries:
        assert entry.loc.startswith(("http://", "https://", "HTTP", "Http"))
        for when in (entry.lastmod, entry.news_published):
            assert when is None or when.tzinfo is not None
    assert isinstance(looks_like_sitemap(body), bool)


@PROPERTY_SETTINGS
@given(body=documents())
def test_gzip_does_not_change_what_a_sitemap_gives(body):
    assume(body[:2] != b"\x1f\x8b")
    plain = parse_sitemap(body, "https://ex.com/s.xml", 100)
    zipped = parse_sitemap(gzip.compress(body), "https://ex.com/s.xml", 100)
    assert zipped.entries == plain.entries
    assert zipped.kind == plain.kind


@PROPERTY_SETTINGS
@given(body=documents(), max_entries=st.integers(1, 5))
def test_parse_feed_never_raises(body, max_entries):
    entries = parse_feed(body, "https://ex.com/feed/", max_entries=max_entries)
    assert len(entries) <= max_entries
    for entry in entries:
        assert entry.link.lower().startswith(("http://", "https://"))
        assert entry.published is None or entry.published.tzinfo is not None
    assert isinstance(looks_like_feed(body), bool)


@PROPERTY_SETTINGS
@given(text=st.one_of(st.text(max_size=2000), documents().map(lambda b: b.decode("latin-1"))))
def test_parse_robots_never_raises(text):
    info = parse_robots(text, "newscrawl/0.1", robots_url="https://ex.com/robots.txt")
    assert info.crawl_delay is None or 0 <= info.crawl_delay <= 120
    assert all(url.startswith(("http://", "https://")) for url in info.sitemaps)


@PROPERTY_SETTINGS
@given(body=documents())
def test_html_link_functions_never_raise(body):
    tree = html_tree(body)
    links = extract_links(tree, "https://ex.com/section/")
    assert len({link.url for link in links}) == len(links)
    for link in links:
        assert link.url.lower().startswith(("http://", "https://"))
        assert "#" not in link.url
        assert len(link.text) <= 300
    for url in find_pagination(tree, "https://ex.com/section/"):
        assert url.lower().startswith(("http://", "https://"))
    for url in find_feed_links(tree, "https://ex.com/section/"):
        assert url.lower().startswith(("http://", "https://"))


URL_PIECES = st.sampled_from(
    ["https://", "http://", "ex.com", "/", "?", "&", "=", "#", ";jsessionid=", "page", "2031",
     "05", "calendar", "p", "..", "%", "%zz", "[", "]", ":", "@", "\u0633", " ", "a-b-c-d-e"]
)  # fmt: skip
URLS = st.one_of(st.text(max_size=300), st.lists(URL_PIECES, max_size=30).map("".join))


@PROPERTY_SETTINGS
@given(url=URLS, depth=st.integers(-1, 10), pages=st.integers(-1, 100))
def test_url_functions_never_raise(url, depth, pages):
    assert url_kind(url) in ("article", "listing", "unknown")
    guard = TrapGuard(max_pagination=5, max_query_variants=2, max_depth=3, today=date(2026, 1, 1))
    assert guard.check(url, depth, pages) in (None, *TRAP_REASONS)
    assert isinstance(canonicalize_url(url), str)
    assert len(url_fingerprint(url)) == 40
    assert isinstance(host_of(url), str)
    assert isinstance(is_same_site(url, ("ex.com",)), bool)


@PROPERTY_SETTINGS
@given(text=st.text(max_size=80))
def test_parse_datetime_never_raises(text):
    value = parse_datetime(text)
    assert value is None or value.tzinfo is not None


@PROPERTY_SETTINGS
@given(body=documents(), sizes=st.lists(st.integers(1, 50), min_size=1, max_size=20))
def test_ampersand_repair_does_not_depend_on_chunking(body, sizes):
    chunks: list[bytes] = []
    pos = 0
    for size in sizes * (len(body) // max(1, sum(sizes)) + 1):
        if pos >= len(body):
            break
        chunks.append(body[pos : pos + size])
        pos += size
    if pos < len(body):
        chunks.append(body[pos:])
    whole = b"".join(escape_bare_ampersands(iter([body])))
    assert b"".join(escape_bare_ampersands(iter(chunks))) == whole


@PROPERTY_SETTINGS
@given(
    paths=st.lists(
        st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_.~&=?", min_size=1, max_size=30),
        min_size=1,
        max_size=30,
    )
)
def test_sitemap_round_trip(paths):
    urls = [f"https://ex.com/{path}" for path in paths]
    body = "".join(f"<url><loc>{u.replace('&', '&amp;')}</loc></url>" for u in urls)
    doc = parse_sitemap(f"<urlset>{body}</urlset>".encode(), "https://ex.com/s.xml", 1000)
    assert [entry.loc for entry in doc.entries] == urls
    assert doc.error is None


@PROPERTY_SETTINGS
@given(urls=st.lists(URLS, max_size=40), depth=st.integers(0, 5))
def test_trap_guard_verdicts_are_stable(urls, depth):
    guard = TrapGuard(max_pagination=5, max_query_variants=3, max_depth=4, today=date(2026, 1, 1))
    first = [guard.check(url, depth, 0) for url in urls]
    # Checking again (duplicate links are common) never turns an allowed URL into a trap.
    again = [guard.check(url, depth, 0) for url in urls]
    assert [a for a, f in zip(again, first, strict=True) if f is None] == [
        None for f in first if f is None
    ]


CANONICAL_PIECES = st.sampled_from(
    ["/", "?", "&", "=", "#", ";jsessionid=1", "amp", "print", "utm_source=x", "p=1", "%20",
     "%2F", "%zz", "%", " ", "\u00e9", "a", "b", "/amp/", "..", ".", "+", "~", "@", "q=a+b",
     "x=%26", "fbclid=1", "page", "2"]
)  # fmt: skip


@PROPERTY_SETTINGS
@given(
    url=st.tuples(
        st.sampled_from(["https://ex.com", "http://EX.com:80", "https://www.ex.com:8443"]),
        st.lists(CANONICAL_PIECES, max_size=20).map("".join),
    ).map("".join)
)
def test_canonical_urls_are_a_fixed_point(url):
    once = canonicalize_url(url)
    assert canonicalize_url(once) == once
    assert url_fingerprint(once) == url_fingerprint(url)
