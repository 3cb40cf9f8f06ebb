"""``newscrawl extract`` says when a page is not an article: exit 1, one line, unless --force."""

from __future__ import annotations

import json

import pytest

from newscrawl.cli.extract import looks_like_html, main

STORY = "".join(
    f"<p>Paragraph {i} of the story, long enough to be read as the text of an article page, "
    "with a few more words to make the point clear to every reader.</p>"
    for i in range(5)
)
ARTICLE = (
    '<html><head><title>Council approves budget</title><meta property="og:type" '
    'content="article"></head><body><article><h1>Council approves budget</h1>'
    f"{STORY}</article></body></html>"
)
LISTING = (
    "<html><head><title>Politics</title></head><body><h1>Politics</h1>"
    + "".join(
        f'<article><h2><a href="/politics/story-{i}">Story number {i} of the day</a></h2>'
        f"<p>Teaser {i}.</p></article>"
        for i in range(30)
    )
    + "</body></html>"
)


def _run(tmp_path, capsys, content: bytes, *extra: str):
    page = tmp_path / "page.html"
    page.write_bytes(content)
    code = main([str(page), "--url", "https://news.example/politics/", *extra])
    out, err = capsys.readouterr()
    return code, out, err


def test_an_article_is_printed_as_json(tmp_path, capsys):
    code, out, err = _run(tmp_path, capsys, ARTICLE.encode())
    assert code == 0, err
    assert json.loads(out)["title"] == "Council approves budget"


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (LISTING.encode(), "listing"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "not HTML"),
        (b'{"title": "json, not a page"}', "not HTML"),
        (b"", "not HTML"),
        (b"<html><head></head><body></body></html>", "empty"),
    ],
)
def test_a_page_that_is_not_an_article_exits_1_with_one_line(tmp_path, capsys, content, why):
    code, out, err = _run(tmp_path, capsys, content)
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("newscrawl extract: ")
    assert "not an article" in err
    assert why in err


def test_force_extracts_a_listing_anyway(tmp_path, capsys):
    code, out, _ = _run(tmp_path, capsys, LISTING.encode(), "--force")
    assert code == 0
    assert json.loads(out)["title"] == "Politics"


def test_looks_like_html():
    assert looks_like_html(b"\xef\xbb\xbf<!DOCTYPE html><html>")
    assert looks_like_html(b"  <p>Hello</p>")
    assert not looks_like_html(b"\x89PNG\r\n\x1a\n")
    assert not looks_like_html(b"Just plain text, no markup at all.")
