"""The publisher's ``articleBody``: read it, and use it when it is complete and the page agrees.

JSON-LD ``articleBody`` is often a teaser, a different article or text the page does not show;
but when it is the whole article, the page's own container of that text is found without
trafilatura, boilerplate marking or the split-body join. `complete_ld_body` says when: every
check is general (length, truncation marks, the opening and closing of the text found in the
page's visible text under one element, and that element's text agreeing with it), none is
about a site.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lxml import etree

from newscrawl.extract.paragraphs import SKIP_TAGS, element_paragraphs
from newscrawl.extract.prune import is_boilerplate_block
from newscrawl.extract.text import clean_line, fold, normalize_text

if TYPE_CHECKING:
    from lxml.html import HtmlElement


# --------------------------------------------------------------- reading articleBody
_HTML_TAG_RE = re.compile(r"<(?:p|br|div|h[1-6]|ul|li|figure|strong|em|a)\b", re.IGNORECASE)
_MARKDOWN_DIRECTIVE_RE = re.compile(r"\{:[^}\n]*\}")
"""Kramdown attribute lists (``{: .wide}``) left in a Markdown ``articleBody``."""
_MARKDOWN_LINK_RE = re.compile(r"\[([^\]\n]+)\]\((?:https?:|/)[^)\s]*\)")
_DOUBLE_ENTITY_RE = re.compile(r"&amp;(#?\w{2,8};)")
_ENTITY_RE = re.compile(r"&(?!lt;|gt;)#?\w{2,8};")


def ld_body_text(raw: str) -> str:
    """Return JSON-LD ``articleBody`` as paragraphs.

    Some sites put HTML in it, or HTML entities, or the text twice, or Markdown: links become
    their text and attribute lists (``{: .class}``) go.
    """
    if "&" in raw:
        # Character entities, sometimes escaped twice (``&amp;atilde;``); ``&lt;`` stays
        # (code samples), so no markup appears that the page did not have.
        raw = _DOUBLE_ENTITY_RE.sub(r"&\1", raw)
        raw = _ENTITY_RE.sub(lambda m: html.unescape(m.group(0)), raw)
    head = raw[:200].strip()
    if len(head) >= 100:
        again = raw.find(head, len(head))
        if again > 0 and fold(raw[again:])[:1000] == fold(raw[:again])[:1000]:
            raw = raw[:again]
    if _HTML_TAG_RE.search(raw):
        import lxml.html

        try:
            frag = lxml.html.fragment_fromstring(raw, create_parent="div")
        except (ValueError, etree.ParserError):
            return normalize_text(raw)
        return "\n\n".join(element_paragraphs(frag))
    if "{:" in raw or "](" in raw:
        raw = _MARKDOWN_DIRECTIVE_RE.sub("", raw)
        raw = _MARKDOWN_LINK_RE.sub(r"\1", raw)
    return normalize_text(raw)


# ------------------------------------------------------------- is it complete?
COMPLETE_MIN_CHARS = 500
"""An ``articleBody`` shorter than this (characters) is taken for a teaser or a summary."""
_SENTENCE_END_RE = re.compile(r"[.!?\u3002\uff01\uff1f\u061f\u06d4\u0964)\"'\u201d\u2019\u00bb]$")
"""The text ends a sentence (closing quotes and brackets included): it was not cut short."""
_TRUNCATED_RE = re.compile(
    r"(?:\u2026|\.\.\.|\[\s*(?:\u2026|\.\.\.)?\s*\]|\(\s*(?:\u2026|\.\.\.)\s*\)"
    r"|\b(?:read|see|view) (?:more|the full (?:story|article))|\bcontinue reading"
    r"|\bweiterlesen|\bmehr lesen|\blire la suite|\bleer m[a\u00e1]s|\bleia mais"
    r"|\bcontinua a leggere|\blees verder)\W*$",
    re.IGNORECASE,
)
"""Marks of a teaser at the end of the text: an ellipsis, ``[...]``, "Read more" and the like."""


def looks_complete(text: str) -> bool:
    """Say whether `text` can be a whole article: long enough, ending a sentence, not a teaser."""
    tail = text.rstrip()
    if len(tail) < COMPLETE_MIN_CHARS:
        return False
    if _TRUNCATED_RE.search(tail[-40:]):
        return False
    return bool(_SENTENCE_END_RE.search(tail))


# ------------------------------------------------------- does the page agree?
EDGE_CHARS = 60
"""Folded characters of the opening and of the closing of the text looked for in the page."""
COVERED = 0.95
"""Share of the ``articleBody`` (folded characters) the container's own paragraphs must hold."""
STRAY_SHARE = 0.02
"""The container's paragraphs missing from the ``articleBody`` may hold at most this share of
its text (folded characters), each at most `STRAY_CHARS` long and none a subheading: labels
("Advertisement") and credits. More means the page shows text the publisher's copy lacks
(subheadings, a later part, teasers of other articles), which the generic path judges."""
STRAY_CHARS = 80
LEAD_CHARS = 80
"""A piece of text this long between the headline and the container may be a standfirst that
the ``articleBody`` leaves out: the generic path decides then."""
HEADING_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
_PASSED_TAGS = frozenset({"a", "time", "button", "label"})
"""Text in these between the headline and the container is no standfirst (links, dates)."""


_BLOCK_TEXT_TAGS = ("p", "li", "blockquote", "h2", "h3", "h4", "h5", "h6")
"""Elements the opening and the closing of the ``articleBody`` are looked for in."""
_LONG_TEXTS_BEFORE_XPATH = etree.XPath(
    f"preceding::text()[string-length(normalize-space(.)) >= {LEAD_CHARS}]"
    "[count(preceding::h1) = $headlines]"
)
"""Long text nodes before an element and after the last ``<h1>`` before it."""
_HEADLINES_BEFORE_XPATH = etree.XPath("count(preceding::h1)")


def _hidden(el: HtmlElement) -> bool:
    """Say whether `el` lies in an element whose text is never read (`SKIP_TAGS`)."""
    return any(a.tag in SKIP_TAGS for a in el.iterancestors())


def _edge_element(tree: HtmlElement, reference: str, *, closing: bool) -> HtmlElement | None:
    """Return the page element holding the opening (or closing) of the folded `reference`.

    The first (last) paragraph-like element (`_BLOCK_TEXT_TAGS`) whose folded text holds the
    first (last) `EDGE_CHARS` of `reference`, or is itself all of its start (end) when shorter.
    """
    needle = reference[-EDGE_CHARS:] if closing else reference[:EDGE_CHARS]
    blocks = list(tree.iter(*_BLOCK_TEXT_TAGS))
    if closing:
        blocks.reverse()
    for block in blocks:
        folded = fold(block.text_content())
        if not folded:
            continue
        edge = reference.endswith(folded) if closing else reference.startswith(folded)
        if (needle in folded or (len(folded) < EDGE_CHARS and edge)) and not _hidden(block):
            return block
    return None


def _common_ancestor(elements: list[HtmlElement]) -> HtmlElement | None:
    chains = [[el, *el.iterancestors()] for el in elements]
    common = set(chains[0]).intersection(*chains[1:])
    for el in chains[0]:
        if el in common:
            return el
    return None


def _texts_before(opening: HtmlElement) -> list[tuple[str, HtmlElement]]:
    """Return the long pieces of text between the page's headline and the `opening` element.

    Text nodes of `LEAD_CHARS` or more (spaces normalised) after the last ``<h1>`` before
    `opening` (from the start of the page when there is none), outside `SKIP_TAGS` and not
    in links, times or buttons (`_PASSED_TAGS`); each with the element that holds it.
    """
    out: list[tuple[str, HtmlElement]] = []
    for text in _LONG_TEXTS_BEFORE_XPATH(opening, headlines=_HEADLINES_BEFORE_XPATH(opening)):
        owner = text.getparent()
        if owner is not None and text.is_tail:
            owner = owner.getparent()
        if owner is None or any(
            el.tag in SKIP_TAGS or el.tag in _PASSED_TAGS for el in (owner, *owner.iterancestors())
        ):
            continue
        out.append((str(text), owner))
    return out


def _heads_text(heading: HtmlElement, reference: str) -> bool:
    """Say whether `heading` heads a passage of the folded `reference`.

    The first text after it (after its parent, when it has none) opens a passage of the
    ``articleBody``: a subheading of the article, not the title of a teaser box.
    """
    for el in (heading, heading.getparent()):
        if el is None:
            return False
        for sibling in el.itersiblings():
            if not isinstance(sibling.tag, str) or sibling.tag in SKIP_TAGS:
                continue
            folded = fold(sibling.text_content())
            if folded:
                return folded[:EDGE_CHARS] in reference
    return False


STANDFIRST_CHARS = 700
"""The longest text (characters) read as a standfirst shown above the article's container."""
_PAGE_TAGS = frozenset({"html", "body"})


def _standfirst(before: list[tuple[str, HtmlElement]], container: HtmlElement) -> str | None:
    """Return the one block of text between the headline and `container`, if it is a standfirst.

    It must be alone there, no longer than `STANDFIRST_CHARS`, and share an element with the
    container below the page's ``<body>`` (the article's own wrapper, not the site header).
    """
    if len(before) != 1:
        return None
    owner = before[0][1]
    text = clean_line(owner.text_content())
    if not text or len(text) > STANDFIRST_CHARS:
        return None
    common = _common_ancestor([owner, container])
    if common is None or common.tag in _PAGE_TAGS:
        return None
    return text


_LINK_BLOCK_TAGS = frozenset({"p", "h2", "h3", "h4", "h5", "ul", "ol"})
LINK_SHARE = 0.6
"""A paragraph, heading or list whose text is this much link text is a teaser of other pages."""


def boilerplate_in(container: HtmlElement) -> set[HtmlElement]:
    """Return the boilerplate blocks inside `container`, as the generic path prunes them.

    Blocks named as related/share/ad boxes (`is_boilerplate_block`) without long text, and
    paragraphs, headings and lists that are mostly link text ("Read also: …" lines the
    publisher's copy often keeps).
    """
    out: set[HtmlElement] = set()
    for el in container.iterdescendants():
        tag = el.tag
        if not isinstance(tag, str):
            continue
        if is_boilerplate_block(el):
            if len(el.text_content()) < BOX_CHARS:
                out.add(el)
        elif tag in _LINK_BLOCK_TAGS and el.find(".//a") is not None:
            text = len("".join(el.text_content().split()))
            links = sum(len("".join(a.text_content().split())) for a in el.iter("a"))
            if text and links >= LINK_SHARE * text:
                out.add(el)
    return out


BOX_CHARS = 400
"""A block named as boilerplate with more text than this is left (a wrapper, not a box)."""


@dataclass(slots=True)
class CompleteBody:
    """The article's paragraphs read from the page's container of a complete ``articleBody``."""

    paragraphs: list[str]
    """The container's paragraphs found in the ``articleBody``, in page order."""
    before: list[str]
    """Long pieces of text between the headline and the container (`LEAD_CHARS`): a standfirst
    the ``articleBody`` leaves out, or something else; the caller must account for them."""
    standfirst: str | None = None
    """The text of the one block among `before`, when it is a standfirst (`_standfirst`)."""


def complete_ld_body(tree: HtmlElement, ld_text: str) -> CompleteBody | None:
    """Return the article's paragraphs from the page when `ld_text` is all of it, else None.

    `ld_text` (see `ld_body_text`) must look complete (`looks_complete`); its opening and its
    closing `EDGE_CHARS` must be found in the page's visible text, under one element (the
    container); the container's paragraphs found in `ld_text` must hold at least `COVERED`
    of it, and those missing from it be only short labels (`STRAY_SHARE`, `STRAY_CHARS`),
    boilerplate blocks left out (`boilerplate_in`). The paragraphs returned
    are the container's (the page's own division) found in `ld_text`; a paragraph shorter
    than `STRAY_CHARS` counts as found only when it is one of the paragraphs of `ld_text`
    (a word or two are found anywhere). List items start with ``- ``, as on the generic path.
    """
    if not looks_complete(ld_text):
        return None
    reference = fold(ld_text)
    body = tree.find("body")
    if body is None or len(reference) < 2 * EDGE_CHARS:
        return None
    opening = _edge_element(body, reference, closing=False)
    closing = _edge_element(body, reference, closing=True) if opening is not None else None
    if opening is None or closing is None:
        return None
    container = _common_ancestor([opening, closing])
    if container is None:
        return None
    headings = {fold(h.text_content()): h for h in container.iter(*HEADING_TAGS)}
    whole = {fold(p) for p in ld_text.split("\n\n")}
    items = {fold(li.text_content()) for li in container.iter("li")}
    kept: list[str] = []
    covered = stray = 0
    for para in element_paragraphs(container, boilerplate_in(container)):
        folded_para = fold(para)
        if not folded_para:
            continue
        if folded_para in whole or (len(para) > STRAY_CHARS and folded_para in reference):
            covered += len(folded_para)
            # list items as the generic path writes them
            kept.append(f"- {para}" if folded_para in items else para)
        elif folded_para in headings:
            if _heads_text(headings[folded_para], reference):
                kept.append(para)  # a subheading the publisher's copy leaves out
        elif len(para) > STRAY_CHARS:
            return None
        else:
            stray += len(folded_para)
    if covered < COVERED * len(reference) or stray > STRAY_SHARE * (covered + stray):
        return None
    before = _texts_before(opening)
    return CompleteBody(kept, [text for text, _ in before], _standfirst(before, container))
