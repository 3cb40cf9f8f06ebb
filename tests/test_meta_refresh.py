"""The meta-refresh middleware decides as Scrapy's does, without decoding pages that cannot
hold a refresh."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.http import HtmlResponse, TextResponse
from scrapy.utils.test import get_crawler

from newscrawl.middlewares.meta_refresh import QuickMetaRefreshMiddleware, may_hold_meta_refresh

URL = "https://news.example/a/"
REFRESH = '<meta http-equiv="refresh" content="0; url=/b/">'
FILLER = "<p>" + "Texte éditorial, pas de redirection. " * 40 + "</p>"


def _page(head: str, body: str = FILLER, encoding: str = "utf-8", bom: bytes = b"") -> bytes:
    return bom + f"<html><head>{head}</head><body>{body}</body></html>".encode(encoding)


CASES = [
    ("none", _page("<title>A</title>"), "utf-8"),
    ("refresh", _page(REFRESH), "utf-8"),
    ("upper case", _page(REFRESH.upper().replace("URL=/B/", "url=/b/")), "utf-8"),
    ("in a script", _page(f"<script>var s = '{REFRESH}';</script>"), "utf-8"),
    ("after 4096 characters", _page("", FILLER * 3 + REFRESH), "utf-8"),
    ("word only", _page("<title>Refresh your browser</title>"), "utf-8"),
    ("cp1252", _page(REFRESH, encoding="cp1252"), "cp1252"),
    ("latin-1 none", _page("<title>Café</title>", encoding="latin-1"), "iso-8859-1"),
    ("shift_jis", _page(REFRESH, "<p>日本の記事</p>", encoding="shift_jis"), "shift_jis"),
    ("utf-16 with BOM", _page(REFRESH, encoding="utf-16-le", bom=b"\xff\xfe"), "utf-8"),
    ("utf-8 BOM", _page(REFRESH, bom=b"\xef\xbb\xbf"), "utf-8"),
]


def _middlewares():
    crawler = get_crawler()
    return (
        MetaRefreshMiddleware.from_crawler(crawler),
        QuickMetaRefreshMiddleware.from_crawler(crawler),
    )


def _outcome(result, response):
    if result is response:
        return "response"
    assert isinstance(result, Request)
    return result.url


@pytest.mark.parametrize(("name", "body", "encoding"), CASES, ids=[c[0] for c in CASES])
def test_same_decision_as_scrapys_middleware(name, body, encoding):
    scrapys, ours = _middlewares()
    outcomes = []
    for middleware in (scrapys, ours):
        request = Request(URL)
        response = HtmlResponse(URL, body=body, encoding=encoding, request=request)
        outcomes.append(_outcome(middleware.process_response(request, response), response))
    assert outcomes[0] == outcomes[1]
    if name in ("refresh", "upper case", "cp1252", "shift_jis", "utf-16 with BOM", "utf-8 BOM"):
        assert outcomes[1] == "https://news.example/b/"


def test_a_page_without_refresh_is_not_decoded():
    _, ours = _middlewares()
    request = Request(URL)
    response = HtmlResponse(URL, body=_page("<title>A</title>"), encoding="utf-8")
    assert not may_hold_meta_refresh(response)
    assert ours.process_response(request, response) is response
    assert response._cached_ubody is None  # Scrapy's would have decoded the whole body
    # a page that may hold one, or in an encoding not known to keep ASCII bytes, is checked
    assert may_hold_meta_refresh(HtmlResponse(URL, body=_page(REFRESH), encoding="utf-8"))
    gbk = HtmlResponse(URL, body=_page("<title>A</title>", encoding="gbk"), encoding="gbk")
    assert may_hold_meta_refresh(gbk)


def test_other_responses_are_left_to_scrapys_checks():
    _, ours = _middlewares()
    request = Request(URL)
    response = TextResponse(URL, body=_page(REFRESH), encoding="utf-8")
    assert ours.process_response(request, response) is response
