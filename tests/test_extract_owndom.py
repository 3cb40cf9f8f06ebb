"""The decisive own-DOM path: one container clearly holding the prose skips the generic passes."""

from __future__ import annotations

import pytest

import newscrawl.extract.assembly as assembly
from newscrawl.extract import extract_article, parse_document
from newscrawl.extract.owndom import decisive_paragraphs

URL = "https://news.example/2024/05/03/budget"
LONG = [
    f"Paragraph {i}: the council debated the budget for many hours on Monday, and members of "
    "every party spoke about schools, roads, public transport and the new taxes on shops."
    for i in range(5)
]
SHARE = (
    '<div class="share-bar"><a href="https://facebook.com/share">Facebook</a>'
    '<a href="https://x.com/intent">X</a></div>'
)
COMMENTS = (
    '<div id="comments"><ol class="comment-list"><li class="comment"><p>A reader wrote a long '
    "comment here about the budget debate and the taxes, far longer than a label would be.</p>"
    "</li></ol></div>"
)


def _page(inside: str, *, after: str = "", cls: str = "entry-content") -> str:
    return (
        "<html><head><title>Budget</title></head><body>"
        "<header><a href='/'>News</a></header>"
        "<nav><ul><li><a href='/a'>Politics</a></li><li><a href='/b'>Sport</a></li></ul></nav>"
        f'<article><h1>Budget</h1><div class="{cls}">{inside}</div>{after}</article>'
        "<footer><p>Contact us at the newsroom, every day of the week.</p></footer>"
        "</body></html>"
    )


def _plain(paras: list[str]) -> str:
    return "".join(f"<p>{p}</p>" for p in paras)


def _decisive(html: str) -> list[str] | None:
    return decisive_paragraphs(parse_document(html, URL).tree)


def _generic(monkeypatch: pytest.MonkeyPatch, html: str) -> str:
    """Return the body as the generic passes extract it (the decisive path switched off)."""
    with monkeypatch.context() as m:
        m.setattr(assembly, "decisive_paragraphs", lambda tree: None)
        return extract_article(html, URL).body


def _decisive_only(monkeypatch: pytest.MonkeyPatch, html: str) -> str:
    """Return the body, failing if the generic passes run."""

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("generic body extraction ran")

    with monkeypatch.context() as m:
        m.setattr(assembly, "generic_body", forbidden)
        m.setattr(assembly, "join_split_body", forbidden)
        return extract_article(html, URL).body


def test_one_plain_container_of_prose_is_the_body_without_the_generic_passes(monkeypatch):
    html = _page(_plain(LONG) + SHARE, after=COMMENTS)
    assert _decisive(html) == LONG
    body = _decisive_only(monkeypatch, html)
    assert body.split("\n\n") == LONG
    assert body == _generic(monkeypatch, html)


def test_lists_and_subheadings_read_as_the_generic_path_reads_them(monkeypatch):
    items = ["Schools get two new teachers each.", "Roads are repaired before the winter."]
    inside = (
        _plain(LONG[:3])
        + "<h2>Schools and roads</h2>"
        + "<ul>"
        + "".join(f"<li>{i}</li>" for i in items)
        + "</ul>"
        + _plain(LONG[3:])
    )
    html = _page(inside)
    body = _decisive_only(monkeypatch, html)
    assert body.split("\n\n") == [
        *LONG[:3],
        "Schools and roads",
        *(f"- {i}" for i in items),
        *LONG[3:],
    ]
    assert body == _generic(monkeypatch, html)


def test_a_short_label_in_the_container_is_left_out():
    html = _page('<div class="reading-time">3 min read</div>' + _plain(LONG))
    assert _decisive(html) == LONG


def test_prose_outside_the_container_sends_the_page_to_the_generic_passes():
    teasers = '<div class="more">' + _plain(p.replace("council", "club") for p in LONG[:2])
    assert _decisive(_page(_plain(LONG), after=teasers + "</div>")) is None


def test_a_container_wrapping_other_blocks_sends_the_page_to_the_generic_passes():
    widget = (
        '<div class="box"><span>Our newsletter brings the news of the town every morning, '
        "with the weather and the events of the day, to your inbox.</span></div>"
    )
    assert _decisive(_page(_plain(LONG[:3]) + widget + _plain(LONG[3:]))) is None


def test_a_body_split_over_two_named_blocks_sends_the_page_to_the_generic_passes():
    html = _page(_plain(LONG[:3])).replace(
        "</article>", f'<div class="ad">Ad</div><div class="entry-content">{_plain(LONG[3:])}'
        "</div></article>",
    )  # fmt: skip
    assert _decisive(html) is None


@pytest.mark.parametrize(
    "inside",
    [
        _plain(LONG[:1]),  # too short
        _plain(LONG) + "<table><tr><td>Schools</td><td>4.2m</td></tr></table>",
        "".join(f'<p>{p[:60]} <a href="/x">{p[60:]}</a></p>' for p in LONG),  # mostly links
        "".join(f"<p>{p[:40]}</p>" for p in LONG * 3),  # no prose paragraphs
    ],
)
def test_pages_the_checks_refuse(inside):
    assert _decisive(_page(inside)) is None


def test_a_container_inside_comment_markup_is_never_decisive():
    html = _page("<p>x</p>").replace(
        "</article>", f'</article><div id="comments"><div class="c">{_plain(LONG)}</div></div>'
    )
    assert _decisive(html) is None


def test_loose_text_of_any_element_is_prose_but_link_text_is_not():
    note = LONG[0].replace("council", "club")
    assert _decisive(_page(_plain(LONG), after=f'<div class="note">{note}</div>')) is None
    assert _decisive(_page(_plain(LONG), after=f'<a href="/more">{note}</a>')) == LONG
