"""Article text split over several containers of the same kind, joined back together.

Some publishers cut the body into repeated ``<div class="articleBody">`` blocks with an ad
row between them; trafilatura reads the first block and stops. When the extraction covers
some blocks of such a series and not others, the paragraphs of the others are put in at
their place in the page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newscrawl.extract.body import ARTICLE_BODY_RE, element_paragraphs, is_boilerplate_block
from newscrawl.extract.title import fold

if TYPE_CHECKING:
    from collections.abc import Sequence

    from lxml.html import HtmlElement

PROSE_CHARS = 150
"""A block is added only when it holds a paragraph this long."""
MATCH_CHARS = 80
"""Paragraphs this long identify a block the extraction already has."""
_ANCESTORS = 3


def join_split_body(paras: list[str], elements: Sequence[HtmlElement]) -> list[str]:
    """Return `paras` with the missing blocks of a split article body put back in place.

    `elements` are the body's elements with a class or itemprop (`attributed_elements`).
    Blocks are a series when they share the body-container class (or ``itemprop``) and the
    classes of their three nearest ancestors, and none lies inside another.
    """
    series: dict[tuple[object, ...], list[HtmlElement]] = {}
    for el in elements:
        key = _series_key(el)
        if key is not None:
            series.setdefault(key, []).append(el)
    have = {fold(p) for p in paras}
    long_paras = [(f, i) for i, p in enumerate(paras) if len(p) >= MATCH_CHARS and (f := fold(p))]
    inserts: dict[int, list[str]] = {}
    for blocks in series.values():
        members = set(blocks)
        blocks = [b for b in blocks if not any(a in members for a in b.iterancestors())]
        if len(blocks) < 2:
            continue
        texts = [fold(b.text_content()) for b in blocks]
        found = [[i for f, i in long_paras if f in text] for text in texts]
        if not any(found) or all(found):
            continue
        after = -1  # extracted paragraph the next missing block follows
        pending: list[str] = []
        for block, hits in zip(blocks, found, strict=True):
            if hits:
                if pending:
                    inserts.setdefault(min(hits) - 1 if after < 0 else after, []).extend(pending)
                    pending = []
                after = max(after, *hits)
            elif _has_prose(block):
                for para in element_paragraphs(block, _boxes_in(block)):
                    if fold(para) not in have:
                        have.add(fold(para))
                        pending.append(para)
        if pending and after >= 0:
            inserts.setdefault(after, []).extend(pending)
    if not inserts:
        return paras
    out = list(inserts.get(-1, ()))
    for i, para in enumerate(paras):
        out.append(para)
        out.extend(inserts.get(i, ()))
    return out


def _series_key(el: HtmlElement) -> tuple[object, ...] | None:
    if el.get("itemprop") == "articleBody":
        own: object = "itemprop"
    else:
        classes = el.get("class", "")
        if "ody" not in classes and "ontent" not in classes and "ext" not in classes:
            return None  # the cheap first cut ("articleBody", "post-content", "story-text")
        tokens = frozenset(t for t in classes.split() if ARTICLE_BODY_RE.search(t))
        if not tokens:
            return None
        own = tokens
    ancestors = []
    for a in el.iterancestors():
        ancestors.append((a.tag, frozenset(a.get("class", "").split())))
        if len(ancestors) == _ANCESTORS:
            break
    return (el.tag, own, *ancestors)


LINK_SHARE = 0.3
"""A box inside a block whose text is more than this share of link text is a teaser."""
_BOX_TAGS = frozenset({"div", "section", "aside", "ul", "ol", "figure"})


def _boxes_in(block: HtmlElement) -> list[HtmlElement]:
    """Return the boilerplate blocks and teaser boxes (mostly links) inside `block`."""
    out = []
    for el in block.iterdescendants():
        if not isinstance(el.tag, str):
            continue
        if is_boilerplate_block(el):
            out.append(el)
        elif el.tag in _BOX_TAGS:
            text = len(el.text_content())
            links = sum(len(a.text_content()) for a in el.iter("a"))
            if text and links > LINK_SHARE * text:
                out.append(el)
    return out


def _has_prose(block: HtmlElement) -> bool:
    """Say whether `block` holds a long paragraph that is not mostly a link."""
    for p in block.iter("p"):
        text = p.text_content()
        if len(text) >= PROSE_CHARS:
            links = sum(len(a.text_content()) for a in p.iter("a"))
            if links < LINK_SHARE * len(text):
                return True
    return False
