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


@pytest.mark.parametrize(
    "cls",
    [
        "third-party-services--placeholder",
        "privacy-embed-preview",
        "privacy_placeholder",
        "embed-privacy-container",
    ],
)
def test_a_consent_placeholder_of_a_third_party_embed_is_marked(cls):
    # The two-click embed: a notice standing in for a post or video until the reader agrees.
    notice = "We respect your privacy and do not connect to Twitter without your consent."
    doc = parse_document(
        f'<html><body><article>{STORY}<div class="{cls}"><p>{notice}</p></div>'
        f'<div class="party-report">{STORY}</div></article></body></html>',
        "http://a/",
    )
    marked = mark_boilerplate(doc.tree)
    assert [el.get("class") for el in marked] == [cls]
    unmark(marked)


def test_a_push_notification_widget_is_marked():
    doc = parse_document(
        f"<html><body><article>{STORY}</article>"
        '<amp-web-push-widget id="amp-push-widget-unsubscribed"><h3>Want More?</h3>'
        "<p>We would like to send you push notifications.</p></amp-web-push-widget>"
        '<div class="col-md-push-3">Layout column, not a widget</div></body></html>',
        "http://a/",
    )
    assert [el.get("id") for el in mark_boilerplate(doc.tree)] == ["amp-push-widget-unsubscribed"]


SLIDE = (
    '<figure class="slide"><amp-img src="/a.jpg"></amp-img><figcaption class="slide-caption">'
    "<p>Cast spells on all who see you.</p><p>What you need: a red jumper with a white collar "
    "and a black headband will turn you into the witch.</p></figcaption></figure>"
)
VIDEO = (
    '<div class="video"><video src="/v.mp4"></video><div class="item-caption"><p>New York is '
    "the centre of the pandemic in the United States. Sport has come to a standstill there as "
    "well.</p></div></div>"
)
PHOTO = (
    '<div class="img-box"><img src="/a.jpg"><div class="caption"><p>Staff check the election '
    "guides they will hand to the candidates and the parties at the election office on "
    "Wednesday. Photo: Agency</p></div></div>"
)


@pytest.mark.parametrize(
    ("html", "marked"),
    [
        (SLIDE, []),  # a gallery slide's text: a title line and a description
        (VIDEO, []),  # a video's description: no picture beside it
        (PHOTO, ["caption"]),  # one paragraph under a picture: its caption, however long
        (
            '<figure><img src="/a.jpg"><figcaption class="wp-caption-text">Photo: Agency'
            "</figcaption></figure>",
            ["wp-caption-text"],
        ),
    ],
)
def test_caption_blocks_holding_prose_are_not_boilerplate(html, marked):
    doc = parse_document(
        f"<html><body><article>{STORY}{html}</article></body></html>", "http://a/"
    )
    assert [el.get("class") for el in mark_boilerplate(doc.tree)] == marked


def _marked_texts(html: str) -> list[str]:
    doc = parse_document(f"<html><body>{html}</body></html>", "http://a/")
    return [" ".join(el.text_content().split()) for el in mark_boilerplate(doc.tree)]


def test_a_heading_inside_a_link_is_a_teaser_card():
    cards = "".join(
        f'<article><a href="/story-{i}"><img src="/{i}.jpg"><h2>Other story number {i}</h2></a>'
        "</article>"
        for i in range(2)
    )
    assert _marked_texts(f"<article>{STORY}</article><section>{cards}</section>") == [
        "Other story number 0",
        "Other story number 1",
    ]
    # A heading with an anchor to itself is the text's own subheading.
    assert _marked_texts(f'<article>{STORY}<a href="#part"><h3>Part two</h3></a></article>') == []


def test_a_heading_that_only_labels_a_pruned_box_goes_with_it():
    links = '<ul><li><a href="/a">First tour</a></li><li><a href="/b">Second tour</a></li></ul>'
    marked = _marked_texts(f"<article>{STORY}<h3>More tours</h3>{links}</article>")
    assert marked == ["First tourSecond tour", "More tours"]
    # A subheading with text of its own under it stays, even with a link list after it.
    kept = _marked_texts(f"<article><h3>The budget</h3>{STORY}{links}</article>")
    assert kept == ["First tourSecond tour"]


def test_live_ticker_entries_are_the_report_not_reader_comments():
    entries = "".join(
        f'<div class="live-match-comment left"><span>{m}\'</span><div class="live-match-comment-'
        f'body">{text}</div></div>'
        for m, text in ((12, "The corner kick comes to nothing."), (90, "Full time, a draw."))
    )
    ticker = f'<div class="live-match-comments">{entries}</div>'
    assert _marked_texts(f"<article>{STORY}{ticker}</article>") == []
    # A block named for both a live ticker and sharing is still a share block.
    share = '<div class="live-comments share-bar"><a href="/s">Share</a></div>'
    assert _marked_texts(f"<article>{STORY}{share}</article>") == ["Share"]
    # Reader comments stay reader comments.
    comments = '<div class="article-comments"><p>Reader: great piece!</p></div>'
    assert _marked_texts(f"<article>{STORY}{comments}</article>") == ["Reader: great piece!"]


def test_a_paragraph_of_links_on_lines_is_a_link_list_and_its_heading_goes_with_it():
    links = '<a href="/a">Why you do not lose weight</a><br><br><a href="/b">Home gym tips</a>'
    html = f'<article>{STORY}<h2>Also on our site</h2><p>{links}</p><div class="quiz"></div>'
    assert _marked_texts(html + "</article>") == [
        "Why you do not lose weightHome gym tips",
        "Also on our site",
    ]
    # Prose with two links in it stays.
    prose = (
        '<p>The <a href="/c">council</a> approved the budget that the <a href="/m">mayor</a> '
        "proposed in spring, after a long debate about schools and buses.</p>"
    )
    assert _marked_texts(f"<article>{STORY}{prose}</article>") == []
