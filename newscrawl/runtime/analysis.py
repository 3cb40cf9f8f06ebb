"""Page analysis: one parse of a fetched page gives its kind, its article and its links.

`analyze_page` is pure and picklable in and out, so the same function runs in the
reactor thread or in a worker process (see `newscrawl.runtime.pool`). The spider only routes
what it returns.

The extraction functions are reached through the `newscrawl.extract` package, which imports
them on first use: the crawl process unpickles `PageAnalysis` answers (importing this module)
without importing the extraction rules it never runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newscrawl import extract
from newscrawl.discovery.feeds import find_feed_links
from newscrawl.discovery.links import find_pagination, link_urls

if TYPE_CHECKING:
    from collections.abc import Mapping

    from newscrawl.items import ArticleItem
    from newscrawl.sites import SiteProfile


@dataclass(slots=True)
class PageAnalysis:
    """What one page holds, for the spider to route."""

    kind: str
    """``article``, ``listing`` or ``other`` (see `newscrawl.extract.classify_page`)."""
    article: ArticleItem | None = None
    """The extracted article when `kind` is ``article``."""
    links: list[str] = field(default_factory=list)
    """Absolute URLs of the page's links, in document order, without duplicates.

    Links, pagination and feeds are left empty on article pages: the spider follows none.
    """
    pagination: list[str] = field(default_factory=list)
    """Absolute URLs of the next listing pages."""
    feeds: list[str] = field(default_factory=list)
    """Feeds announced by ``<link rel=alternate>``."""


def analyze_page(
    body: bytes,
    url: str,
    encoding: str | None = None,
    profile: SiteProfile | None = None,
    hints: Mapping[str, str] | None = None,
    fetched_at: str | None = None,
) -> PageAnalysis:
    """Parse `body` once and return its kind, article (if any) and outgoing links."""
    doc = extract.parse_document(body, url, encoding)
    kind = extract.classify_page(
        doc, profile, listed=bool(hints and hints.get("listed") == "post")
    )
    if kind == "article":
        # The spider follows no link of an article page: skip link discovery (a third of the
        # cost of a page, see benchmarks/results/throughput.md).
        article = extract.extract_article(doc, url, profile, hints=hints, fetched_at=fetched_at)
        return PageAnalysis(kind=kind, article=article)
    return PageAnalysis(
        kind=kind,
        links=link_urls(doc.tree, url),
        pagination=find_pagination(doc.tree, url),
        feeds=find_feed_links(doc.tree, url),
    )
