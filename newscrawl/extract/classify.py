"""Decide whether a page is an article, a listing or something else."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newscrawl.extract.metadata import ARTICLE_TYPES, LISTING_TYPES, types_of

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


LAYOUT_PENALTY_MAX = 4.5
"""The most the layout signals (`<article>` count, text density) can take off the score."""
ARTICLE_SCORE = 2.0


def classify_page(doc: Document, profile: SiteProfile | None = None) -> str:
    """Return ``"article"``, ``"listing"`` or ``"other"`` for a parsed page.

    With a profile that has article URL patterns, the URL decides. Otherwise the page is
    scored: JSON-LD article types, ``og:type=article``, ``article:published_time``, the URL
    shape (`newscrawl.discovery.urlshape.url_kind`), one ``<article>`` element, and text
    density (several long paragraphs vs. many teaser links). Home, section, tag, author,
    date-archive, search, about and contact pages come out as listing or other.
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
    if teasers >= 10 or articles >= 3 or (kind == "listing" and teasers >= 3):
        return "listing"
    return "other"
