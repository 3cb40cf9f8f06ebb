"""Sitemaps: index, urlset, Google News, gzip and plain-text sitemaps, parsed safely and streamed.

`parse_sitemap` never raises and never expands entities, loads a DTD or touches the network.
It streams: lxml's pull parser is fed 64 KiB chunks and reports only finished ``<url>`` /
``<sitemap>`` elements, which are freed chunk by chunk, so a sitemap of a million URLs costs
the memory of the `max_urls` entries it keeps. Gzip bodies are decompressed incrementally up
to `max_bytes` (a gzip bomb stops there), and one entry may not exceed `MAX_ENTRY_BYTES`.
Bare ``&`` in URLs (a common sitemap bug) is repaired on the fly instead of ending the parse.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit

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
    strip_bom_and_space,
)
from newscrawl.discovery.feeds import looks_like_feed, parse_feed

if TYPE_CHECKING:
    from collections.abc import Iterator
    from datetime import datetime

FALLBACK_SITEMAP_PATHS = (
    "/sitemap.xml",
    "/sitemap_index.xml",
    "/wp-sitemap.xml",
    "/news-sitemap.xml",
)
"""Paths tried on a site whose robots.txt lists no sitemap."""
DEFAULT_MAX_URLS = 200_000
"""Entries kept from one sitemap when the caller gives no bound."""

SitemapKind = Literal["index", "urlset", "unknown"]
_MAX_LINE_CHARS = 4096
MAX_ENTRY_BYTES = 1024 * 1024
"""Bytes allowed for one ``<url>``/``<sitemap>`` (or between two); more ends the parse.

Each entry is held in memory whole until it ends, so this bounds memory on hostile input
(a ``<url>`` of a million child elements). Real entries, images and all, are under 100 KB.
"""
_ENTRY_TAGS = ("{*}url", "{*}sitemap", "url", "sitemap")


@dataclass(frozen=True, slots=True)
class SitemapEntry:
    """One ``<url>`` (or ``<sitemap>`` of an index, or line of a text sitemap)."""

    loc: str
    """Absolute http(s) URL, as written (not canonicalised)."""
    lastmod: datetime | None = None
    """``<lastmod>``, timezone-aware (UTC when the sitemap gives no offset)."""
    news_title: str | None = None
    """``<news:title>`` of a Google News sitemap."""
    news_published: datetime | None = None
    """``<news:publication_date>`` of a Google News sitemap, timezone-aware."""


@dataclass(frozen=True, slots=True)
class SitemapDocument:
    """The result of parsing one sitemap document."""

    kind: SitemapKind
    """``index`` (``<sitemapindex>``: entries are sitemaps), ``urlset`` (entries are pages;
    also plain-text sitemaps and RSS/Atom feeds given as sitemaps) or ``unknown`` (not a
    sitemap: HTML, other XML, garbage)."""
    entries: list[SitemapEntry] = field(default_factory=list)
    """At most `max_urls` entries, in document order."""
    dropped: int = 0
    """Entries seen beyond `max_urls` (counted, not read or kept)."""
    truncated: bool = False
    """The decompressed body reached `max_bytes`; entries after that point were not read."""
    error: str | None = None
    """Why parsing stopped early (malformed XML, corrupt gzip), if it did."""


_POST_WORDS = frozenset({"post", "posts", "news", "article", "articles", "story", "stories"})
_NOT_POST_WORDS = frozenset(
    {"page", "pages", "category", "categories", "tag", "tags", "taxonomy", "taxonomies",
     "author", "authors", "user", "users", "video", "videos", "image", "images", "product",
     "products", "event", "events", "attachment", "attachments", "term", "terms"}
)  # fmt: skip
_NAME_WORD_RE = re.compile(r"[a-z]+")


def sitemap_role(url: str) -> Literal["posts", "other", "unknown"]:
    """Say from its file name what a sitemap of page URLs lists.

    ``posts`` for sitemaps of posts or news (WordPress ``wp-sitemap-posts-post-1.xml``, Yoast
    ``post-sitemap.xml``, ``news-sitemap.xml``), ``other`` for sitemaps of static pages,
    taxonomies, authors or media (``wp-sitemap-posts-page-1.xml``,
    ``wp-sitemap-taxonomies-category-1.xml``, ``page-sitemap.xml``), ``unknown`` when the name
    says neither (``sitemap.xml``: a generator's list of every page).
    """
    name = urlsplit(url).path.rsplit("/", 1)[-1].lower()
    words = set(_NAME_WORD_RE.findall(name))
    if words & _NOT_POST_WORDS:
        return "other"
    if words & _POST_WORDS:
        return "posts"
    return "unknown"


def looks_like_sitemap(body: bytes) -> bool:
    """Say whether `body` (possibly gzipped) starts like an XML sitemap or sitemap index."""
    head = peek_head(body)
    return head.startswith(b"<") and (b"<urlset" in head or b"<sitemapindex" in head)


def parse_sitemap(
    body: bytes, url: str, max_urls: int = DEFAULT_MAX_URLS, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> SitemapDocument:
    """Parse a sitemap `body` fetched from `url`; never raises.

    Gzip bodies are recognised by their magic bytes. A body that does not start with ``<``
    is read as a plain-text sitemap (one URL a line). Relative ``<loc>`` values are resolved
    against `url`; entries without an http(s) ``<loc>`` are skipped. Malformed XML yields the
    entries parsed before the error (`error` says why).
    """
    state = StreamState()
    chunks = iter_body(body, max_bytes, state)
    first = b""
    for chunk in chunks:
        if strip_bom_and_space(chunk):
            first = chunk
            break
    if not first:
        return SitemapDocument(kind="unknown", error=state.error)
    stream = _chain(first, chunks)
    if strip_bom_and_space(first).startswith(b"<"):
        collector = _Collector(url, max(0, max_urls))
        _parse_xml(stream, collector, state)
        if collector.kind == "unknown" and looks_like_feed(body):
            return _feed_as_sitemap(body, url, max_urls, max_bytes)
        kind = collector.kind
        entries, dropped = collector.entries, collector.dropped
    else:
        entries, dropped = _parse_text(stream, url, max(0, max_urls))
        # A text body without a single URL line (a PDF, an error message) is no sitemap.
        kind = "urlset" if entries or dropped else "unknown"
    return SitemapDocument(
        kind=kind, entries=entries, dropped=dropped, truncated=state.truncated, error=state.error
    )


def _feed_as_sitemap(body: bytes, url: str, max_urls: int, max_bytes: int) -> SitemapDocument:
    """Read an RSS/Atom feed given as a sitemap (search engines accept them) as a urlset."""
    entries = [
        SitemapEntry(loc=entry.link, lastmod=entry.modified or entry.published)
        for entry in parse_feed(body, url, max_entries=max(0, max_urls), max_bytes=max_bytes)
    ]
    return SitemapDocument(kind="urlset", entries=entries)


def _chain(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    yield first
    yield from rest


class _Collector:
    """Turn finished ``<url>``/``<sitemap>`` elements into entries, keeping at most `limit`."""

    def __init__(self, base_url: str, limit: int) -> None:
        self.base_url = base_url
        self.limit = limit
        self.kind: SitemapKind = "unknown"
        self.entries: list[SitemapEntry] = []
        self.dropped = 0
        self.root_element: Any = None
        self.entry_tag = ""

    def set_root(self, root: Any) -> None:
        self.root_element = root
        name = localname(root)
        if name == "sitemapindex":
            self.kind, self.entry_tag = "index", "sitemap"
        elif name == "urlset":
            self.kind, self.entry_tag = "urlset", "url"

    def element(self, element: Any) -> None:
        if len(self.entries) >= self.limit:
            self.dropped += 1  # past the bound entries are only counted, not read
            return
        loc: str | None = None
        lastmod = news_published = None
        news_title: str | None = None
        for child in element:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            name = tag[tag.rfind("}") + 1 :]
            if name == "loc":
                loc = element_text(child)
            elif name == "lastmod":
                lastmod = parse_datetime(element_text(child))
            elif name == "news":
                for item in child.iter():
                    item_name = localname(item)
                    if item_name == "publication_date":
                        news_published = parse_datetime(element_text(item))
                    elif item_name == "title" and item.getparent() is child:
                        news_title = element_text(item) or None
        resolved = resolve_http_url(loc, self.base_url)
        if resolved is None:
            return
        self.entries.append(
            SitemapEntry(
                loc=resolved, lastmod=lastmod, news_title=news_title, news_published=news_published
            )
        )


def _parse_xml(stream: Iterator[bytes], collector: _Collector, state: StreamState) -> None:
    # Events only for entries: the children of <url> (and anything else) stay in C.
    try:
        root = pull_entries(
            stream,
            _ENTRY_TAGS,
            lambda parser: _consume(parser, collector),
            max_entry_bytes=MAX_ENTRY_BYTES,
            name="sitemap",
        )
        if collector.root_element is None and root is not None:
            collector.set_root(root)
            if collector.kind == "unknown":
                state.error = f"not a sitemap: <{localname(root)}>"
    except etree.XMLSyntaxError as exc:
        if not state.truncated:
            state.error = f"xml: {exc}"[:300]
    except StopPull as exc:
        state.error = str(exc)


def _consume(parser: Any, collector: _Collector) -> bool:
    """Hand finished entries to `collector` and free them; say whether there were any."""
    root = collector.root_element
    entry_tag = collector.entry_tag
    last: Any = None
    for _event, element in parser.read_events():
        if root is None:
            root = element.getroottree().getroot()
            collector.set_root(root)
            entry_tag = collector.entry_tag
            if collector.kind == "unknown":
                raise StopPull(f"not a sitemap: <{localname(root)}>")
        if element.getparent() is not root:
            continue  # an entry-named element nested inside an entry: part of that entry
        last = element
        if localname(element) == entry_tag:
            collector.element(element)
    if last is None:
        return False
    # Free the finished entries and everything before them: memory stays flat. The parser
    # may already be inside the next entry, so only elements up to `last` are removed.
    last.clear()
    del root[: root.index(last)]
    return True


def _parse_text(
    stream: Iterator[bytes], base_url: str, limit: int
) -> tuple[list[SitemapEntry], int]:
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    entries: list[SitemapEntry] = []
    dropped = 0
    pending = ""

    def take(line: str) -> None:
        nonlocal dropped
        line = line.strip().lstrip("\ufeff")
        if not line or len(line) > _MAX_LINE_CHARS or not line.lower().startswith("http"):
            return
        resolved = resolve_http_url(line, base_url)
        if resolved is None or any(ch.isspace() for ch in resolved):
            return
        if len(entries) >= limit:
            dropped += 1
        else:
            entries.append(SitemapEntry(loc=resolved))

    for chunk in stream:
        pending += decoder.decode(chunk)
        lines = pending.splitlines()
        pending = lines.pop() if lines and not pending.endswith(("\n", "\r")) else ""
        if len(pending) > _MAX_LINE_CHARS:
            pending = ""
        for line in lines:
            take(line)
    pending += decoder.decode(b"", final=True)
    for line in pending.splitlines():
        take(line)
    return entries, dropped
