"""Article text split over several blocks of the same kind, joined back together.

Some publishers cut the body into repeated ``<div class="articleBody">`` blocks with an ad
row between them, and trafilatura reads the first block and stops; others put every
paragraph in its own ``div.text-block``, and trafilatura's precision mode drops the ones
whose words are mostly links. When the extraction covers some blocks of such a series and
not others, the paragraphs of the others are put in at their place in the page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lxml import etree

from newscrawl.extract.paragraphs import element_paragraphs
from newscrawl.extract.prune import ARTICLE_BODY_RE, is_boilerplate_block
from newscrawl.extract.text import fold

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from lxml.html import HtmlElement

MATCH_CHARS = 80
"""Paragraphs this long identify a block the extraction already has."""
PROSE_CHARS = 150
"""A missing block of a named series is added when it holds a paragraph this long..."""
LINK_SHARE = 0.3
"""... of which links are less than this share; inside such a block, a box whose text is
more than this share of link text is a teaser and is left out."""
_ANCESTORS = 3
SUBHEADING_CHARS = 80
"""A line this short before prose can be its subheading (`_prose_run`)."""
MIN_SIBLINGS = 3
"""Same-class siblings form a series from this many on."""
SIBLING_COVERAGE = 0.5
"""Share of a sibling series the extraction must already hold before the rest is added."""
SENTENCE_CHARS = 40
"""A missing sibling is added when it holds a paragraph this long..."""
LINK_ONLY = 0.95
"""... that is not one link: a paragraph this much link text links to another story."""
_BOX_TAGS = frozenset({"div", "section", "aside", "ul", "ol", "figure"})
_MEDIA_XPATH = etree.XPath(
    "boolean(descendant-or-self::*[self::figure or self::figcaption or self::img"
    " or self::picture or self::video or self::iframe or self::aside or self::blockquote])"
)


def join_split_body(
    paras: list[str], tree: HtmlElement, elements: Sequence[HtmlElement]
) -> list[str]:
    """Return `paras` with the missing blocks of a split article body put back in place.

    `elements` are the body's elements with a class or itemprop (`attributed_elements`).
    Two kinds of series are read:

    - blocks sharing a body-container class (or ``itemprop="articleBody"``) and the classes
      of their three nearest ancestors, none inside another (the story cut around ads); a
      missing block is added when it holds a long paragraph that is not mostly links;
    - at least `MIN_SIBLINGS` siblings with the same tag and class (``div.text-block`` after
      ``div.text-block``, or plain ``<p>`` after ``<p>``), of which the extraction already
      holds `SIBLING_COVERAGE`; the others are the story too, even when links make up much
      of their text (trafilatura's precision mode drops those), unless they are one link.
      When it holds fewer (an interview cut into a dozen text modules, one of them
      extracted), the siblings that hold prose (a long paragraph, few links) are added;
    - two sibling ``<div>`` of one class (a page builder's two rich-text modules with an
      empty promotion slot or a player between them, `_text_modules`), one extracted: the
      other's prose (`_prose_run`) is added when it holds a long paragraph that is not
      mostly links.
    """
    named: dict[tuple[object, ...], list[HtmlElement]] = {}
    siblings: dict[tuple[object, ...], list[HtmlElement]] = {}
    for el in elements:
        key = _series_key(el)
        if key is not None:
            named.setdefault(key, []).append(el)
        classes = el.get("class")
        if classes:
            siblings.setdefault((el.getparent(), el.tag, classes), []).append(el)
    have = {fold(p) for p in paras}
    long_paras = [(f, i) for i, p in enumerate(paras) if len(p) >= MATCH_CHARS and (f := fold(p))]
    inserts: dict[int, list[str]] = {}
    for blocks in named.values():
        members = set(blocks)
        blocks = [b for b in blocks if not any(a in members for a in b.iterancestors())]
        if len(blocks) >= 2:
            _fill(blocks, long_paras, have, inserts, _has_prose, 0.0, link_boxes=True)
    for el in tree.iter("p"):
        if not el.get("class"):
            siblings.setdefault((el.getparent(), "p", ""), []).append(el)
    for blocks in siblings.values():
        if len(blocks) >= MIN_SIBLINGS:
            _fill(
                blocks, long_paras, have, inserts, _is_text, SIBLING_COVERAGE,
                link_boxes=False, below=_has_prose,
            )  # fmt: skip
        elif len(blocks) == 2 and blocks[0].tag == "div" and _text_modules(blocks, paras):
            _fill(
                blocks, long_paras, have, inserts, _has_prose, 0.5,
                link_boxes=True, prose_only=True,
            )  # fmt: skip
    _fill_lists(tree, paras, have, inserts)
    if not inserts:
        return paras
    out = list(inserts.get(-1, ()))
    for i, para in enumerate(paras):
        out.append(para)
        out.extend(inserts.get(i, ()))
    return out


def _fill(
    blocks: list[HtmlElement],
    long_paras: list[tuple[str, int]],
    have: set[str],
    inserts: dict[int, list[str]],
    accept: Callable[[HtmlElement], bool],
    coverage: float,
    *,
    link_boxes: bool,
    below: Callable[[HtmlElement], bool] | None = None,
    prose_only: bool = False,
) -> None:
    """Queue the paragraphs of the `blocks` the extraction lacks, after their predecessor.

    Nothing happens unless some blocks (at least a `coverage` share) are already extracted;
    with `below`, a smaller share (one block or more) is enough for the blocks `below`
    accepts, boxes made mostly of links left out. Boilerplate boxes inside a block are left
    out, and with `link_boxes` so are boxes made mostly of links. With `prose_only`, only
    the prose of a missing block is added (`_prose_run`).
    """
    raw = [b.text_content() for b in blocks]
    # A block holding an extracted paragraph is at least that long: most series (menus,
    # teaser lists) are ruled out before any text is folded.
    need = 1.0 if below is not None else max(1, coverage * len(blocks))
    if sum(1 for text in raw if len(text) >= MATCH_CHARS) < need:
        return
    found = [_hits(text, long_paras) if len(text) >= MATCH_CHARS else [] for text in raw]
    covered = sum(1 for hits in found if hits)
    if not covered or covered == len(blocks):
        return
    if covered < coverage * len(blocks):
        if below is None:
            return
        accept, link_boxes = below, True
    after = -1  # extracted paragraph the next missing block follows
    pending: list[str] = []
    for block, hits in zip(blocks, found, strict=True):
        if hits:
            if pending:
                inserts.setdefault(min(hits) - 1 if after < 0 else after, []).extend(pending)
                pending = []
            after = max(after, *hits)
        elif accept(block):
            paras = element_paragraphs(block, _boxes_in(block, link_boxes=link_boxes))
            for para in _prose_run(paras) if prose_only else paras:
                if fold(para) not in have:
                    have.add(fold(para))
                    pending.append(para)
    if pending and after >= 0:
        inserts.setdefault(after, []).extend(pending)


def _text_modules(blocks: list[HtmlElement], paras: list[str]) -> bool:
    """Say whether two sibling blocks are modules of the text, not the page's layout columns.

    Each is at most twice as long as the whole extraction, and one of them is at least half
    made of extracted paragraphs (a layout column holds the text and much else: a sidebar,
    comments, teasers).
    """
    total = sum(len(p) for p in paras)
    raw = [b.text_content() for b in blocks]
    if min(len(t) for t in raw) < MATCH_CHARS:
        return False  # no paragraph extracted from one, or no prose in the other
    texts = [" ".join(t.split()) for t in raw]
    if any(len(t) > 2 * total for t in texts):
        return False
    for text in texts:
        folded = fold(text)
        found = sum(len(p) for p in paras if len(p) >= MATCH_CHARS and fold(p) in folded)
        if found >= 0.5 * len(text):
            return True
    return False


def _prose_run(paras: list[str]) -> list[str]:
    """Return the paragraphs of `PROSE_CHARS` or more, and a subheading right before one.

    A subheading (at most `SUBHEADING_CHARS`) goes with the prose it heads; other short lines
    of a block (a box's label, a teaser's subtitle, a row of metadata) are left out.
    """
    return [
        para
        for i, para in enumerate(paras)
        if len(para) >= PROSE_CHARS
        or (
            len(para) <= SUBHEADING_CHARS
            and i + 1 < len(paras)
            and len(paras[i + 1]) >= PROSE_CHARS
        )
    ]


def _fill_lists(
    tree: HtmlElement, paras: list[str], have: set[str], inserts: dict[int, list[str]]
) -> None:
    """Queue the items of a list without links that sits between two extracted paragraphs.

    The list's nearest element siblings before and after it are both paragraphs the
    extraction holds, and none of its items is extracted: it is a list of the text
    (questions, steps, points) that the extraction skipped, put back in its place.
    """
    index = {fold(p): i for i, p in enumerate(paras) if len(p) >= SENTENCE_CHARS}
    if len(index) < 2:
        return
    for lst in tree.iter("ul", "ol"):
        before, after = lst.getprevious(), lst.getnext()
        if before is None or after is None or before.tag != "p" or after.tag != "p":
            continue
        if any(a.get("href") for a in lst.iter("a")):
            continue
        i = index.get(fold(before.text_content()))
        if i is None or fold(after.text_content()) not in index:
            continue
        items = [" ".join(li.text_content().split()) for li in lst.iterchildren("li")]
        items = [t for t in items if t]
        if len(items) < 2 or any(fold(t) in have for t in items):
            continue
        for t in items:
            have.add(fold(t))
        inserts.setdefault(i, []).extend(f"- {t}" for t in items)


def _hits(text: str, long_paras: list[tuple[str, int]]) -> list[int]:
    """Return the indexes of the extracted paragraphs found in a block's `text`."""
    folded = fold(text)
    return [i for f, i in long_paras if f in folded]


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


def _boxes_in(block: HtmlElement, *, link_boxes: bool) -> list[HtmlElement]:
    """Return the boilerplate blocks inside `block`.

    With `link_boxes`, boxes made mostly of links (teasers) too.
    """
    out = []
    for el in block.iterdescendants():
        if not isinstance(el.tag, str):
            continue
        if is_boilerplate_block(el):
            out.append(el)
        elif link_boxes and el.tag in _BOX_TAGS:
            text = len(el.text_content())
            links = sum(len(a.text_content()) for a in el.iter("a"))
            if text and links > LINK_SHARE * text:
                out.append(el)
    return out


def _is_text(block: HtmlElement) -> bool:
    """Say whether a sibling block is a text paragraph.

    It holds a ``<p>`` of a sentence or more that is not one link (a teaser of another
    story), and no media, quote box or boilerplate class (captions, video labels).
    """
    if is_boilerplate_block(block) or _MEDIA_XPATH(block):
        return False
    for p in block.iter("p"):
        text = " ".join(p.text_content().split())
        if len(text) >= SENTENCE_CHARS:
            links = " ".join(" ".join(a.text_content().split()) for a in p.iter("a"))
            if len(links) < LINK_ONLY * len(text):
                return True
    return False


def _has_prose(block: HtmlElement) -> bool:
    """Say whether `block` holds a long paragraph that is not mostly a link."""
    for p in block.iter("p"):
        text = p.text_content()
        if len(text) >= PROSE_CHARS:
            links = sum(len(a.text_content()) for a in p.iter("a"))
            if links < LINK_SHARE * len(text):
                return True
    return False
