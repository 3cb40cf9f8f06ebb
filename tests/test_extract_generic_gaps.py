"""`generic.fill_gaps`: text the balanced pass keeps around and among the precise lines."""

from __future__ import annotations

import lxml.html

from newscrawl.extract.generic import fill_gaps

INTRO = "How did that work again with the variables? Here is an excerpt from our lessons for you!"
BODY_1 = "Variables hold values that a program reads and changes while it runs, like boxes."
BODY_2 = "A box can hold a number or a word, and the program may put something new into it."
SUBHEAD = "Where variables live"
DATA = "Scope: the function that defines them"


def _tree(inner: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(f"<html><body><div class='post'>{inner}</div></body></html>")


def test_opening_paragraph_before_the_first_shared_line_is_taken() -> None:
    tree = _tree(
        f"<p class='meta'>11.12.2019 - Jane Doe</p><p class='big'>{INTRO}</p>"
        f"<p>{BODY_1}</p><p>{BODY_2}</p>"
    )
    precise = f"{BODY_1}\n{BODY_2}"
    balanced = f"11.12.2019 - Jane Doe\n{INTRO}\n{BODY_1}\n{BODY_2}"
    # the prose paragraph comes back; the short date line before it (no prose above it) not
    assert fill_gaps(precise, balanced, tree) == f"{INTRO}\n{BODY_1}\n{BODY_2}"


def test_short_line_before_the_text_is_taken_only_under_prose() -> None:
    tree = _tree(f"<p>{INTRO}</p><h2>{SUBHEAD}</h2><p>{BODY_1}</p>")
    precise = BODY_1
    assert fill_gaps(precise, f"{INTRO}\n{SUBHEAD}\n{BODY_1}", tree) == (
        f"{INTRO}\n{SUBHEAD}\n{BODY_1}"
    )
    assert fill_gaps(precise, f"{SUBHEAD}\n{BODY_1}", tree) == BODY_1


def test_gap_between_two_consecutive_shared_lines_is_filled() -> None:
    tree = _tree(f"<p>{BODY_1}</p><h3>{SUBHEAD}</h3><p>{DATA}</p><p>{BODY_2}</p>")
    precise = f"{BODY_1}\n{BODY_2}"
    balanced = f"{BODY_1}\n{SUBHEAD}\n{DATA}\n{BODY_2}"
    assert fill_gaps(precise, balanced, tree) == balanced


def test_nothing_after_the_last_shared_line_is_taken() -> None:
    comment = "What a great explanation of variables, thank you so much for writing this for us!"
    tree = _tree(f"<p>{BODY_1}</p><p>{BODY_2}</p><div class='c'><p>{comment}</p></div>")
    precise = f"{BODY_1}\n{BODY_2}"
    assert fill_gaps(precise, f"{precise}\n{comment}", tree) == precise


def test_gap_holding_a_linked_teaser_is_not_taken() -> None:
    teaser = "Read also: how loops repeat the steps of a program"
    summary = "Loops are the next lesson of the course, with exercises for every step of the way."
    tree = _tree(
        f"<p>{BODY_1}</p><p><a href='/loops'>{teaser}</a></p><p>{summary}</p><p>{BODY_2}</p>"
    )
    precise = f"{BODY_1}\n{BODY_2}"
    balanced = f"{BODY_1}\n{teaser}\n{summary}\n{BODY_2}"
    assert fill_gaps(precise, balanced, tree) == precise


def test_gap_in_a_box_nested_deeper_than_the_text_is_not_taken() -> None:
    promo = "You are reading a new kind of article on our site. Support us with a donation today."
    tree = _tree(
        f"<p>{BODY_1}</p><div class='breaker'><div class='border'><p><img src='a.png'></p>"
        f"<p>{promo}</p></div></div><p>{BODY_2}</p>"
    )
    precise = f"{BODY_1}\n{BODY_2}"
    balanced = f"{BODY_1}\n{promo}\n{BODY_2}"
    assert fill_gaps(precise, balanced, tree) == precise
    # the same paragraph beside the text's paragraphs is part of the text
    flat = _tree(f"<p>{BODY_1}</p><p>{promo}</p><p>{BODY_2}</p>")
    assert fill_gaps(precise, balanced, flat) == balanced


def test_gap_only_between_lines_that_follow_each_other_in_the_precise_text() -> None:
    tree = _tree(f"<p>{BODY_1}</p><p>{DATA}</p><p>{INTRO}</p><p>{BODY_2}</p>")
    # the precise text has INTRO between BODY_1 and BODY_2: the balanced order differs
    precise = f"{BODY_1}\n{INTRO}\n{BODY_2}"
    balanced = f"{BODY_1}\n{DATA}\n{BODY_2}\n{INTRO}"
    assert fill_gaps(precise, balanced, tree) == precise


def test_same_text_is_returned_unchanged() -> None:
    tree = _tree(f"<p>{BODY_1}</p><p>{BODY_2}</p>")
    text = f"{BODY_1}\n{BODY_2}"
    assert fill_gaps(text, text, tree) == text
