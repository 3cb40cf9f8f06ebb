"""Body assembly: the standfirst put back in front never brings boilerplate blocks with it."""

from __future__ import annotations

import pytest

from newscrawl.extract import extract_article, parse_document
from newscrawl.extract.prune import PRUNE_XPATH

URL = "https://example.org/news/budget"
HEADLINE = "Council approves the new city budget"
LEAD = "The vote ends months of argument over how the city should pay for its schools."
TEXT = [
    "The council approved the new budget on Monday after a long debate about schools and roads.",
    "Members said the plan would raise spending on public transport by ten percent next year.",
    "Opposition members voted against it, saying the tax increases would hurt small shops.",
]
CREDIT = "Agency Photo | Jane Roe"


def _page(header: str) -> str:
    body = "".join(f"<p>{t}</p>" for t in TEXT)
    return (
        f"<html><head><title>{HEADLINE}</title></head><body><main><article>"
        f"<header><h1>{HEADLINE}</h1>{header}</header><div class='text'>{body}</div>"
        "</article></main></body></html>"
    )


@pytest.mark.parametrize(
    "header",
    [
        f"<div class='intro'>{LEAD} <em class='copyright'>{CREDIT}</em></div>",
        f"<p class='intro'>{LEAD} <span class='image-credit'>{CREDIT}</span></p>",
    ],
)
def test_standfirst_loses_the_credit_marked_as_boilerplate_inside_it(header: str) -> None:
    # The standfirst is read from the page as it is (not pruned like the generic passes):
    # the credit inside its element is a boilerplate block and stays out of the body.
    body = extract_article(_page(header), URL).body
    assert body.startswith(f"{LEAD}\n\n{TEXT[0]}")
    assert "Jane Roe" not in body


def test_standfirst_of_plain_text_is_kept_whole() -> None:
    body = extract_article(_page(f"<div class='intro'>{LEAD} <em>Updated.</em></div>"), URL).body
    assert body.startswith(f"{LEAD} Updated.\n\n{TEXT[0]}")


def test_the_page_tree_keeps_no_marks_after_assembly() -> None:
    header = f"<div class='intro'>{LEAD} <em class='copyright'>{CREDIT}</em></div>"
    doc = parse_document(_page(header), URL)
    extract_article(doc, URL)
    assert not doc.tree.xpath(PRUNE_XPATH)
