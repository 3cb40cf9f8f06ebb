"""The cheap path: a complete JSON-LD ``articleBody`` that the page's container agrees with."""

from __future__ import annotations

import json

import pytest

import newscrawl.extract.assembly as assembly
from newscrawl.extract import extract_article, parse_document
from newscrawl.extract.ldbody import complete_ld_body, looks_complete

URL = "https://news.example/2024/05/03/budget"
LONG = [
    f"Paragraph {i}: the council debated the budget for many hours on Monday, and members of "
    "every party spoke about schools, roads, public transport and the new taxes on shops."
    for i in range(6)
]
RELATED = '<p>Read also: <a href="/2024/05/02/schools">Schools get new money</a></p>'


def _page(paras, ld_body, before="", inside="", cls="entry-content"):
    ld = json.dumps({"@type": "NewsArticle", "headline": "Budget", "articleBody": ld_body})
    return (
        f'<html><head><script type="application/ld+json">{ld}</script></head><body>'
        f"<nav><a href='/'>Home</a></nav><article><h1>Budget</h1>{before}"
        f'<div class="{cls}">'
        + "".join(f"<p>{p}</p>" for p in paras)
        + f"{inside}</div></article><footer>Contact us</footer></body></html>"
    )


def _slow(monkeypatch, html):
    """Return the article as the generic path extracts it (the cheap path switched off)."""
    with monkeypatch.context() as m:
        m.setattr(assembly, "complete_ld_body", lambda *a: None)
        return extract_article(html, URL)


def _fast_only(monkeypatch, html):
    """Return the article, failing if the generic body passes run."""

    def forbidden(*args, **kwargs):
        raise AssertionError("generic body extraction ran")

    with monkeypatch.context() as m:
        m.setattr(assembly, "generic_body", forbidden)
        m.setattr(assembly, "join_split_body", forbidden)
        return extract_article(html, URL)


def test_a_complete_articlebody_skips_the_generic_passes_and_gives_the_same_body(monkeypatch):
    html = _page(LONG, "\n\n".join(LONG))
    fast = _fast_only(monkeypatch, html)
    assert fast.sources["body"] == "jsonld"
    assert fast.body.split("\n\n") == LONG
    slow = _slow(monkeypatch, html)
    assert slow.sources["body"] == "generic"
    assert fast.body == slow.body
    assert fast.body_hash == slow.body_hash


def test_an_articlebody_without_paragraph_breaks_still_takes_the_page_paragraphs(monkeypatch):
    html = _page(LONG, " ".join(LONG))
    assert _fast_only(monkeypatch, html).body.split("\n\n") == LONG


@pytest.mark.parametrize(
    "ld_body",
    [
        LONG[0],  # too short: a summary
        " ".join(LONG[:4])[:-1] + "…",
        " ".join(LONG[:4]) + " [...]",
        " ".join(LONG[:4]) + " Read more",
        " ".join(LONG[:4])[:-30],  # cut in the middle of a sentence
    ],
)
def test_a_teaser_articlebody_does_not_take_the_cheap_path(monkeypatch, ld_body):
    # The page shows what the teaser has: only the truncation marks tell.
    item = extract_article(_page(LONG[:4], ld_body), URL)
    assert item.sources["body"] == "generic"
    assert item.body.split("\n\n") == LONG[:4]


def test_an_articlebody_of_another_text_does_not_take_the_cheap_path():
    other = [p.replace("council", "committee").replace("budget", "harbour") for p in LONG]
    item = extract_article(_page(LONG, "\n\n".join(other)), URL)
    assert item.sources["body"] == "generic"


def test_a_page_showing_more_text_than_the_articlebody_does_not_take_the_cheap_path():
    extra = (
        "Paragraph 7: a late amendment on parking fees was added after midnight, and the "
        "vote on it was postponed to the next session of the council in June."
    )
    item = extract_article(_page([*LONG[:3], extra, *LONG[3:]], "\n\n".join(LONG)), URL)
    assert item.sources["body"] == "generic"


STANDFIRST = (
    "The town's spending plan for next year passed after a long night of debate, with "
    "schools and roads the winners and shop owners facing higher taxes."
)


def test_a_standfirst_in_the_article_wrapper_goes_first_as_on_the_generic_path(monkeypatch):
    # trafilatura reads the whole <article> (no entry-content container to prefer)
    html = _page(LONG, "\n\n".join(LONG), before=f"<p>{STANDFIRST}</p>", cls="story")
    fast = _fast_only(monkeypatch, html)
    assert fast.sources["body"] == "jsonld"
    assert fast.body.split("\n\n") == [STANDFIRST, *LONG]
    assert fast.body == _slow(monkeypatch, html).body


def test_more_text_between_headline_and_container_sends_the_page_to_the_generic_path():
    other = STANDFIRST.replace("spending plan", "parking plan").replace("long", "short")
    html = _page(LONG, "\n\n".join(LONG), before=f"<p>{STANDFIRST}</p><div>{other}</div>")
    assert extract_article(html, URL).sources["body"] == "generic"


def test_a_long_text_outside_the_article_wrapper_sends_the_page_to_the_generic_path():
    html = _page(LONG, "\n\n".join(LONG)).replace(
        "<article><h1>Budget</h1>",
        f"<h1>Budget</h1><div class='slogan'>{STANDFIRST}</div><article>",
    )
    assert extract_article(html, URL).sources["body"] == "generic"


def test_subheadings_the_articlebody_leaves_out_stay_and_teaser_titles_go(monkeypatch):
    inside = (
        f"<h2>Schools and roads</h2><p>{LONG[3]}</p><p>{LONG[4]}</p>"
        '<div class="teaser"><h3>Podcast: the mayor on taxes</h3><p>Listen now</p></div>'
        f"<p>{LONG[5]}</p>"
    )
    html = _page(LONG[:3], "\n\n".join(LONG), inside=inside)
    fast = _fast_only(monkeypatch, html)
    assert fast.body.split("\n\n") == [*LONG[:3], "Schools and roads", *LONG[3:]]


def test_a_standfirst_the_lead_finder_recognises_is_put_in_front(monkeypatch):
    html = _page(LONG, "\n\n".join(LONG), before=f'<p class="standfirst">{STANDFIRST}</p>')
    fast = _fast_only(monkeypatch, html)
    assert fast.sources["body"] == "jsonld"
    assert fast.body.split("\n\n") == [STANDFIRST, *LONG]
    assert fast.body == _slow(monkeypatch, html).body


def test_link_lines_and_lists_in_the_container_are_read_as_the_generic_path_reads_them(
    monkeypatch,
):
    items = ["Schools get two new teachers each.", "Roads are repaired before the winter."]
    ld_body = "\n\n".join([*LONG[:3], "Read also: Schools get new money", *items, *LONG[3:]])
    html = _page(
        LONG[:3],
        ld_body,
        inside=RELATED
        + "<ul>"
        + "".join(f"<li>{i}</li>" for i in items)
        + "</ul>"
        + "".join(f"<p>{p}</p>" for p in LONG[3:]),
    )
    fast = _fast_only(monkeypatch, html)
    assert fast.body.split("\n\n") == [*LONG[:3], *(f"- {i}" for i in items), *LONG[3:]]
    assert fast.body == _slow(monkeypatch, html).body


def test_complete_ld_body_finds_the_container_and_what_lies_before_it():
    doc = parse_document(_page(LONG, "\n\n".join(LONG)), URL)
    found = complete_ld_body(doc.tree, "\n\n".join(LONG))
    assert found is not None
    assert found.paragraphs == LONG
    assert found.before == []
    assert complete_ld_body(doc.tree, "\n\n".join(LONG[:2])) is None  # too much page text


@pytest.mark.parametrize(
    ("text", "complete"),
    [
        (" ".join(LONG), True),
        (" ".join(LONG) + " (dpa)", True),
        (" ".join(LONG) + " Continue reading", False),
        (" ".join(LONG) + " Weiterlesen …", False),
        (" ".join(LONG)[:-1] + "...", False),
        (LONG[0], False),
    ],
)
def test_looks_complete(text, complete):
    assert looks_complete(text) is complete
