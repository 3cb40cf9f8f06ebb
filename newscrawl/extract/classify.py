"""Decide whether a page is an article, a listing or something else.

Three ways make a page an article: the score of its metadata, URL and layout; the story
shape (a headline, a date, real paragraphs in a main-content container), which holds for
plain CMS themes without JSON-LD or ``og:`` tags however short the post; and the site
listing the URL as a post (posts sitemap, Google News sitemap, feed item), which holds unless
the page proves otherwise (listing metadata or layout, no date of its own).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lxml import etree

from newscrawl.extract.metadata import ARTICLE_TYPES, LISTING_TYPES, types_of
from newscrawl.extract.prune import ARTICLE_BODY_RE

if TYPE_CHECKING:
    from newscrawl.extract.document import Document
    from newscrawl.sites.profile import SiteProfile


def _url_kind(url: str) -> str:
    from newscrawl.discovery.urlshape import url_kind

    return str(url_kind(url))


def _text_density(doc: Document) -> tuple[int, int]:
    """Return (paragraphs of more than 80 characters, mostly not links; teaser links)."""
    long_paras = 0
    for p in doc.tree.iter("p"):
        n = len(p.text_content().strip())
        if n > 80:
            links = sum(len(a.text_content()) for a in p.iter("a"))
            if links < n * 0.5:
                long_paras += 1
    teasers = 0
    for a in doc.tree.iter("a"):
        if len(a.text_content().strip()) > 30:
            teasers += 1
    return long_paras, teasers


PROSE_CHARS = 60
"""A paragraph this long, mostly not links, is prose."""
MIN_STORY_CHARS = 80
"""Prose in a main-content container that makes a dated, headlined page a story."""
MAX_STORY_TEASERS = 2
"""Headings linking elsewhere (teasers) a story page may hold; listings hold more."""
_MAIN_XPATH = etree.XPath(
    "//main | //article | //*[@role='main'] | //*[@itemprop='articleBody']"
    " | //*[contains(@class, 'content') or contains(@class, 'body') or contains(@id, 'content')]"
)
_DATED_XPATH = etree.XPath(
    "boolean(//time[@datetime] | //*[@itemprop='datePublished'] | //*[@itemprop='dateCreated']"
    " | //abbr[contains(@class, 'published')] | //*[contains(@class, 'dt-published')])"
)
_TEASER_HEADINGS_XPATH = etree.XPath("count(//*[self::h2 or self::h3][.//a[@href]])")
_DATE_META = ("article:published_time", "datePublished", "date", "dc.date", "dcterms.created",
              "pubdate", "publishdate", "sailthru.date", "parsely-pub-date")  # fmt: skip


def _main_prose(doc: Document) -> int:
    """Return the characters of prose paragraphs inside main-content containers."""
    seen: set[int] = set()
    total = 0
    for container in _MAIN_XPATH(doc.tree):
        if (
            container.tag not in ("main", "article")
            and not ARTICLE_BODY_RE.search(
                f"{container.get('class') or ''} {container.get('id') or ''}"
            )
            and container.get("role") != "main"
            and container.get("itemprop") != "articleBody"
        ):
            continue
        for p in container.iter("p"):
            if id(p) in seen:
                continue
            seen.add(id(p))
            text = p.text_content().strip()
            links = sum(len(a.text_content()) for a in p.iter("a"))
            if len(text) >= PROSE_CHARS and links < len(text) * 0.5:
                total += len(text)
    return total


def _has_own_date(doc: Document) -> bool:
    """Say whether the page dates itself: ``<time datetime>``, a date microdata/meta, JSON-LD."""
    if _DATED_XPATH(doc.tree):
        return True
    if any(doc.meta.get(name) for name in _DATE_META):
        return True
    return any(isinstance(obj, dict) and obj.get("datePublished") for obj in doc.jsonld)


def _story_shape(doc: Document) -> bool:
    """Say whether the page is one dated story: headline, date, prose, few teasers."""
    headline = any(len(h.text_content().strip()) >= 3 for h in doc.tree.iter("h1"))
    if not headline or _TEASER_HEADINGS_XPATH(doc.tree) > MAX_STORY_TEASERS:
        return False
    return _has_own_date(doc) and _main_prose(doc) >= MIN_STORY_CHARS


LAYOUT_PENALTY_MAX = 4.5
"""The most the layout signals (`<article>` count, text density) can take off the score."""
ARTICLE_SCORE = 2.0


def classify_page(
    doc: Document, profile: SiteProfile | None = None, *, listed: bool = False
) -> str:
    """Return ``"article"``, ``"listing"`` or ``"other"`` for a parsed page.

    With a profile that has article URL patterns, the URL decides. Otherwise the page is
    scored: JSON-LD article types, ``og:type=article``, ``article:published_time``, the URL
    shape (`newscrawl.discovery.urlshape.url_kind`), one ``<article>`` element, and text
    density (several long paragraphs vs. many teaser links). Home, section, tag, author,
    date-archive, search, about and contact pages come out as listing or other.

    A page below the score is still an article when it has the story shape (`_story_shape`),
    or when the site `listed` it as a post and it dates itself and is not laid out as a
    listing — unless its URL or JSON-LD says listing.
    """
    if profile is not None:
        verdict = profile.is_article_url(doc.url)
        if verdict is not None:
            if verdict:
                return "article"
            if any(p.search(doc.url) for p in profile.listing_url_patterns):
                return "listing"
            return "other"
    score = 0.0
    types: set[str] = set()
    for obj in doc.jsonld:
        types |= types_of(obj)
    if types & ARTICLE_TYPES:
        score += 3
    elif types & LISTING_TYPES:
        score -= 3
    og_type = (doc.meta.get("og:type") or [""])[0].lower()
    if og_type == "article":
        score += 2
    elif og_type in {"website", "profile", "blog"}:
        score -= 1
    if doc.meta.get("article:published_time"):
        score += 1
    kind = _url_kind(doc.url)
    if kind == "article":
        score += 1.5
    elif kind == "listing":
        score -= 3
    if score - LAYOUT_PENALTY_MAX >= ARTICLE_SCORE:
        return "article"  # whatever the layout says: skip measuring it
    articles = doc.tree.xpath("count(//article)")
    long_paras, teasers = _text_density(doc)
    if articles == 1:
        score += 1
    elif articles >= 4 and long_paras < 4:
        score -= 2
    if long_paras >= 4:
        score += 1.5
    elif long_paras <= 1:
        score -= 1.5
    if teasers > 40 and long_paras < 4:
        score -= 1
    if score >= ARTICLE_SCORE:
        return "article"
    said_listing = kind == "listing" or bool(types & LISTING_TYPES)
    if not said_listing and articles <= 1:
        if listed and (teasers < 10 or long_paras >= 2) and _has_own_date(doc):
            return "article"
        if _story_shape(doc):
            return "article"
    if teasers >= 10 or articles >= 3 or (kind == "listing" and teasers >= 3):
        return "listing"
    return "other"
