"""Subheadings put back between extracted paragraphs, and headings that head nothing dropped."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newscrawl.extract import parse_document
from newscrawl.extract.headings import drop_empty_headings, page_headings, restore_headings

if TYPE_CHECKING:
    from lxml.html import HtmlElement

ONE = "The council approved the new budget on Monday after a long debate about the schools."
TWO = "Members said the plan would raise spending on public transport by ten percent a year."
THREE = "Opposition members voted against it, saying the tax increases would hurt small shops."


def _headings(body: str) -> dict[str, HtmlElement]:
    return page_headings(
        parse_document(f"<html><body>{body}</body></html>", "https://x.test/a").tree
    )


def test_a_heading_between_two_extracted_paragraphs_is_put_back():
    heads = _headings(
        f"<div><p>{ONE}</p><h3>What happens next</h3><figure><img src=a></figure>"
        f"<p>{TWO}</p></div>"
    )
    assert restore_headings([ONE, TWO], heads) == [ONE, "What happens next", TWO]


def test_a_heading_is_not_put_back_when_other_text_stands_between():
    # The heading of a related-links box between two paragraphs of the story.
    heads = _headings(
        f"<div><p>{ONE}</p><h3>More on this</h3><ul><li>Link one</li><li>Link two</li></ul>"
        f"<p>{TWO}</p></div>"
    )
    assert restore_headings([ONE, TWO], heads) == [ONE, TWO]
    # Nor when its neighbours are not consecutive paragraphs of the extraction.
    heads = _headings(f"<div><p>{ONE}</p><h3>Aside</h3><p>{THREE}</p></div>")
    assert restore_headings([ONE, TWO, THREE], heads) == [ONE, TWO, THREE]


def test_teaser_headings_that_head_nothing_are_dropped():
    heads = _headings(
        f"<div><p>{ONE}</p></div><div class=teaser><h3>Fire in the harbour</h3><img src=b></div>"
        f"<div><h3>Budget in detail</h3><p>{TWO}</p></div>"
        "<aside><h3>Follow us on WhatsApp</h3></aside>"
    )
    paras = [ONE, "Fire in the harbour", "Budget in detail", TWO, "Follow us on WhatsApp"]
    assert drop_empty_headings(paras, heads) == [ONE, "Budget in detail", TWO]


def test_section_headings_in_the_story_container_and_listicles_are_kept():
    # A section whose content was a chart, in the same container as the text around it.
    heads = _headings(
        f"<div><p>{ONE}</p><h2>Speed</h2><div class=chart></div><h2>Vote</h2><p>{TWO}</p></div>"
    )
    assert drop_empty_headings([ONE, "Speed", "Vote", TWO], heads) == [ONE, "Speed", "Vote", TWO]
    # Numbered items of a listicle, each in its own card: a run longer than two stays.
    items = [f"{n}. Item number {n}" for n in range(1, 5)]
    cards = "".join(f"<div class=card><h3>{i}</h3><img src=c></div>" for i in items)
    heads = _headings(f"<div><p>{ONE}</p></div>{cards}<div><p>{TWO}</p></div>")
    assert drop_empty_headings([ONE, *items, TWO], heads) == [ONE, *items, TWO]
