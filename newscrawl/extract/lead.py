"""The standfirst: the lead shown between the headline and the body."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from newscrawl.extract.boilerplate import is_junk
from newscrawl.extract.paragraphs import SKIP_TAGS
from newscrawl.extract.ruledata import alternation
from newscrawl.extract.text import clean_line, squash

if TYPE_CHECKING:
    from lxml.html import HtmlElement


_LEAD_CLASS_RE = re.compile(alternation("lead_class"), re.IGNORECASE)
"""A class or id naming the standfirst (``rules/*.yaml``, kind ``lead_class``)."""
_LEAD_SKIP_CLASS_RE = re.compile(alternation("not_lead_class"), re.IGNORECASE)
"""A class or id naming a caption, byline, teaser list … (kind ``not_lead_class``)."""
_MEDIA_CLASS_RE = re.compile(
    r"(?:^|[\s_-])(?:caption|credit|gallery|slideshow|carousel)s?(?:$|[\s_-])", re.IGNORECASE
)
"""A caption or gallery container: a class token or hyphenated part so named (``wp-caption``,
``gallery__item``), not a longer word (``hasCaption``, ``ContentHeaderAccreditation``)."""
_STYLE_SKIP_RE = re.compile(r"caption|credit", re.IGNORECASE)
"""Skip words a type scale names its text styles with (``caption-s5-fx``): on the headline's
sub-headline (`_is_subheadline`) they name a font size, not a caption."""
_CJK_RE = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
SHORT_START = 15
"""A body's first paragraph shorter than this (squashed) ends the search only where an
element holds exactly that text (a label such as ``Contributors:``), not where a text begins so."""
_LEAD_ITEMPROPS = frozenset({"description", "abstract"})
"""Microdata properties (schema.org) that mark an article's summary: the standfirst."""
LEAD_MAX = 1000
"""A standfirst is at most this many characters (a long first paragraph is the body's)."""
_LEAD_TAGS = frozenset({"p", "div", "h2", "h3", "span", "strong", "section", "header"})


def find_lead(
    tree: HtmlElement, first_paragraph: str, title: str | None, description: str | None
) -> str | None:
    """Return the standfirst shown between the headline and the body, if the page has one.

    A candidate is an element after the ``<h1>`` (when there is one) and before the body's
    first paragraph whose text equals the meta description, whose class names it a
    lead/intro/summary/standfirst or whose microdata property its summary (``itemprop``
    ``description``/``abstract``), or which is the sub-headline: the element right after the
    ``<h1>`` (its next sibling, in the same parent), a sentence of prose (`_is_subheadline`).
    Captions, bylines, related links and dates are ignored. An ``<h1>`` that only comes after
    the body's first paragraph (a footer's or sidebar's) is not the headline: the candidate
    found before the body then stands.
    """
    start = squash(first_paragraph[:80])
    if len(start) < (2 if _CJK_RE.search(start) else 5):
        return None  # too short to tell where the body starts (a CJK word holds more)
    # A body opening with a label (``Contributors:``): only that very text ends the search.
    short = len(start) < SHORT_START
    desc = squash(description or "")
    title_f = squash(title or "")
    body_el = tree.find("body")
    if body_el is None:
        return None
    seen_h1 = False
    has_h1 = tree.find(".//h1") is not None
    best: str | None = None
    early: str | None = None  # the candidate before any <h1>, if no <h1> precedes the body
    early_el: HtmlElement | None = None
    headline: HtmlElement | None = None
    headline_is_title = False
    # The nodes left of a subtree whose text does not hold `start`: no text inside it does
    # (the squash of part of a text is part of its squash), so none of them ends the search
    # and their texts are squashed only when they could be the lead.
    clear = 0
    # Nested wrappers often hold the same text (give or take the spaces around it): each
    # text is squashed once, stripped first (squash drops spaces anyway).
    folds: dict[str, str] = {}
    for el in body_el.iter():
        inside_clear = clear > 0
        clear -= inside_clear
        tag = el.tag if isinstance(el.tag, str) else ""
        if not tag:
            continue
        if tag == "h1":
            if seen_h1 and best is None:
                continue
            if best is not None and headline_is_title and not _is_title(el, title_f):
                continue  # a later stray <h1> (a widget's) after the headline and its lead
            headline_is_title = _is_title(el, title_f)
            seen_h1 = True
            best = None  # only what follows the headline
            headline = el
            continue
        if (
            desc
            and ((el.text and len(el.text) >= 40) or (el.tail and len(el.tail) >= 40))
            and (best if seen_h1 else early) is None
        ):
            loose = _loose_lead(el, tag, desc, start, folds, title_f)
            if loose is not None:
                if seen_h1:
                    best = loose
                else:
                    early, early_el = loose, el
        if tag in SKIP_TAGS or tag in {"script", "style", "a", "time", "ul"}:
            continue
        if tag not in _LEAD_TAGS and "-" not in tag and not (tag == "li" and _first_item(el)):
            continue
        if inside_clear:  # the same outcome as below, without squashing every text
            if tag == "li" or (best if seen_h1 else early) is not None:
                continue
            text = el.text_content()
            if not 40 <= len(text.strip()) <= LEAD_MAX:
                continue
            folded = _squash_once(text, folds)
            if not folded:
                continue
        else:
            text = el.text_content()
            if len(text) > 1500:
                # a long first paragraph (or its container) still marks where the body starts
                if not short and squash(text[:200]).startswith(start):
                    return _found(best, seen_h1, has_h1, early, early_el, el)
                continue
            folded = _squash_once(text, folds)
            if not folded:
                continue
            if (
                (folded == start)
                if short
                else (
                    folded.startswith(start) or (start in folded and len(folded) < 3 * len(start))
                )
            ):
                return _found(best, seen_h1, has_h1, early, early_el, el)
            if short and folded.startswith(start):
                continue  # a wrapper of the body's opening label and what follows it
            if len(el) and start not in folded:
                clear = sum(1 for _ in el.iter()) - 1
            if tag == "li":  # a body may open with a list (key points), never a standfirst
                continue
            if (best if seen_h1 else early) is not None or not 40 <= len(text.strip()) <= LEAD_MAX:
                continue
        if folded == title_f or (
            title_f and title_f in folded and len(folded) < len(title_f) + 60
        ):
            continue
        attrs = f"{el.get('class', '')} {el.get('id', '')}"
        sub = headline is not None and _is_subheadline(el, headline, text)
        skip = _LEAD_SKIP_CLASS_RE.search(attrs)
        if skip and not (desc and folded == desc) and not (sub and _STYLE_SKIP_RE.match(skip[0])):
            continue
        if el.xpath("ancestor::figure or ancestor::aside or ancestor::nav or ancestor::footer"):
            continue
        if any(
            _MEDIA_CLASS_RE.search(a.get("class", ""))
            for a in el.iterancestors()
            if a.get("class") and a.tag not in {"body", "html"}
        ):
            continue
        links = sum(len(a.text_content()) for a in el.iter("a"))
        if links > 0.3 * len(text):
            continue
        if (
            sub
            or _matches_description(folded, desc)
            or _LEAD_CLASS_RE.search(attrs)
            or not _LEAD_ITEMPROPS.isdisjoint((el.get("itemprop") or "").split())
        ):
            # a sub-headline's wrapper holds the headline: its own text only
            candidate = clean_line(text if sub else _widen(el, text))
            if not is_junk(candidate):
                if seen_h1:
                    best = candidate
                else:
                    early, early_el = candidate, el
    return None


def _is_title(h1: HtmlElement, title_f: str) -> bool:
    """Say whether a ``<h1>`` is the page's headline: its text is the title."""
    return bool(title_f) and squash(h1.text_content()) == title_f


NEAR_LEVELS = 3
"""A standfirst found before any headline shares an ancestor this close with the body."""


def _found(
    best: str | None,
    seen_h1: bool,
    has_h1: bool,
    early: str | None,
    early_el: HtmlElement | None,
    body_el: HtmlElement,
) -> str | None:
    """Return the standfirst once the body's first paragraph (`body_el`) is reached.

    After a headline: the candidate that followed it. No ``<h1>`` before the body: the
    candidate found so far; on a page whose ``<h1>`` elements all come later (a footer's, a
    sidebar's), only one in the body's own container (a common ancestor at most
    `NEAR_LEVELS` above it), not a site header's tagline.
    """
    if seen_h1:
        return best
    if early is None or early_el is None or not has_h1:
        return early
    body_line = {id(a) for a in body_el.iterancestors()}
    for level, anc in enumerate(early_el.iterancestors(), 1):
        if level > NEAR_LEVELS or anc.tag in {"body", "html"}:
            return None
        if id(anc) in body_line:
            return early
    return None


_SENTENCE_END_RE = re.compile("[.!?\u2026][\"'\u00bb\u00ab\u201c\u201d\u201e\u2019)]*$")
"""The end of a sentence, closing quotes or a bracket allowed after it."""


def _is_subheadline(el: HtmlElement, headline: HtmlElement, text: str) -> bool:
    """Say whether `el` is the sub-headline: the ``<h1>``'s next sibling, a sentence of prose.

    A ``<h2>`` or ``<p>`` standing right after the headline in the same parent (``<hgroup>``,
    ``<header>``, the article) that reads as a sentence (six words or more, a sentence end) is
    the standfirst, whatever its class: a kicker, a byline or a date line is not a sentence.
    """
    if el.tag not in {"h2", "p"} or el.getprevious() is not headline:
        return False
    words = text.split()
    return len(words) >= 6 and _SENTENCE_END_RE.search(text.strip()) is not None


def _loose_lead(
    el: HtmlElement, tag: str, desc: str, start: str, folds: dict[str, str], title_f: str
) -> str | None:
    """Return the meta description when it stands as loose text in `el`, not in a block.

    Text directly in an element (before its first child, or after its end tag: lxml's
    ``text`` and ``tail``) is in no block of its own, so the block search above misses it:
    a standfirst after a player ``<form>``, or in a heading left unclosed that wraps the
    body. It counts when it is the page's description; a tail only when the element's own
    subtree does not hold the body's start (the tail comes after it).
    """
    texts = [el.tail]
    if tag not in SKIP_TAGS and tag not in {"script", "style"}:
        texts.insert(0, el.text)
    for raw in texts:
        if raw is None or not 40 <= len(stripped := raw.strip()) <= 700:
            continue
        folded = _squash_once(stripped, folds)
        if start in folded or not _matches_description(folded, desc):
            continue  # the body's own first paragraph, or not the description
        if title_f and title_f in folded:
            continue  # the headline repeated
        if raw is el.tail and start in _squash_once(el.text_content(), folds):
            continue
        holder = el if raw is el.text else el.getparent()
        if holder is None or holder.xpath(
            "ancestor-or-self::figure or ancestor-or-self::aside"
            " or ancestor-or-self::nav or ancestor-or-self::footer"
        ):
            continue
        return clean_line(_widen(el, stripped))  # a short prefix before it (``Berlin.``)
    return None


def _squash_once(text: str, folds: dict[str, str]) -> str:
    """Return `squash(text)`, kept in `folds` by the stripped text (squash drops spaces)."""
    key = text.strip()
    folded = folds.get(key)
    if folded is None:
        folded = folds[key] = squash(key)
    return folded


def _first_item(li: HtmlElement) -> bool:
    return li.getprevious() is None


def _matches_description(folded: str, desc: str) -> bool:
    """Say whether an element's text is the meta description (allowing a short prefix)."""
    if not desc or not folded:
        return False
    if folded == desc:
        return True
    if len(desc) > 60 and folded.startswith(desc[:-3]):
        return True  # description truncated with an ellipsis
    return len(folded) > 60 and desc.endswith(folded) and len(folded) >= 0.8 * len(desc)


def _widen(el: HtmlElement, text: str) -> str:
    """Return the text of the closest ancestor that only adds a short prefix (``Berlin.``).

    Never an ancestor holding the ``<h1>``: the headline is no prefix of the standfirst.
    """
    parent = el.getparent()
    while parent is not None and parent.tag not in {"body", "article", "main", "header"}:
        wider = parent.text_content()
        if len(wider.strip()) > len(text.strip()) + 40 or parent.find(".//h1") is not None:
            break  # more than a prefix, or the headline (its wrapper: an <hgroup>, a <div>)
        text, parent = wider, parent.getparent()
    return text
