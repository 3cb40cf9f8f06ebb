"""The page's own DOM, when it is decisive: one container clearly holds the article's prose.

The generic body costs a trafilatura pass, boilerplate marking and the split-body join
(about half of a page's analysis). When the page's own DOM scoring (as `scoring.main_block`
scores: each text block gives its plain, unlinked text to its parent and half of it to its
grandparent) names one container far ahead of every other block, and that container's text
is paragraph prose with few links, that container is what those passes would read: its
paragraphs are the body. Every check is about the page's structure, none about a site; a
page that fails any of them takes the generic passes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lxml import etree

from newscrawl.extract.ldbody import BOX_CHARS, boilerplate_in
from newscrawl.extract.paragraphs import SKIP_TAGS, element_paragraphs
from newscrawl.extract.prune import (
    COMMENT_CLASSES,
    COMMENT_IDS,
    has_prose,
    is_boilerplate_block,
    is_comment_markup,
)
from newscrawl.extract.scoring import plain_length
from newscrawl.extract.text import clean_line

if TYPE_CHECKING:
    from lxml.html import HtmlElement

MARGIN = 0.25
"""Every element that is neither inside the container nor around it scores at most this share
of the container's score."""
MIN_CHARS = 400
"""The container's paragraphs hold at least this many characters: a short text is where the
generic passes (and their wider retries) are worth their cost."""
PROSE_CHARS = 80
"""A paragraph this long is prose..."""
PROSE_SHARE = 0.7
"""... and prose paragraphs hold at least this share of the container's text..."""
MIN_PROSE_PARAGRAPHS = 2
"""... in at least this many paragraphs."""
LINK_SHARE = 0.1
"""Link text makes up at most this share of the container's text (boxes left out)."""
STRAY_SHARE = 0.03
"""Text of the container outside its own paragraphs (`_FLOW_TAGS` children), link text and
boxes left out, is at most this share of its text: the container is a plain run of
paragraphs, not a wrapper of teasers, notes or widgets that trafilatura would judge. That
text (labels, reading times, a rating line) is left out."""
_FLOW_TAGS = frozenset({"p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "br", "hr"})

_LEFT_OUT = frozenset({"nav", "header", "footer", "aside", "form", "script", "style", "noscript"})
"""Subtrees whose text never scores, whatever their class names say (as `scoring._TEXT_BLOCKS`)."""
_BLOCK_TAGS = frozenset({"p", "pre", "blockquote", "td", "dd"})
_NO_LOOSE_TEXT = _LEFT_OUT | {"a"}
LOOSE_TEXT = 80
"""Another element is a text block when its own text (before its first child) is this long;
a link never is (a teaser's title)."""
_STRUCTURED = ("table", "pre", "math")
"""Tags trafilatura writes in its own format (table rows with ``|``, code blocks): a container
holding one takes the generic passes."""


class _Walk:
    """The scores of the body's text blocks and its prose blocks.

    Text in `_LEFT_OUT` subtrees and in reader-comment markup (`prune.is_comment_markup`)
    gives nothing. The blocks are found by one iteration of the body in C; whether a block
    is readable is decided from its ancestors, each judged once (`_readable`), so only the
    few elements around text blocks are looked at from Python.
    """

    def __init__(self, body: HtmlElement) -> None:
        self.scores: dict[HtmlElement, float] = {}
        self.prose: list[HtmlElement] = []
        self._verdicts: dict[HtmlElement, bool] = {body: True}
        for el in body.iterdescendants(etree.Element):  # elements only, chosen in C
            tag = el.tag
            if tag not in _BLOCK_TAGS:
                if tag in _NO_LOOSE_TEXT:
                    continue
                text = el.text
                if (
                    not text
                    or len(text) <= LOOSE_TEXT
                    or len(" ".join(text.split())) <= LOOSE_TEXT
                ):
                    continue
            if self._readable(el):
                self._score(el)

    def _readable(self, el: HtmlElement) -> bool:
        """Say whether neither `el` nor an ancestor (below the body) is left out or comments."""
        chain = []
        node: HtmlElement | None = el
        while node is not None and node not in self._verdicts:
            chain.append(node)
            node = node.getparent()
        ok = self._verdicts.get(node, True) if node is not None else True
        for item in reversed(chain):
            ok = ok and not (item.tag in _LEFT_OUT or _is_comment_element(item))
            self._verdicts[item] = ok
        return ok

    def _score(self, block: HtmlElement) -> None:
        weight = plain_length(block)
        if not weight:
            return
        if weight >= PROSE_CHARS:
            self.prose.append(block)
        parent = block.getparent()
        if parent is None:
            return
        self.scores[parent] = self.scores.get(parent, 0.0) + weight
        grand = parent.getparent()
        if grand is not None and grand.tag != "html":
            self.scores[grand] = self.scores.get(grand, 0.0) + weight / 2


def decisive_paragraphs(tree: HtmlElement) -> list[str] | None:
    """Return the body's paragraphs when one container clearly holds them, else None.

    The container is the best-scored element of one walk of the body (`_Walk`); it is
    decisive when

    - every other element not inside or around it scores at most `MARGIN` of its score, and
      every block of prose (a plain-text score of `PROSE_CHARS`) lies in one of its
      paragraphs (`_all_prose_kept`);
    - it is not inside reader-comment markup, holds no `_STRUCTURED` element and has no
      sibling of its tag and class (a body cut into a series of blocks; with the prose rule
      above, the split-body join's cases);
    - without its boilerplate boxes (`ldbody.boilerplate_in`) and reader comments, its text
      is at least `MIN_CHARS`, `PROSE_SHARE` of it in `MIN_PROSE_PARAGRAPHS` or more
      paragraphs of `PROSE_CHARS`, at most `LINK_SHARE` of it link text and at most
      `STRAY_SHARE` of it outside its own paragraphs (`_stray_chars`).

    The paragraphs are those of the container's `_FLOW_TAGS` children, list items written
    ``- item`` as on the generic path.
    """
    body = tree.find("body")
    if body is None:
        return None
    walk = _Walk(body)
    scores = walk.scores
    if not scores:
        return None
    container = max(scores, key=lambda el: scores[el])
    limit = MARGIN * scores[container]
    around = {container, *container.iterancestors()}
    for el, score in scores.items():
        if score > limit and el not in around and container not in el.iterancestors():
            return None
    if _split_or_structured(container, around):
        return None
    removed = boilerplate_in(container)
    removed.update(el for el in container.iterdescendants() if _is_comments(el))
    kept = [child for child in container if child.tag in _FLOW_TAGS and child not in removed]
    box_chars = max(BOX_CHARS, MARGIN * scores[container])
    if not _all_prose_kept(walk.prose, container, set(kept), removed, box_chars):
        return None
    paras = [para for child in kept for para in element_paragraphs(child, removed)]
    total = sum(len(p) for p in paras)
    prose = [len(p) for p in paras if len(p) >= PROSE_CHARS]
    if (
        total < MIN_CHARS
        or len(prose) < MIN_PROSE_PARAGRAPHS
        or sum(prose) < PROSE_SHARE * total
        or _link_chars(container, removed) > LINK_SHARE * total
        or _stray_chars(container, removed) > STRAY_SHARE * total
    ):
        return None
    items = {clean_line(li.text_content()) for li in container.iter("li")}
    return [f"- {p}" if p in items else p for p in paras]


def _all_prose_kept(
    prose: list[HtmlElement],
    container: HtmlElement,
    kept: set[HtmlElement],
    removed: set[HtmlElement],
    box_chars: float,
) -> bool:
    """Say whether every block of prose lies in one of the `kept` children, outside `removed`.

    Prose elsewhere (outside the container, in a box left out, in a wrapper between
    paragraphs) is text the generic passes judge; unless, outside the container, it sits in a
    box the generic passes prune (`_in_box`: a popup's or a newsletter box's pitch).
    """
    for block in prose:
        child = block
        for el in block.iterancestors():
            if child in removed:
                return False
            if el is container:
                break
            child = el
        else:
            if _in_box(block, box_chars):
                continue
            return False
        if child not in kept:
            return False
    return True


def _in_box(block: HtmlElement, box_chars: float) -> bool:
    """Say whether `block` lies in a boilerplate box (`prune.is_boilerplate_block`).

    The box holds no two long paragraphs (`prune.has_prose`) and at most `box_chars`
    characters: a wrapper with an unlucky name is no box.
    """
    for el in (block, *block.iterancestors()):
        if el.tag == "body":
            return False
        if is_boilerplate_block(el):
            return len(el.text_content()) <= box_chars and not has_prose(el)
    return False


def _is_comment_element(el: HtmlElement) -> bool:
    """`prune.is_comment_markup`, its attribute lookups skipped on elements without any."""
    if not len(el.attrib):
        return False
    classes = el.get("class")
    return bool(
        (classes and "comment" in classes and not COMMENT_CLASSES.isdisjoint(classes.split()))
        or el.get("id") in COMMENT_IDS
        or el.get("itemprop") == "comment"
        or "schema.org/Comment" in (el.get("itemtype") or "")
    )


def _is_comments(el: HtmlElement) -> bool:
    return isinstance(el.tag, str) and is_comment_markup(el)


def _split_or_structured(container: HtmlElement, around: set[HtmlElement]) -> bool:
    """Say whether the body may be split over blocks, or holds text trafilatura formats.

    A second block of the body elsewhere on the page holds prose, which `_all_prose_kept`
    refuses; here: a sibling of the container's tag and class (a series of blocks).
    """
    if any(_is_comments(el) for el in around):
        return True
    if any(True for _ in container.iter(*_STRUCTURED)):
        return True
    classes = container.get("class")
    return bool(classes) and any(
        sibling.tag == container.tag and sibling.get("class") == classes
        for sibling in (*container.itersiblings(), *container.itersiblings(preceding=True))
    )


def _stray_chars(container: HtmlElement, removed: set[HtmlElement]) -> int:
    """Return the characters of text in `container` outside its `_FLOW_TAGS` children.

    Loose text counts; link text, `removed` boxes and `SKIP_TAGS` do not.
    """
    stray = len((container.text or "").strip())
    for child in container:
        stray += len((child.tail or "").strip())
        tag = child.tag
        if not isinstance(tag, str) or tag in _FLOW_TAGS or tag in SKIP_TAGS or child in removed:
            continue
        text = sum(len(p) for p in element_paragraphs(child, removed))
        stray += max(0, text - _link_chars(child, removed))
    return stray


def _link_chars(root: HtmlElement, removed: set[HtmlElement]) -> int:
    """Return the characters of link text in `root` outside `removed` and `SKIP_TAGS`."""
    total = 0
    for a in root.iter("a"):
        if a in removed:
            continue
        for el in a.iterancestors():
            if el is root:
                total += len(a.text_content().strip())
                break
            if el in removed or el.tag in SKIP_TAGS:
                break
    return total
