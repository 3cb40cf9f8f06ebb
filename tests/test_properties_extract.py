"""Property tests: random, malformed and truncated pages never make extraction raise or hang.

Every extraction entry point (`decode_html`, `parse_document`, `classify_page`,
`extract_article`, `analyze_page`) gets random bytes, random text, HTML built from a small
grammar of hostile markup (broken JSON-LD, absurd dates, deep nesting, odd encodings), and
real article pages cut at random points. Each call must return a value of the right type
within `CALL_TIMEOUT_S` seconds (a SIGALRM watchdog: robust to a loaded machine, unlike a
Hypothesis deadline).
"""

from __future__ import annotations

import contextlib
import json
import signal
from functools import lru_cache

import pytest
from faultserver import FaultSite
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newscrawl.extract import classify_page, decode_html, extract_article, parse_document
from newscrawl.extract.embedded import embedded_articles
from newscrawl.items import ArticleItem
from newscrawl.runtime.analysis import PageAnalysis, analyze_page
from newscrawl.sites import load_profile

CALL_TIMEOUT_S = 30
URL = "https://news.example.com/2026/03/01/some-story/"
PROPERTY_SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,
    database=None,
)
ENCODINGS = [None, "utf-8", "windows-1256", "iso-8859-1", "utf-16", "shift_jis", "bogus-label", ""]


@contextlib.contextmanager
def watchdog(seconds: int = CALL_TIMEOUT_S):
    """Fail (raise TimeoutError) when the block runs longer than `seconds`."""

    def expire(signum, frame):
        raise TimeoutError(f"extraction took longer than {seconds}s (hang)")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@lru_cache(maxsize=1)
def _profiles():
    return (None, load_profile("sana"))


@lru_cache(maxsize=1)
def _real_pages() -> tuple[bytes, ...]:
    site = FaultSite()
    english, _ = site.article("plain-article", 1)
    arabic, _ = site.article("arabic-story", 2, language="ar")
    return (english.encode("utf-8"), arabic.encode("cp1256"), arabic.encode("utf-8"))


# ---------------------------------------------------------------------- strategies

_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200)
_words = st.sampled_from(
    ["Damascus, SANA-", "By Staff | 5 min ago", "Check Also", "Read more", "2026-03-01",
     "\u0627\u0644\u062d\u0643\u0648\u0645\u0629", "&amp;", "&#0;", "&#x110000;", "&bogus;",
     "\u200b", "\ufeff", "\x00", "<", ">", "]]>", "<!--", "-->", "2026-13-45T99:99:99+99:99",
     "1e309", "NaN", "9999999999999999999", "Thu, 31 Feb 2026 25:61:00 GMT"]
)  # fmt: skip
_snippet = st.one_of(_text, _words)
_tag = st.sampled_from(
    ["p", "div", "article", "main", "h1", "h2", "span", "a", "time", "table", "td", "li",
     "script", "style", "noscript", "iframe", "svg", "math", "template", "title", "meta",
     "header", "footer", "nav", "aside", "figure", "figcaption", "blockquote", "br", "img"]
)  # fmt: skip
_attr = st.sampled_from(
    ['class="entry-content"', 'class="post"', 'itemprop="articleBody"', 'datetime="{v}"',
     'property="og:type" content="{v}"', 'property="article:published_time" content="{v}"',
     'name="author" content="{v}"', 'lang="{v}"', 'href="{v}"', 'src="{v}"', 'rel="canonical"',
     'charset="{v}"', 'http-equiv="Content-Type" content="text/html; charset={v}"', 'dir="rtl"']
)  # fmt: skip
_jsonish = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), _snippet),
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.sampled_from(
                [
                    "@type",
                    "@graph",
                    "headline",
                    "datePublished",
                    "author",
                    "articleBody",
                    "name",
                    "inLanguage",
                    "image",
                    "keywords",
                    "dateModified",
                    "url",
                ]
            ),
            children,
            max_size=5,
        ),
    ),
    max_leaves=12,
)


@st.composite
def _attrs(draw) -> str:
    chosen = draw(st.lists(_attr, max_size=3))
    return " ".join(a.replace("{v}", draw(_snippet).replace('"', "'")) for a in chosen)


@st.composite
def _element(draw, depth: int = 0) -> str:
    tag = draw(_tag)
    if depth > 3 or draw(st.integers(0, 3)) == 0:
        inner = draw(_snippet)
    else:
        inner = "".join(draw(st.lists(_element(depth + 1), max_size=4)))
    close = draw(st.sampled_from([f"</{tag}>", f"</{tag}>", "", "</div>", "</p"]))
    return f"<{tag} {draw(_attrs())}>{inner}{close}"


@st.composite
def html_pages(draw) -> str:
    """Return an HTML page built from hostile markup."""
    head = []
    if draw(st.booleans()):
        data = json.dumps(draw(_jsonish), ensure_ascii=False)
        cut = draw(st.integers(0, len(data)))
        head.append(f'<script type="application/ld+json">{data[: cut or None]}</script>')
    head.extend(draw(st.lists(_element(2), max_size=3)))
    body = draw(st.lists(_element(), max_size=8))
    nesting = draw(st.integers(0, 300))
    prolog = draw(st.sampled_from(["", "<!DOCTYPE html>", '<?xml version="1.0"?>', "\ufeff"]))
    return (
        f"{prolog}<html><head>{''.join(head)}</head><body>"
        + "<div>" * nesting
        + "".join(body)
        + draw(st.sampled_from(["</body></html>", "", "</html"]))
    )


@st.composite
def truncated_real_pages(draw) -> bytes:
    """Return a real article page (English, Arabic cp1256 or UTF-8) cut at a random byte."""
    page = draw(st.sampled_from(_real_pages()))
    return page[: draw(st.integers(0, len(page)))]


documents = st.one_of(
    st.binary(max_size=2000),
    _text.map(lambda s: s.encode("utf-8")),
    html_pages().map(lambda s: s.encode("utf-8")),
    html_pages().map(lambda s: s.encode("utf-16")),
    truncated_real_pages(),
)
"""Page bodies, as the downloader hands them over (bytes)."""

urls = st.one_of(
    st.just(URL),
    st.sampled_from(
        [
            "http://127.0.0.1:8080/",
            "https://news.example.com/2026/13/45/x/?utm_source=a#f",
            "https://xn--mgbh0fb.example/\u0627\u0644\u062e\u0628\u0631/",
            "http://[::1]/a",
            "https://news.example.com/" + "a/" * 500,
        ]
    ),
)


# ---------------------------------------------------------------------- properties


@PROPERTY_SETTINGS
@given(body=documents, encoding=st.sampled_from(ENCODINGS))
def test_decode_html_never_raises(body, encoding):
    with watchdog():
        text, codec = decode_html(body, encoding)
    assert isinstance(text, str)
    assert isinstance(codec, str)


@PROPERTY_SETTINGS
@given(body=documents, url=urls, encoding=st.sampled_from(ENCODINGS), which=st.integers(0, 1))
def test_parse_classify_and_extract_never_raise(body, url, encoding, which):
    profile = _profiles()[which]
    with watchdog():
        doc = parse_document(body, url, encoding)
        kind = classify_page(doc, profile)
        article = extract_article(doc, url, profile)
    assert kind in ("article", "listing", "other")
    assert isinstance(article, ArticleItem)
    assert isinstance(article.body or "", str)


@PROPERTY_SETTINGS
@given(html=st.one_of(html_pages(), _text), url=urls, which=st.integers(0, 1))
def test_extract_article_from_text_never_raises(html, url, which):
    with watchdog():
        article = extract_article(html, url, _profiles()[which])
    assert isinstance(article, ArticleItem)


@PROPERTY_SETTINGS
@given(body=documents, url=urls, encoding=st.sampled_from(ENCODINGS), which=st.integers(0, 1))
def test_analyze_page_never_raises(body, url, encoding, which):
    hints = {"origin": "sitemap", "published": "not a date", "title": "\x00"}
    with watchdog():
        page = analyze_page(body, url, encoding, _profiles()[which], hints, "2026-03-01T00:00:00")
    assert isinstance(page, PageAnalysis)
    assert page.kind in ("article", "listing", "other")
    assert all(isinstance(link, str) for link in page.links)


_script_tokens = st.sampled_from(
    ['"', "'", "\\", '\\"', "\\'", "\\u003cp\\u003e", "\\x3cp ", "\\u003c/p\\u003e", "text ",
     "1c:T1f,", "1c:Tffffffff,", "\\n", "{", "}", "[", "]", ":", ",", "JSON.parse(", "\\uZZ",
     "\\x"]
)  # fmt: skip
"""Pieces of script code around escaped article HTML: quotes of both kinds, stray escapes,
React Server Components chunk headers."""


@PROPERTY_SETTINGS
@given(code=st.lists(_script_tokens, max_size=400).map("".join))
def test_article_html_in_scripts_never_raises(code):
    with watchdog():
        found = embedded_articles(f"<html><body><script>{code}</script></body></html>")
    assert all(isinstance(para, str) for paras in found for para in paras)


@pytest.mark.parametrize("cut", [0, 1, 100, 1000, 5000, -200, -1])
def test_truncated_real_article_still_extracts(cut):
    page = _real_pages()[0]
    with watchdog():
        article = extract_article(page[:cut] if cut else b"", URL)
    assert isinstance(article, ArticleItem)


def test_deeply_nested_and_huge_pages_finish():
    deep = "<div>" * 100_000 + "<p>text</p>" + "</div>" * 100_000
    wide = "<p>" + "word " * 200_000 + "</p>"
    many = "<ul>" + "".join(f"<li><a href='/x/{i}/'>x</a></li>" for i in range(20_000)) + "</ul>"
    for html in (deep, wide, many):
        with watchdog():
            page = analyze_page(html.encode(), URL, "utf-8", None, None, None)
        assert page.kind in ("article", "listing", "other")
