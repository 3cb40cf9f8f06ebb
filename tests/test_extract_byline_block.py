"""The byline block's XPath runs only when the source can hold two author attributes."""

from __future__ import annotations

import json

import pytest

import newscrawl.extract.bylines as bylines
from newscrawl.extract import extract_article
from newscrawl.extract.bylines import _attribute_values


def _page(body: str) -> str:
    data = json.dumps({"@type": "NewsArticle", "author": {"@type": "Person", "name": "Bo Chen"}})
    prose = "<p>" + "Text of the article. " * 20 + "</p>"
    return (
        f'<html><head><script type="application/ld+json">{data}</script></head>'
        f"<body><article>{body}{prose * 3}</article></body></html>"
    )


def _block(ann: str, bo: str) -> str:
    return (
        f'<section class="meta"><div class="people"><address>{ann}</address>'
        f"<address>{bo}</address></div></section>"
    )


def test_attribute_values_counts_each_value_after_an_equals_sign():
    source = '<a rel = \n "author">x</a><b itemprop=author>y</b> "author": the author'
    assert _attribute_values(source, "author") == 2
    assert _attribute_values('<a REL=\x00"author">', "author") == 1
    assert _attribute_values('{"author": "x"}', "author") == 0


@pytest.mark.parametrize(
    ("ann", "bo"),
    [
        ('<a rel="author" href="/ann">Ann Lee</a>', '<a rel="author" href="/bo">Bo Chen</a>'),
        ("<a rel=author href=/ann>Ann Lee</a>", "<span itemprop='author'>Bo Chen</span>"),
        ('<a rel="&#97;uthor">Ann Lee</a>', '<a rel="au&#x74;hor">Bo Chen</a>'),
    ],
)
def test_the_co_author_is_found_however_the_attributes_are_written(ann, bo):
    html = _page(_block(ann, bo))
    assert extract_article(html, "https://n.example/f").authors == ["Bo Chen", "Ann Lee"]


def test_a_page_without_two_author_attributes_skips_the_walk(monkeypatch):
    calls: list[str] = []
    real = bylines._attribute_values

    def spy(source: str, value: str) -> int:
        calls.append(value)
        return real(source, value)

    monkeypatch.setattr(bylines, "_attribute_values", spy)
    html = _page(_block('<a href="/ann">Ann Lee</a>', '<a rel="author" href="/bo">Bo Chen</a>'))
    assert extract_article(html, "https://n.example/g").authors == ["Bo Chen"]
    assert calls == ["author"]
