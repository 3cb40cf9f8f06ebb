"""Boilerplate blocks of the DOM: marked by class/id and link density before extraction."""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from lxml import etree

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from lxml.html import HtmlElement


_BOILER_ATTR_RE = re.compile(
    r"related|recommend|newsletter|outbrain|taboola|promo(?!t)|advert|sponsor|social|"
    r"share(?!d)|sharing|signup|sign-up|cookie|consent|modal|popup|breadcrumb|author-?bio|"
    r"read-?more|also-?read|more-?(?:articles|stories|news)|most-?(?:read|popular)|"
    r"check-?also|instagram-media|tiktok-embed|fb-post|social-embed|caption|"
    r"(?:image|photo|picture)-?credit|fact-?box|fakta-?box|info-?box|"
    r"(?:^|[-_ ])(?:comments?|ad-slot|donate|donation)(?:$|[-_ ])|"
    r"(?:^|[-_ ])(?:credits?|copyright|disclaimer|disclosure|affiliate-text|cta)(?:$|[-_ ])|"
    r"author-?(?:box|info)|saboxplugin|web-?push|push-?(?:widget|notification)|"
    r"(?:third-?party|privacy)[-_]+(?:services?[-_]+)?(?:placeholder|embed)|embed-?privacy",
    re.IGNORECASE,
)
_BOILER_KEYS_RE = re.compile(
    "relat|recomm|newsl|outbr|tabo|promo|adv|spons|soci|shar|sign|cooki|conse|modal|popup|"
    "bread|bio|read|more|most|comment|ad-|ads|donat|check|insta|tiktok|fb-|embed|"
    "caption|credit|fact|fakta|info|copyr|discl|affil|cta|author|sabox|push|third|priva"
)
"""Cheap test run before `_BOILER_ATTR_RE` (most class names have none of these)."""
_LIVE_ENTRY_RE = re.compile(r"(?:^|[-_ ])live-(?:[a-z]+-)?comments?(?=$|[-_ ])", re.IGNORECASE)
"""An entry of a live ticker (``live-match-comment``): the report itself, not reader comments."""
_KEEP_TAGS = frozenset({"html", "body", "main", "article", "h1"})
# An embedded post (``blockquote.twitter-tweet``) is not named here: a post quoted in a story
# is what the story reports ("she wrote on X: ..."), like a quotation set in its own block.
# Instagram and TikTok embeds hold little more than "View this post on Instagram".
ARTICLE_BODY_RE = re.compile(
    r"(?:^|[-_ ])(?:entry|post|article|story|news)[-_]?(?:content|body|text)(?:$|[-_ ])|"
    r"articlebody",
    re.IGNORECASE,
)
"""Class/id of the article's own text container: never boilerplate, whatever modifier classes
it also carries (``entry-content is-highlight-shares``)."""
_ATTR_XPATH = etree.XPath("//body//*[@class or @id or @itemprop]")


def attributed_elements(tree: HtmlElement) -> list[HtmlElement]:
    """Return the body's elements with a class, id or itemprop, in document order.

    The body layers that judge elements by their names (`mark_boilerplate`, the split-body
    join) share this one walk of the tree (`Document.attributed_elements` keeps it).
    """
    return list(_ATTR_XPATH(tree))


COMMENT_IDS = frozenset({"comments", "respond", "disqus_thread"})
COMMENT_CLASSES = frozenset(
    {
        "comment", "comments", "comment-list", "commentlist", "comment-body",
        "comment-content", "wp-block-comments", "wp-block-comment-content", "p-comment",
    }
)  # fmt: skip
COMMENT_MARKUP = (
    *(f"@id='{name}'" for name in sorted(COMMENT_IDS)),
    "@itemprop='comment'",
    "contains(@itemtype, 'schema.org/Comment')",
    *(
        f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"
        for name in sorted(COMMENT_CLASSES)
    ),
)
"""Reader comments by their markup (WordPress, Disqus, schema.org, microformats), as XPath
conditions: a long thread under a short post is not the post."""


def is_comment_markup(el: HtmlElement) -> bool:
    """Say whether `el` is marked up as reader comments (`COMMENT_MARKUP`, without XPath)."""
    if el.get("id") in COMMENT_IDS or el.get("itemprop") == "comment":
        return True
    if "schema.org/Comment" in (el.get("itemtype") or ""):
        return True
    classes = el.get("class")
    return bool(classes) and not COMMENT_CLASSES.isdisjoint(classes.split())


_ARTICLE_BODY_XPATH = etree.XPath("boolean(descendant-or-self::*[@itemprop='articleBody'])")
MIN_TEXT_OUTSIDE_COMMENTS = 100
"""A comment thread is pruned only when the page has this much text (characters) besides."""


_MARK = "data-newscrawl-prune"
PRUNE_XPATH = f"//*[@{_MARK}]"
UNMARKED = f"[not(ancestor-or-self::*[@{_MARK}])]"
"""XPath filter: not inside a block already marked (libxml2 walks the ancestors, not Python)."""
_LIST_XPATH = etree.XPath(f"//body//ul[li[2]]{UNMARKED} | //body//ol[li[2]]{UNMARKED}")
_LINK_ONLY_XPATH = etree.XPath(
    "//body//*[self::h2 or self::h3 or self::h4 or self::h5 or self::p]"
    "[count(.//a[@href and not(starts-with(@href, '#'))]) = 1]"
    "[normalize-space(.) = normalize-space(.//a[@href])]" + UNMARKED
)
"""Headings and paragraphs that are nothing but one link: teasers of other articles."""
_LINKED_HEADING_XPATH = etree.XPath(
    "//body//a[@href and not(starts-with(@href, '#'))]"
    "//*[self::h2 or self::h3 or self::h4 or self::h5]" + UNMARKED
)
"""Headings inside a link: a teaser card whose whole box links to another article."""
_LINK_RUN_XPATH = etree.XPath(
    "//body//p[count(.//a[@href and not(starts-with(@href, '#'))]) >= 2]" + UNMARKED
)
LINK_RUN_SHARE = 0.9
"""A paragraph of two links or more whose text is this much link text is a list of links set
as lines of one paragraph (``<a>…</a><br><a>…</a>``), not prose."""
_LINK_TEXT_XPATH = etree.XPath(".//a//text()")


def has_prose(el: HtmlElement) -> bool:
    """Say whether `el` holds two or more long paragraphs (article text, not a box)."""
    long_paras = 0
    for p in el.iter("p"):
        if len(p.text_content()) > 150:
            long_paras += 1
            if long_paras >= 2:
                return True
    return False


_READ_MORE_RE = re.compile(r"read-?more", re.IGNORECASE)
COLLAPSED_TEXT = 150
"""A read-more block with this much plain text (characters) is the text itself, folded."""


def _collapsed_text(el: HtmlElement) -> bool:
    """Say whether a block named read-more holds plain text (an expandable passage).

    A "read more" teaser is a link; a folded passage of the article (``js_readmore``,
    ``readmore-content``) is text with (almost) no links in it.
    """
    if not _READ_MORE_RE.search(f"{el.get('class', '')} {el.get('id', '')}"):
        return False
    text = len(" ".join(el.text_content().split()))
    if text < COLLAPSED_TEXT:
        return False
    links = sum(len(t.strip()) for t in _LINK_TEXT_XPATH(el))
    return links < 0.1 * text


_CAPTION_RE = re.compile(r"caption", re.IGNORECASE)
CAPTION_PROSE = 80
"""A paragraph this long (characters) in a caption block is a sentence of description."""
SLIDE_TEXT = 120
"""Two or more paragraphs this long together in a caption block are a gallery slide's text."""
_PICTURE_XPATH = etree.XPath("../descendant::*[self::img or self::picture or self::amp-img]")


def _caption_prose(el: HtmlElement, attrs: str) -> bool:
    """Say whether a block named as a caption holds the text the page shows.

    Two paragraphs or more (a gallery slide: its title line and description), or a long
    paragraph with no picture beside it (a video's description). One paragraph under a
    picture is the picture's caption, however long.
    """
    if not _CAPTION_RE.search(attrs):
        return False
    paras = [len(" ".join(p.text_content().split())) for p in el.iter("p")]
    if len(paras) >= 2 and sum(paras) >= SLIDE_TEXT:
        return True
    return any(n >= CAPTION_PROSE for n in paras) and not _PICTURE_XPATH(el)


def is_boilerplate_block(el: HtmlElement) -> bool:
    """Say whether the class or id of `el` names a related/share/ad/embed block."""
    if el.tag in _KEEP_TAGS or not isinstance(el.tag, str):
        return False
    attrs = f"{el.get('class', '')} {el.get('id', '')}".lower()
    if not _names_boilerplate(attrs) or el.get("itemprop") == "articleBody":
        return False
    return not _caption_prose(el, attrs)


@functools.lru_cache(maxsize=8192)
def _names_boilerplate(attrs: str) -> bool:
    """Say whether a lower-cased class and id (``"share-box post-12"``) name a boilerplate block.

    Remembered: a page repeats the same few class names on hundreds of elements (menu items,
    teaser cards), and each is judged several times per page by the layers that prune.
    """
    if not _BOILER_KEYS_RE.search(attrs) or not _BOILER_ATTR_RE.search(attrs):
        return False
    if ARTICLE_BODY_RE.search(attrs):
        return False
    return not (
        _LIVE_ENTRY_RE.search(attrs) and not _BOILER_ATTR_RE.search(_LIVE_ENTRY_RE.sub(" ", attrs))
    )


def mark_boilerplate(
    root: HtmlElement, elements: Sequence[HtmlElement] | None = None
) -> list[HtmlElement]:
    """Mark related/newsletter/share/ad blocks and link lists for pruning; return them.

    An element is marked when its class or id names a boilerplate block, or when it is a
    list whose text is mostly links (related-article lists). Nothing holding two long
    paragraphs or more than a third of the page's text is marked, so a wrapper with an
    unlucky class name survives. Call `unmark` afterwards: the shared tree is restored.
    """
    body = root.find("body")
    if body is None:
        return []
    limit = max(400, len(body.text_content()) // 3)
    marked: list[HtmlElement] = []

    def mark(el: HtmlElement) -> None:
        el.set(_MARK, "")
        marked.append(el)

    all_elements = attributed_elements(root) if elements is None else elements
    for el in all_elements:
        if not is_boilerplate_block(el):
            continue
        if marked and any(a.get(_MARK) is not None for a in el.iterancestors()):
            continue
        if len(el.text_content()) <= limit and not has_prose(el) and not _collapsed_text(el):
            mark(el)
    # The lists and link-only blocks are selected after the first marks are set, so the
    # XPath leaves out what is already inside a marked block. A list nested in another
    # list marked here may be marked too: pruning the outer one removes both.
    for lst in _LIST_XPATH(root):
        text_len = len(lst.text_content().strip())
        if not text_len or text_len > limit:
            continue
        links = sum(len(t.strip()) for t in _LINK_TEXT_XPATH(lst))
        if links >= 0.6 * text_len:
            mark(lst)
    for el in (*_LINK_ONLY_XPATH(root), *_LINKED_HEADING_XPATH(root)):
        if len(el.text_content()) < 200:
            mark(el)
    for el in _LINK_RUN_XPATH(root):
        text_len = len("".join(el.text_content().split()))
        if 0 < text_len <= limit:
            links = sum(len("".join(t.split())) for t in _LINK_TEXT_XPATH(el))
            if links >= LINK_RUN_SHARE * text_len:
                mark(el)
    _mark_box_labels(marked, mark)
    # Reader comments by their markup, however long the thread: unless the page has no
    # other text (an old page whose whole text sits in a wrapper named "comment"). The
    # same walk collects the sidebar widget candidates.
    found: list[HtmlElement] = []
    widgets: list[HtmlElement] = []
    for el in all_elements:
        if is_comment_markup(el):
            found.append(el)
        elif "widget" in (el.get("class") or ""):
            widgets.append(el)
    _mark_sidebar_widgets(widgets, mark)
    inner = set(found)
    threads = [
        el
        for el in found
        if not any(a in inner for a in el.iterancestors()) and not _ARTICLE_BODY_XPATH(el)
    ]
    if threads:
        total = len(body.text_content())
        inside = sum(len(el.text_content()) for el in threads)
        if total - inside >= MIN_TEXT_OUTSIDE_COMMENTS:
            for el in threads:
                if el.get(_MARK) is None:
                    mark(el)
    return marked


_SIDEBAR_RE = re.compile(r"(?:^|\s)(?:sidebar|widget-area)(?:\s|$)")
"""Class or id of a page's sidebar: ``#sidebar``, ``.sidebar``, WordPress's ``.widget-area``."""
_WIDGET_RE = re.compile(r"(?:^|\s)widget(?:\s|$)")
"""Class of one sidebar widget (WordPress: ``li.widget.widget_rss``, ``div.widget``)."""


def is_sidebar_widget(el: HtmlElement) -> bool:
    """Say whether `el` is a widget of a sidebar: a feed, a tweet list, a calendar.

    A widget (class ``widget``) inside an element named ``sidebar`` or ``widget-area`` is
    another source's text beside the post. The class token ``widget`` alone says nothing
    (page builders name their content blocks so), nor does a sidebar without widgets.
    """
    classes = el.get("class")
    if not classes or "widget" not in classes or not _WIDGET_RE.search(classes):
        return False
    return any(
        _SIDEBAR_RE.search(f"{a.get('class', '')} {a.get('id', '')}".lower())
        for a in el.iterancestors()
    )


def _mark_sidebar_widgets(
    candidates: Sequence[HtmlElement], mark: Callable[[HtmlElement], None]
) -> None:
    """Mark the widgets of a sidebar (`is_sidebar_widget`) that hold no article prose.

    On a short post a wider extraction pass reads a sidebar's feed as the body (the longest
    text of the page): a widget is marked however long, unless it holds two long
    paragraphs. `candidates` are the elements whose class holds the word ``widget``.
    """
    for el in candidates:
        if el.get(_MARK) is not None or not is_sidebar_widget(el):
            continue
        if any(a.get(_MARK) is not None for a in el.iterancestors()):
            continue
        if not has_prose(el):
            mark(el)


_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
LABEL_CHARS = 80
"""A heading this short can be a box's label ("More tours", "Related stories")."""


def _mark_box_labels(marked: list[HtmlElement], mark: Callable[[HtmlElement], None]) -> None:
    """Mark the headings that only label marked blocks: a box's title pruned with its box.

    A short heading whose following siblings, up to the next heading or the end of its
    parent, are all marked (at least one) heads a related list, a link box or a teaser run.
    """
    candidates: dict[HtmlElement, None] = {}
    for el in marked:
        prev = el.getprevious()
        while prev is not None and (not isinstance(prev.tag, str) or prev.get(_MARK) is not None):
            prev = prev.getprevious()
        if prev is not None and prev.tag in _HEADINGS:
            candidates[prev] = None
    for heading in candidates:
        if len(heading.text_content().strip()) > LABEL_CHARS:
            continue
        following = []
        for sib in heading.itersiblings():
            if not isinstance(sib.tag, str):
                continue
            if sib.tag in _HEADINGS:
                break
            if sib.get(_MARK) is not None or sib.text_content().strip():
                following.append(sib)  # an empty block (a widget's slot) labels nothing
        if following and all(sib.get(_MARK) is not None for sib in following):
            mark(heading)


def is_marked(el: HtmlElement) -> bool:
    """Say whether `mark_boilerplate` marked `el` itself (its ancestors are not looked at)."""
    return el.get(_MARK) is not None


def unmark(elements: Iterable[HtmlElement]) -> None:
    """Remove the pruning marks set by `mark_boilerplate`."""
    for el in elements:
        el.attrib.pop(_MARK, None)
