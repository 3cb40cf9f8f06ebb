"""RSS 2.0, Atom and RSS 1.0 (RDF) feeds: entries with their dates, and feed links in HTML.

`parse_feed` uses the same safe, streaming lxml set-up as the sitemap parser: no entity
expansion, no DTD, no network, bounded gunzip, malformed input yields what came before the
error. It never raises.
"""

from __future__ import annotations

import contextlib
import html
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lxml import etree

from newscrawl.discovery._common import (
    DEFAULT_MAX_BYTES,
    StopPull,
    StreamState,
    element_text,
    iter_body,
    localname,
    parse_datetime,
    peek_head,
    pull_entries,
    resolve_http_url,
)

if TYPE_CHECKING:
    from datetime import datetime

    from lxml.html import HtmlElement

FALLBACK_FEED_PATHS = ("/feed/", "/rss", "/rss.xml", "/feed.xml", "/atom.xml", "/?feed=rss2")
"""Paths tried on a site whose pages advertise no feed."""
FEED_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/x-rss+xml"}
)
"""``<link rel="alternate" type=…>`` values naming a feed we can parse."""
DEFAULT_MAX_ENTRIES = 10_000
"""Entries kept from one feed."""

_ENTRY_TAGS = ("{*}item", "{*}entry", "item", "entry")
MAX_ENTRY_BYTES = 2 * 1024 * 1024
"""Bytes allowed for one ``<item>``/``<entry>`` (or between two); more ends the parse."""
_TAG_RE = re.compile(r"</?[A-Za-z!][^<>]*>")
_SPACE_RE = re.compile(r"\s+")
_COMMENTS_FEED_RE = re.compile(r"/comments/feed|[?&]feed=comments|comments-rss", re.IGNORECASE)
_ROOT_MARKERS = (b"<rss", b"<feed", b"<rdf:rdf", b"<rdf ", b"<channel")


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One ``<item>`` (RSS, RDF) or ``<entry>`` (Atom)."""

    link: str
    """Absolute http(s) URL of the article (feedburner's ``origLink`` preferred)."""
    title: str | None = None
    """Plain-text title (markup stripped)."""
    published: datetime | None = None
    """``pubDate`` / ``published`` / ``dc:date``, timezone-aware."""
    modified: datetime | None = None
    """``atom:updated`` / ``dcterms:modified``, timezone-aware."""


def looks_like_feed(body: bytes) -> bool:
    """Say whether `body` (possibly gzipped) starts like an RSS, Atom or RDF feed."""
    head = peek_head(body)
    if not head.startswith(b"<"):
        return False
    head = _strip_prolog(head)
    return head.startswith(_ROOT_MARKERS) and not head.startswith(b"<feedback")


def _strip_prolog(head: bytes) -> bytes:
    """Drop the XML declaration, comments, PIs and doctype before the root element."""
    while head.startswith((b"<?", b"<!")):
        end = head.find(b"-->") + 3 if head.startswith(b"<!--") else head.find(b">") + 1
        if end <= 0:
            return b""
        head = head[end:].lstrip()
    return head


def parse_feed(
    body: bytes,
    url: str,
    *,
    max_entries: int = DEFAULT_MAX_ENTRIES,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> list[FeedEntry]:
    """Return the entries of the feed `body` fetched from `url`, in feed order; never raises.

    Links are resolved against ``xml:base`` or `url`; entries without an http(s) link are
    skipped, as is everything after `max_entries` entries or `max_bytes` decompressed bytes.
    """
    if max_entries <= 0:
        return []
    entries: list[FeedEntry] = []

    def consume(parser: etree.XMLPullParser) -> bool:
        return _consume(parser, url, entries, max_entries)

    # Events only for entries; everything else stays in C and is freed entry by entry.
    with contextlib.suppress(etree.XMLSyntaxError, StopPull):
        pull_entries(
            iter_body(body, max_bytes, StreamState()),
            _ENTRY_TAGS,
            consume,
            max_entry_bytes=MAX_ENTRY_BYTES,
            name="feed",
        )
    return entries


def _consume(parser: Any, base_url: str, entries: list[FeedEntry], limit: int) -> bool:
    """Turn queued entry events into entries; say whether there were any.

    Raise `StopPull` once `limit` entries are kept.
    """
    seen = False
    for _event, element in parser.read_events():
        seen = True
        entry = _entry(element, base_url)
        if entry is not None:
            entries.append(entry)
            if len(entries) >= limit:
                raise StopPull("feed entry limit reached")
        element.clear()
        parent = element.getparent()
        if parent is not None:
            while element.getprevious() is not None:
                del parent[0]
    return seen


def _entry(element: Any, base_url: str) -> FeedEntry | None:
    link = orig_link = guid = None
    title: str | None = None
    published = modified = None
    base = _base(element, base_url)
    for child in element:
        name = localname(child)
        if name == "link":
            href = child.get("href")
            if href is not None:  # Atom
                rel = (child.get("rel") or "alternate").strip().lower()
                kind = (child.get("type") or "text/html").lower()
                if link is None and rel == "alternate" and "html" in kind:
                    link = resolve_http_url(href, base)
            elif link is None:
                link = resolve_http_url(element_text(child), base)
        elif name == "origLink":
            orig_link = resolve_http_url(element_text(child), base)
        elif name == "guid":
            if (child.get("isPermaLink") or "true").strip().lower() != "false":
                guid = resolve_http_url(element_text(child), base)
        elif name == "title" and title is None:
            title = _plain_text(child)
        elif name in ("pubDate", "published", "issued", "date", "created") and published is None:
            published = parse_datetime(element_text(child))
        elif name in ("updated", "modified") and modified is None:
            modified = parse_datetime(element_text(child))
    if link is None and localname(element) == "item":  # RSS 1.0: <item rdf:about=…>
        about = next((v for k, v in element.attrib.items() if k.endswith("about")), None)
        link = resolve_http_url(about, base)
    final = orig_link or link or guid
    if final is None:
        return None
    return FeedEntry(link=final, title=title, published=published, modified=modified)


def _base(element: Any, base_url: str) -> str:
    try:
        base = element.base
    except (ValueError, TypeError):
        return base_url
    if isinstance(base, str) and resolve_http_url(base, base_url):
        return resolve_http_url(base, base_url) or base_url
    return base_url


def _plain_text(element: Any) -> str | None:
    text = "".join(element.itertext()) if len(element) else (element.text or "")
    if "<" in text:
        text = _TAG_RE.sub(" ", text)
    text = _SPACE_RE.sub(" ", html.unescape(text)).strip()
    return text or None


def find_feed_links(tree: HtmlElement, base_url: str) -> list[str]:
    """Return the feeds an HTML page advertises with ``<link rel="alternate" type=…>``.

    Only RSS/Atom/RDF types count; comment feeds are left out. URLs are resolved against
    ``<base href>`` (if any) or `base_url`, deduplicated, in document order.
    """
    base = html_base(tree, base_url)
    found: list[str] = []
    for link in _xpath(tree, "//link[@href]"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").strip().lower().split(";")[0].strip()
        if "alternate" not in rel or kind not in FEED_TYPES:
            continue
        title = link.get("title") or ""
        url = resolve_http_url(link.get("href"), base)
        if url is None or _COMMENTS_FEED_RE.search(url) or "comments" in title.lower():
            continue
        found.append(url)
    return list(dict.fromkeys(found))


def html_base(tree: HtmlElement, base_url: str) -> str:
    """Return the page's ``<base href>`` resolved against `base_url`, else `base_url`."""
    for base in _xpath(tree, "//base[@href]"):
        resolved = resolve_http_url(base.get("href"), base_url)
        if resolved:
            return resolved
        break
    return base_url


def _xpath(tree: Any, query: str) -> list[Any]:
    try:
        result = tree.xpath(query)
    except (etree.XPathError, AttributeError, TypeError, ValueError):
        return []
    return [item for item in result if isinstance(getattr(item, "tag", None), str)]
