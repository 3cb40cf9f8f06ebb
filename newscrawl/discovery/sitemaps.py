"""Sitemaps: index, urlset, Google News, gzip and plain-text sitemaps, parsed safely and streamed.

`parse_sitemap` never raises and never expands entities, loads a DTD or touches the network.
It streams (lxml's pull parser fed in 64 KiB chunks, each finished ``<url>`` freed at once),
so a sitemap of a million URLs costs the memory of the `max_urls` entries it keeps, and
gzip bodies are decompressed incrementally up to `max_bytes` (a gzip bomb stops there).
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from lxml import etree

from newscrawl.discovery._common import (
    DEFAULT_MAX_BYTES,
    StreamState,
    element_text,
    escape_bare_ampersands,
    iter_body,
    localname,
    make_pull_parser,
    parse_datetime,
    peek_body,
    resolve_http_url,
    strip_bom_and_space,
)

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
    also plain-text sitemaps) or ``unknown`` (not a sitemap: HTML, a feed, garbage)."""
    entries: list[SitemapEntry] = field(default_factory=list)
    """At most `max_urls` entries, in document order."""
    dropped: int = 0
    """Entries seen beyond `max_urls` (counted, not kept)."""
    truncated: bool = False
    """The decompressed body reached `max_bytes`; entries after that point were not read."""
    error: str | None = None
    """Why parsing stopped early (malformed XML, corrupt gzip), if it did."""


def looks_like_sitemap(body: bytes) -> bool:
    """Say whether `body` (possibly gzipped) starts like an XML sitemap or sitemap index."""
    head = strip_bom_and_space(peek_body(body)).lower()
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
        # The ampersand repair works on ASCII-compatible bytes only (not UTF-16).
        utf16 = first.startswith((b"\xff\xfe", b"\xfe\xff"))
        _parse_xml(stream if utf16 else escape_bare_ampersands(stream), collector, state)
        kind = collector.kind
        entries, dropped = collector.entries, collector.dropped
    else:
        kind = "urlset"
        entries, dropped = _parse_text(stream, url, max(0, max_urls))
    return SitemapDocument(
        kind=kind, entries=entries, dropped=dropped, truncated=state.truncated, error=state.error
    )


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

    def root(self, name: str) -> None:
        if name == "sitemapindex":
            self.kind = "index"
        elif name == "urlset":
            self.kind = "urlset"

    def element(self, element: Any) -> None:
        loc: str | None = None
        lastmod = news_published = None
        news_title: str | None = None
        for child in element:
            name = localname(child)
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
        if len(self.entries) >= self.limit:
            self.dropped += 1
            return
        self.entries.append(
            SitemapEntry(
                loc=resolved, lastmod=lastmod, news_title=news_title, news_published=news_published
            )
        )


def _parse_xml(stream: Iterator[bytes], collector: _Collector, state: StreamState) -> None:
    parser = make_pull_parser(("start", "end"))
    root: Any = None
    entry_tag = ""
    try:
        for chunk in stream:
            parser.feed(chunk)
            for event, element in parser.read_events():
                if event == "start":
                    if root is None:
                        root = element
                        collector.root(localname(element))
                        entry_tag = "sitemap" if collector.kind == "index" else "url"
                    continue
                if element.getparent() is not root:
                    continue
                if localname(element) == entry_tag:
                    collector.element(element)
                # Free every finished top-level element: memory stays flat.
                element.clear()
                while element.getprevious() is not None:
                    del root[0]
        parser.close()
    except etree.XMLSyntaxError as exc:
        if not state.truncated:
            state.error = f"xml: {exc}"[:300]
        _drain(parser, collector, root, entry_tag)


def _drain(parser: Any, collector: _Collector, root: Any, entry_tag: str) -> None:
    """Collect entries whose end events were queued before a syntax error."""
    try:
        for event, element in parser.read_events():
            if (
                event == "end"
                and root is not None
                and element.getparent() is root
                and localname(element) == entry_tag
            ):
                collector.element(element)
    except etree.XMLSyntaxError:
        return


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
