"""Unit tests for the boilerplate blocks marked before extraction (`extract/prune.py`)."""

from __future__ import annotations

import pytest

from newscrawl.extract import parse_document
from newscrawl.extract.prune import mark_boilerplate, unmark

STORY = "".join(
    f"<p>{s}</p>"
    for s in (
        "The council approved the new budget on Monday after a long debate about schools.",
        "Members said the plan would raise spending on public transport by ten percent.",
    )
)


@pytest.mark.parametrize(
    ("tag", "cls", "text"),
    [
        ("span", "figure__copyright", "Jane Doe / Agency"),  # a picture's credit
        ("p", "article-copyright", "Reproduction only with permission"),
        ("span", "credit video-credit", "By the Border Agency"),
        ("section", "editorial-disclosure", "This post contains references to products."),
        ("p", "aawp-disclaimer", "The links are affiliate links."),
        ("div", "affiliate-text", "We earn money when you buy through these links."),
        ("div", "author-box", "Jane writes about photography and travel."),
        ("div", "saboxplugin-wrap", "Jane writes about photography and travel."),
        ("section", "c-letters-cta", "We want to hear what you think about this article."),
    ],
)
def test_credit_disclaimer_author_box_and_call_to_action_blocks_are_marked(tag, cls, text):
    doc = parse_document(
        f'<html><body><article>{STORY}<{tag} class="{cls}">{text}</{tag}></article></body></html>',
        "http://a/",
    )
    marked = mark_boilerplate(doc.tree)
    assert [el.get("class") for el in marked] == [cls]
    unmark(marked)


@pytest.mark.parametrize("cls", ["credited-story", "accreditation", "author", "actual"])
def test_words_inside_other_class_names_are_not_credits(cls):
    doc = parse_document(
        f'<html><body><article><div class="{cls}">{STORY}</div></article></body></html>',
        "http://a/",
    )
    assert mark_boilerplate(doc.tree) == []
