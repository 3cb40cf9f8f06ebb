"""Decide whether a page is an article, a listing or something else."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from newscrawl.extract.metadata import ARTICLE_TYPES, LISTING_TYPES, types_of

if TYPE_CHECKING:
    from newscrawl.extract.document import Document
    from newscrawl.sites.profile import SiteProfile

_NON_ARTICLE_PATH_RE = re.compile(
    r"(?:^/?$|/(?:tag|tags|category|categories|section|sections|topic|topics|author|authors|"
    r"search|about|about-us|contact|contact-us|privacy|privacy-policy|terms|imprint|impressum|"
    r"login|register|subscribe|newsletter|feed|rss|archive|archives|page)(?:/|$)|"
    r"/(?:19|20)\d{2}(?:/\d{1,2}){0,2}/?$|[?&](?:s|q|search|cat|tag|paged|page)=)",
    re.IGNORECASE,
)


def _url_kind(url: str) -> str:
    try:
        from newscrawl.discovery.urlshape import url_kind  # type: ignore[import-not-found]
    except ImportError:
        return "unknown"
    return str(url_kind(url))


def _text_density(doc: Document) -> tuple[int, int]:
    """Return (longest paragraph-ish text run, number of link-heavy teaser blocks)."""
    longest = 0
    long_paras = 0
    for p in doc.tree.iter("p"):
        text = p.text_content()
        n = len(text.strip())
        if n > 80:
            links = sum(len(a.text_content()) for a in p.iter("a"))
            if links < n * 0.5:
                long_paras += 1
                longest = max(longest, n)
    teasers = 0
    for a in doc.tree.iter("a"):
        if len(a.text_content().strip()) > 30:
            teasers += 1
    return long_paras, teasers


def classify_page(doc: Document, profile: SiteProfile | None = None) -> str:
    """Return ``"article"``, ``"listing"`` or ``"other"`` for a parsed page."""
    from urllib.parse import urlsplit

    if profile is not None:
        verdict = profile.is_article_url(doc.url)
        if verdict is not None:
            if verdict:
                return "article"
            return (
                "listing"
                if any(p.search(doc.url) for p in profile.listing_url_patterns)
                else "other"
            )
    parts = urlsplit(doc.url)
    path_q = parts.path + ("?" + parts.query if parts.query else "")
    score = 0.0
    types: set[str] = set()
    for obj in doc.jsonld:
        types |= types_of(obj)
    if types & ARTICLE_TYPES:
        score += 3
    if types & LISTING_TYPES:
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
        score -= 2.5
    if _NON_ARTICLE_PATH_RE.search(path_q):
        score -= 3
    articles = doc.tree.xpath("count(//article)")
    if articles == 1:
        score += 1
    elif articles >= 4:
        score -= 2
    long_paras, teasers = _text_density(doc)
    if long_paras >= 4:
        score += 1.5
    elif long_paras <= 1:
        score -= 1.5
    if teasers > 40 and long_paras < 4:
        score -= 1
    if score >= 2:
        return "article"
    if teasers >= 10 or articles >= 3 or _NON_ARTICLE_PATH_RE.search(path_q):
        return "listing"
    return "other"
