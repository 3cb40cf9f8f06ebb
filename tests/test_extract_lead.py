"""Unit tests for the standfirst search (`find_lead`): sub-headlines and late ``<h1>`` elements."""

from __future__ import annotations

from newscrawl.extract import parse_document
from newscrawl.extract.lead import find_lead

HEADLINE = "Council approves budget"
LEAD = "The vote ends months of argument over how to pay for schools and buses."
FIRST = "The council approved the new budget on Monday after a long debate about schools."
SECOND = "Members said the plan would raise spending on public transport by ten percent."


def _lead(body: str) -> str | None:
    doc = parse_document(f"<html><body>{body}</body></html>", "http://a/")
    return find_lead(doc.tree, FIRST, HEADLINE, None)


def _article(header: str) -> str:
    return f"<article><header>{header}</header><div><p>{FIRST}</p><p>{SECOND}</p></div></article>"


def test_a_sentence_right_after_the_headline_is_the_standfirst_whatever_its_class():
    # No lead class, no meta description: the <h2> after the <h1> in an <hgroup> reads as
    # a sentence, so it is the standfirst; a <p> after the <h1> the same.
    assert _lead(_article(f"<hgroup><h1>{HEADLINE}</h1><h2>{LEAD}</h2></hgroup>")) == LEAD
    assert _lead(_article(f"<h1>{HEADLINE}</h1><p>{LEAD}</p>")) == LEAD


def test_a_sub_headline_that_is_no_sentence_is_not_the_standfirst():
    # A kicker, a section label or a byline line after the headline: no sentence end, or
    # too few words.
    for line in (
        "Budget 2024 and what it means for schools and buses in the city",
        "By Jane Doe, city reporter.",
    ):
        assert _lead(_article(f"<h1>{HEADLINE}</h1><h2>{line}</h2>")) is None


def test_only_the_headlines_next_sibling_is_a_sub_headline():
    # Something in between (a date line) or another level (a nested wrapper) is not the
    # block right after the headline.
    between = f"<h1>{HEADLINE}</h1><div>3 May 2024</div><p>{LEAD}</p>"
    assert _lead(_article(between)) is None
    nested = f"<h1>{HEADLINE}</h1><div><div><p>{LEAD}</p></div></div>"
    assert _lead(_article(nested)) is None


def test_a_headline_shown_before_the_body_is_required_only_if_there_is_one():
    # The page's <h1> elements are in the footer, after the body: the standfirst in the
    # article's own container, before the body, still counts.
    teaser = (
        f'<div class="article"><h3>{HEADLINE}</h3><div class="teaser-text"><p>{LEAD}</p></div>'
    )
    body = f"<div><p>{FIRST}</p><p>{SECOND}</p></div></div>"
    footer = "<footer><h1>Imprint</h1></footer>"
    assert _lead(teaser + body + footer) == LEAD
    # A standfirst-like block far from the body (a site header's tagline) does not.
    tagline = f'<div id="top"><div><div><div class="intro">{LEAD}</div></div></div></div>'
    wrapped = f"<div><div><div><p>{FIRST}</p><p>{SECOND}</p></div></div></div>"
    assert _lead(tagline + wrapped + footer) is None
    # A headline before the body still rules: what precedes it is not the standfirst.
    before = f'<div class="intro">{LEAD}</div><h1>{HEADLINE}</h1><p>{FIRST}</p>'
    assert _lead(before) is None


def test_a_block_whose_microdata_names_it_the_description_is_the_standfirst():
    # schema.org microdata: itemprop="description" (or "abstract") on a block between the
    # headline and the body marks the article's summary, whatever its class.
    for prop in ("description", "abstract"):
        block = f'<h1>{HEADLINE}</h1><div itemprop="{prop}"><p><strong>{LEAD}</strong></p></div>'
        assert (
            _lead(_article(block).replace("<header>", "<div>").replace("</header>", "</div>"))
            == LEAD
        )
    assert _lead(_article(f'<h1>{HEADLINE}</h1><div itemprop="name"><p>3 May</p></div>')) is None


def _lead_desc(body: str, description: str | None = LEAD) -> str | None:
    doc = parse_document(f"<html><body>{body}</body></html>", "http://a/")
    return find_lead(doc.tree, FIRST, HEADLINE, description)


def test_the_description_as_loose_text_before_the_body_is_the_standfirst():
    # Text in no block of its own: after a player <form> (a tail), or as the own text of a
    # heading left unclosed around the body. It is the standfirst when it is the page's
    # meta description.
    player = f"<h1>{HEADLINE}</h1><div><form><button>Play</button></form> {LEAD}<h3>Cast</h3>"
    body = f"<p>{FIRST}</p>{f'<p>{SECOND}</p>' * 3}</div>"
    assert _lead_desc(player + body) == LEAD
    assert _lead_desc(player + body, None) is None  # no description: no evidence
    unclosed = f'<h1>{HEADLINE}</h1><h2 class="x">{LEAD}<div><p>{FIRST}</p><p>{SECOND}</p></div>'
    assert _lead_desc(unclosed) == LEAD


def test_loose_text_that_is_the_body_or_the_headline_is_no_standfirst():
    # A truncated description of the body's own first paragraph, standing loose.
    loose_first = f"<h1>{HEADLINE}</h1><div><form></form> {FIRST}<p>{SECOND}</p></div>"
    assert _lead_desc(loose_first, FIRST[:-10] + "...") is None
    # The description repeats the headline (and a bit more).
    title_desc = f"{HEADLINE}: what the vote means for you"
    repeat = f"<h1>{HEADLINE}</h1><div><form></form> {title_desc}<p>{FIRST}</p></div>"
    assert _lead_desc(repeat, title_desc) is None


def test_a_body_opening_with_a_short_label_still_has_its_standfirst():
    # The body's first paragraph is a label ("Contributors:"): only an element holding exactly that
    # text ends the search, so the standfirst before it is found; a wrapper of the label and
    # what follows it (a table flattened) is not taken for the standfirst.
    doc = parse_document(
        f'<html><body><h1>{HEADLINE}</h1><p class="intro">{LEAD}</p>'
        f"<div><h3>Contributors:</h3><p>{FIRST}</p><p>{SECOND}</p></div></body></html>",
        "http://a/",
    )
    assert find_lead(doc.tree, "Contributors:", HEADLINE, None) == LEAD
    table = (
        f'<h1>{HEADLINE}</h1><div class="summary"><table><tr><td>Aroma</td><td>{LEAD}</td>'
        "</tr></table></div>"
    )
    doc = parse_document(f"<html><body>{table}</body></html>", "http://a/")
    assert find_lead(doc.tree, "| Aroma |", HEADLINE, None) is None
