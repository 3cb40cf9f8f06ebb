"""Assemble an `ArticleItem` from the extraction layers.

Layers, first hit wins unless a later check overrules it: profile selectors, then
JSON-LD / microdata / OpenGraph / ``<meta>``, then generic heuristics (trafilatura for the
body, ``<h1>``/``<time>``/byline markup, htmldate). ``sources`` records the layer of each field.
Each field has its module: `title`, `bylines` (authors), `published` (dates), `assembly`
(body); this one holds the small fields and puts the item together.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from newscrawl.discovery.urls import canonicalize_url, host_of, url_fingerprint
from newscrawl.extract.assembly import assemble_body
from newscrawl.extract.bylines import find_authors
from newscrawl.extract.dateline import find_dateline
from newscrawl.extract.document import Document, parse_document
from newscrawl.extract.language import choose_language
from newscrawl.extract.metadata import as_list, as_text, first_meta
from newscrawl.extract.page import Page
from newscrawl.extract.published import find_dates
from newscrawl.extract.text import body_hash, clean_line, count_words
from newscrawl.extract.title import choose_title
from newscrawl.items import ArticleItem

if TYPE_CHECKING:
    from collections.abc import Mapping

    from newscrawl.sites.profile import SiteProfile


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def _parse_fetched(value: str) -> dt.datetime | None:
    """Return the fetch time as an aware datetime (UTC when it has no offset), else None."""
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=dt.UTC)


# ------------------------------------------------------------------ urls
def _canonical_url(page: Page) -> str:
    # every <link rel=canonical> in document order (tag-filtered iteration in C: the XPath
    # //head/link[...] | //link[...] found the same, at a third more cost)
    for link in page.doc.tree.iter("link"):
        href = link.get("href")
        if href is None or link.get("rel") != "canonical":
            continue
        resolved = _resolve(page, href)
        if resolved:
            page.sources["canonical_url"] = "meta"
            return canonicalize_url(resolved)
    og = first_meta(page.meta, "og:url")
    if og:
        resolved = _resolve(page, og[1])
        if resolved:
            page.sources["canonical_url"] = "meta"
            return canonicalize_url(resolved)
    page.sources["canonical_url"] = "url"
    return canonicalize_url(page.doc.url)


def _resolve(page: Page, href: str) -> str | None:
    href = href.strip()
    if not href:
        return None
    resolved = urljoin(page.doc.url, href)
    parts = urlsplit(resolved)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return None
    # A canonical pointing at the home page of an inner page is a template bug.
    if parts.path in {"", "/"} and urlsplit(page.doc.url).path not in {"", "/"}:
        return None
    return resolved


# -------------------------------------------------------------- the rest
def _dateline(page: Page, body: str) -> str | None:
    first = body.split("\n\n", 1)[0] if body else ""
    if not first:
        return None
    if page.profile and page.profile.dateline_pattern:
        m = page.profile.dateline_pattern.match(first)
        if m and m.group("place"):
            page.sources["dateline"] = "profile"
            place = m.group("place").strip()
            return place.title() if place.isupper() else place
    place = find_dateline(first)
    if place:
        page.sources["dateline"] = "generic"
    return place


def _simple(
    page: Page, field: str, ld_keys: tuple[str, ...], meta_keys: tuple[str, ...]
) -> str | None:
    for value in page.profile_values(field):
        page.sources[field] = "profile"
        return value
    for key in ld_keys:
        text = as_text(page.ld(key))
        if text:
            page.sources[field] = "jsonld"
            return clean_line(text)
    hit = first_meta(page.meta, *meta_keys)
    if hit:
        page.sources[field] = "meta"
        return clean_line(hit[1])
    return None


def _image(page: Page) -> str | None:
    for value in page.profile_values("image"):
        resolved = urljoin(page.doc.url, value)
        page.sources["image"] = "profile"
        return resolved
    hit = first_meta(page.meta, "og:image", "og:image:url", "og:image:secure_url", "twitter:image")
    if hit:
        page.sources["image"] = "meta"
        return urljoin(page.doc.url, hit[1])
    image = page.ld("image")
    text = as_text(image)
    if text:
        page.sources["image"] = "jsonld"
        return urljoin(page.doc.url, text)
    return None


def _tags(page: Page) -> list[str]:
    values = page.profile_values("tags")
    source = "profile"
    if not values:
        values = list(page.meta.get("article:tag", []))
        source = "meta"
    if not values:
        keywords = page.ld("keywords")
        if isinstance(keywords, str):
            values = keywords.split(",")
        else:
            values = [as_text(k) or "" for k in as_list(keywords)]
        source = "jsonld"
    if not values:
        hit = first_meta(page.meta, "news_keywords", "keywords")
        if hit:
            values = hit[1].split(",")
        source = "meta"
    if not values:
        # WordPress and most CMSs mark tag links rel="tag" (categories: "category tag").
        values = [a.text_content() for a in page.doc.tree.xpath("//body//a[@rel='tag']")]
        source = "generic"
    out: list[str] = []
    seen: set[str] = set()
    for value in values:
        tag = clean_line(value)
        if tag and len(tag) <= 80 and tag.casefold() not in seen:
            seen.add(tag.casefold())
            out.append(tag)
    if out:
        page.sources["tags"] = source
    return out


def extract_article(
    html: str | bytes | Document,
    url: str,
    profile: SiteProfile | None = None,
    *,
    hints: Mapping[str, str] | None = None,
    fetched_at: str | None = None,
) -> ArticleItem:
    """Extract every contract field of an article page (pure; never raises for missing fields).

    `hints` may carry ``published``, ``modified`` and ``title`` from a sitemap or feed, with
    ``origin`` saying which (``"sitemap"`` or ``"feed"``); they are used when the page itself
    has no such value.
    """
    doc = html if isinstance(html, Document) else parse_document(html, url)
    if doc.url != url and url:
        doc.url = url
    fetched_at = fetched_at or _now()
    page = Page(doc, profile, hints, _parse_fetched(fetched_at))
    canonical = _canonical_url(page)
    title = choose_title(page)
    published, modified = find_dates(page)
    section = _simple(
        page, "section", ("articleSection",), ("article:section", "section", "category")
    )
    description = _simple(
        page, "description", (), ("description", "og:description", "twitter:description")
    ) or _simple(page, "description", ("description",), ())
    authors = find_authors(page)
    body = assemble_body(page, title, description, authors)
    language, lang_source = choose_language(
        body or (title or ""), doc.html_lang, profile.language if profile else None
    )
    if lang_source:
        page.sources["language"] = lang_source
    return ArticleItem(
        id=url_fingerprint(canonical),
        url=url,
        canonical_url=canonical,
        site=profile.name if profile else host_of(url),
        title=title or None,
        authors=authors,
        published=published,
        modified=modified,
        language=language,
        section=section,
        tags=_tags(page),
        description=description,
        image=_image(page),
        dateline=_dateline(page, body),
        body=body,
        word_count=count_words(body),
        fetched_at=fetched_at,
        body_hash=body_hash(body),
        revision=1,
        sources=page.sources,
    )
