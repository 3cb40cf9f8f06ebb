"""An article body split over repeated containers (ads between them) is joined back."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newscrawl.extract import extract_article, parse_document
from newscrawl.extract.containers import join_split_body
from newscrawl.extract.prune import attributed_elements

if TYPE_CHECKING:
    from lxml.html import HtmlElement

P = [
    f"Paragraph {n} of the story says something long enough to count as real prose in a news "
    f"article, with names, numbers such as {n * 17} and a full sentence that ends properly."
    for n in range(1, 7)
]


def _block(*paras: str, extra: str = "") -> str:
    inner = "".join(f"<p>{p}</p>" for p in paras)
    block = f'<div class="article-body">{inner}{extra}</div>'
    return f'<div class="row"><div class="col">{block}</div></div>'


AD = '<div class="row"><div class="ad-slot">Advertisement</div></div>'


def _page(body: str) -> tuple[HtmlElement, list[HtmlElement]]:
    tree = parse_document(f"<html><body><main>{body}</main></body></html>", "https://x.test/").tree
    return tree, attributed_elements(tree)


def test_missing_blocks_of_the_series_are_put_back_in_page_order():
    page = _page(_block(P[0], P[1]) + AD + _block(P[2], P[3]) + AD + _block(P[4], P[5]))
    assert join_split_body([P[0], P[1]], *page) == P
    # A block before the one extracted goes before it.
    assert join_split_body([P[2], P[3]], *page) == [P[0], P[1], P[2], P[3], P[4], P[5]]


def test_teaser_boxes_inside_a_block_and_blocks_elsewhere_are_left_out():
    teaser = (
        '<div class="box"><a href="/other">Another story entirely about something else</a>'
        "<p>Short teaser text.</p></div>"
    )
    card = '<aside><ul><li><div class="article-body"><p>{}</p></div></li></ul></aside>'.format(
        "A related story's excerpt, long enough to look like prose but in a list of cards "
        "that sits in another part of the page, far from the story's own blocks."
    )
    page = _page(_block(P[0], P[1]) + AD + _block(P[2], extra=teaser) + card)
    assert join_split_body([P[0], P[1]], *page) == [P[0], P[1], P[2]]


def test_nothing_changes_when_the_extraction_has_every_block_or_none():
    page = _page(_block(P[0]) + AD + _block(P[1]))
    assert join_split_body([P[0], P[1]], *page) == [P[0], P[1]]
    assert join_split_body(["Something else entirely."], *page) == ["Something else entirely."]


def test_extract_article_reads_a_split_body_whole():
    html = (
        "<html><head><title>Split story</title></head><body><main><h1>Split story</h1>"
        + _block(P[0], P[1], P[2])
        + AD
        + _block(P[3], P[4])
        + "</main></body></html>"
    )
    body = extract_article(html, "https://news.test/split").body
    assert body.split("\n\n") == P[:5]


def _text_blocks(paras: list[str], extra: str = "") -> str:
    blocks = "".join(f'<div class="sc-9cd lmzibM"><p>{p}</p></div>' for p in paras)
    return f"<article>{blocks}{extra}</article>"


def test_same_class_siblings_the_extraction_skipped_are_put_back():
    # trafilatura's precision mode drops a paragraph whose text is mostly a link; its
    # siblings of the same class are the story, so it is too.
    linked = P[2].replace("says something long enough", '<a href="/x">says something long</a>')
    page = _page(_text_blocks([P[0], P[1], linked, P[3], P[4]]))
    assert join_split_body([P[0], P[1], P[3], P[4]], *page) == [
        P[0],
        P[1],
        P[2].replace("long enough", "long"),
        P[3],
        P[4],
    ]


def test_sibling_blocks_with_media_or_too_little_coverage_are_not_added():
    caption = (
        '<div class="sc-9cd lmzibM"><figure><img src=a><figcaption>The harbour at dawn, '
        "seen from the old lighthouse (Photo: Jane Roe)</figcaption></figure>"
        "<p>The harbour at dawn, seen from the old lighthouse on the hill.</p></div>"
    )
    page = _page(_text_blocks(P[:3], extra=caption))
    assert join_split_body(P[:3], *page) == P[:3]
    # One block in four extracted is not enough to call a series of short blocks the story.
    short = [f"Item {n}: a sentence long enough to read as one, but no prose." for n in range(4)]
    page = _page(_text_blocks(short))
    assert join_split_body([short[0]], *page) == [short[0]]


def test_prose_siblings_come_back_however_few_were_extracted():
    # An interview cut into a dozen text modules, of which the extraction kept one: the
    # siblings holding prose (a long paragraph, few links) are the story.
    teaser = '<div class="sc-9cd lmzibM"><p><a href="/x">Read also: another story</a></p></div>'
    page = _page(_text_blocks(P[:5], extra=teaser))
    assert join_split_body([P[2]], *page) == P[:5]


def test_plain_paragraph_siblings_come_back_but_not_links_to_other_stories():
    linked = P[1].replace("says something long enough", '<a href="/x">says something long</a>')
    teaser = (
        '<p><strong><a href="/other">SECOND STORY ABOUT SOMETHING ELSE ENTIRELY</a></strong></p>'
    )
    body = f"<div><p>{P[0]}</p><p>{linked}</p>{teaser}<p>{P[2]}</p><p>{P[3]}</p></div>"
    assert join_split_body([P[0], P[2], P[3]], *_page(body)) == [
        P[0],
        P[1].replace("long enough", "long"),
        P[2],
        P[3],
    ]


def test_a_list_without_links_between_two_extracted_paragraphs_is_put_back():
    items = ["How ill does the disease make you?", "Who is most at risk?"]
    plain = "<ol>" + "".join(f"<li>{t}</li>" for t in items) + "</ol>"
    body = f"<div><p>{P[0]}</p>{plain}<p>{P[1]}</p><p>{P[2]}</p></div>"
    assert join_split_body(P[:3], *_page(body)) == [P[0], *(f"- {t}" for t in items), *P[1:3]]
    # A list of links (other stories) stays out, and so does a list at the end.
    links = "".join(f'<li><a href="/{n}">{t}</a></li>' for n, t in enumerate(items))
    body = f"<div><p>{P[0]}</p><ul>{links}</ul><p>{P[1]}</p><p>{P[2]}</p>{plain}</div>"
    assert join_split_body(P[:3], *_page(body)) == P[:3]
