"""Spider middleware of scheduled runs: do only the new work.

Between a callback and the scheduler it

- drops requests for article URLs that led to an exported article in an earlier run, unless
  their sitemap ``lastmod`` is later than the exported copy's fetch time (then the page is
  refetched, and the dedup pipeline exports it again with ``revision`` + 1 if its body changed);
- drops requests for sitemaps whose ``lastmod`` in their sitemap index equals the watermark of
  the last clean run, and otherwise notes the new watermark (saved only if this run finishes
  cleanly, see `newscrawl.run.ledger`);
- notes the newest entry of each feed as its watermark, and the HTTP validators (``ETag``,
  ``Last-Modified``) and the number of article URLs of each feed and each sitemap of article
  URLs (not of a sitemap index), which `newscrawl.extensions.conditional` uses in the next run;
- remembers the requested URL (and redirects) of each article, so the next run knows them too;
- remembers the past date archives (``/calendar/2025-03/``, ``/2025/03/``) that gave no new
  article URL (the `newscrawl.spiders.signals.listing_analysed` signal), and drops requests
  for them in later runs: a month that was empty, or held only articles known already, stays
  so;
- remembers what each URL family of listings and feeds (``/tag/{slug}/``, see
  `newscrawl.discovery.families`) gave: a family whose pages gave no new article URL in the
  last clean run is only probed in the next, NEWSCRAWL_DISCOVERY_BARREN_PAGES requests of it
  and no more unless one of them gives something new (a scheduled run does not read every tag
  page and tag feed again to find the articles it exported an hour ago).

Lookups are batched: the requests of one callback are checked together (up to
`BATCH` at a time), one state round trip per batch.

Settings: NEWSCRAWL_STATE_ENABLED, NEWSCRAWL_STATE_REFRESH (fetch everything again),
NEWSCRAWL_DISCOVERY_BARREN_PAGES.
Stats: newscrawl/state/{skipped/exported,skipped/sitemap_unchanged,skipped/empty_archive,
skipped/barren_family,refetch/lastmod,responses/<request kind>}.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING, Any

from scrapy import Request

from newscrawl.discovery.families import url_family
from newscrawl.discovery.traps import archive_range
from newscrawl.discovery.urls import host_of, url_fingerprint
from newscrawl.items import ArticleItem
from newscrawl.run.ledger import ledger_of
from newscrawl.run.state.base import ExportRecord, Watermark
from newscrawl.spiders.signals import listing_analysed
from newscrawl.utils.settings import require_enabled
from newscrawl.utils.stats import StatsCounter

if TYPE_CHECKING:
    from collections.abc import AsyncIterator
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.http import Response

    from newscrawl.run.ledger import RunLedger

BATCH = 200
CHECKED_KINDS = frozenset({"article", "canonical", "listing"})
"""Request kinds (``nc_kind`` meta) checked against the exported URLs."""
FAMILY_KINDS = frozenset({"listing", "feed"})
"""Request kinds whose URL family's yield is remembered between runs."""
EMPTY_ARCHIVE = "empty_archive"
"""`Watermark.kind` of a past date archive that gave no new article URL."""
URL_FAMILY = "url_family"
"""`Watermark.kind` of a URL family; its ``listed`` is the new article URLs it gave."""
RESPONSE_KINDS = frozenset({"robots", "sitemap", "feed", "article", "canonical", "listing"})


class IncrementalMiddleware:
    """Skip already-exported articles and unchanged sitemaps; note watermarks."""

    def __init__(self, crawler: Crawler) -> None:
        require_enabled(crawler.settings, "NEWSCRAWL_STATE_ENABLED")
        self.ledger = ledger_of(crawler)
        self.refresh = crawler.settings.getbool("NEWSCRAWL_STATE_REFRESH")
        self.probe_pages = crawler.settings.getint("NEWSCRAWL_DISCOVERY_BARREN_PAGES")
        self._inc = StatsCounter(crawler, "newscrawl/state")
        self._family_yield: dict[str, int] = {}
        """New article URLs each URL family gave in this run."""
        self._family_probes: dict[str, int | None] = {}
        """Requests each URL family may still make (None: no bound)."""
        crawler.signals.connect(self.listing_analysed, signal=listing_analysed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def listing_analysed(self, url: str, new_articles: int) -> None:
        """Note the yield of the page's URL family, and a past date archive that gave nothing.

        Both are saved if the run is clean. A family that gives something new is no longer
        bounded in this run.
        """
        run = self.ledger
        if run is None:
            return
        family = _family_key(url)
        total = self._family_yield.get(family, 0) + new_articles
        self._family_yield[family] = total
        run.note_watermark(Watermark(family, URL_FAMILY, listed=total))
        if new_articles:
            self._family_probes[family] = None
        span = archive_range(url) if not new_articles else None
        if span is not None and span[1] < dt.datetime.now(dt.UTC).date():
            run.note_watermark(Watermark(url, EMPTY_ARCHIVE))

    def process_spider_input(self, response: Response) -> None:
        """Count the responses reaching the spider by request kind (for the manifest)."""
        kind = response.meta.get("nc_kind")
        if kind in RESPONSE_KINDS:
            self._inc(f"responses/{kind}")

    async def process_spider_output(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        run = self.ledger
        if run is None:
            async for element in result:
                yield element
            return
        is_feed = response.meta.get("nc_kind") == "feed"
        newest: str | None = None
        children = False  # a sitemap index: it lists sitemaps
        listed = 0  # article URLs
        batch: list[Request] = []
        async for element in result:
            if isinstance(element, ArticleItem):
                self._remember_urls(run, response, element)
                yield element
                continue
            if not isinstance(element, Request):
                yield element
                continue
            if is_feed:
                published = (element.meta.get("nc_hints") or {}).get("published")
                if published and (newest is None or published > newest):
                    newest = published
            if element.meta.get("nc_kind") == "sitemap":
                children = True
            elif element.meta.get("nc_kind") == "article":
                listed += 1
            if element.meta.get("nc_kind") in CHECKED_KINDS or (
                element.meta.get("nc_kind") in ("sitemap", "feed")
            ):
                batch.append(element)
                if len(batch) >= BATCH:
                    for request in self._filter(run, batch):
                        yield request
                    batch = []
                continue
            yield element
        for request in self._filter(run, batch):
            yield request
        self._note_source(run, response, newest, listed, leaf=not children)

    def _note_source(
        self,
        run: RunLedger,
        response: Response,
        newest: str | None,
        listed: int,
        *,
        leaf: bool,
    ) -> None:
        """Note a feed's newest entry, and its validators and article count.

        Validators and count are noted for feeds and sitemaps of articles, not for indexes.
        """
        kind = response.meta.get("nc_kind")
        if kind not in ("feed", "sitemap") or response.status != 200:
            return
        mark = run.noted_watermark(response.url) or Watermark(response.url, kind)
        if newest:
            mark = dataclasses.replace(mark, newest=newest)
        etag = response.headers.get("ETag")
        last_modified = response.headers.get("Last-Modified")
        mark = dataclasses.replace(
            mark,
            etag=etag.decode("latin-1") if etag and leaf else None,
            last_modified=last_modified.decode("latin-1") if last_modified and leaf else None,
            listed=listed if leaf else None,
        )
        if mark != Watermark(response.url, kind):
            run.note_watermark(mark)

    def _remember_urls(self, run: RunLedger, response: Response, item: ArticleItem) -> None:
        urls = [response.request.url] if response.request is not None else []
        urls.extend(response.meta.get("redirect_urls") or ())
        run.note_urls(item.id, {url_fingerprint(url) for url in urls})
        lastmod = _lastmod(response.request) if response.request is not None else None
        if lastmod:
            run.note_lastmod(item.id, lastmod)

    def _filter(self, run: RunLedger, requests: list[Request]) -> list[Request]:
        """Return the requests still worth making."""
        if not requests or self.refresh:
            for request in requests:
                self._note_sitemap(run, request)
            return requests
        sitemaps = [r for r in requests if r.meta.get("nc_kind") == "sitemap"]
        pages = self._probe_barren_families(
            run,
            self._drop_empty_archives(
                run, [r for r in requests if r.meta.get("nc_kind") != "sitemap"]
            ),
        )
        keep = [r for r in pages if r.meta.get("nc_kind") == "feed"]
        pages = [r for r in pages if r.meta.get("nc_kind") != "feed"]
        if sitemaps:
            marks = run.state.watermarks(r.url for r in sitemaps)
            for request in sitemaps:
                lastmod = _lastmod(request)
                mark = marks.get(request.url)
                if lastmod and mark is not None and mark.lastmod == lastmod:
                    self._inc("skipped/sitemap_unchanged")
                    continue
                self._note_sitemap(run, request)
                keep.append(request)
        if pages:
            keep.extend(self._filter_pages(run, pages))
        return keep

    def _drop_empty_archives(self, run: RunLedger, pages: list[Request]) -> list[Request]:
        """Return `pages` without the date archives an earlier run found empty."""
        archives = [
            r.url for r in pages if r.meta.get("nc_kind") == "listing" and archive_range(r.url)
        ]
        if not archives:
            return pages
        marks = run.state.watermarks(archives)
        empty = {url for url, mark in marks.items() if mark.kind == EMPTY_ARCHIVE}
        self._inc("skipped/empty_archive", len(empty))
        return [r for r in pages if r.url not in empty] if empty else pages

    def _probe_barren_families(self, run: RunLedger, pages: list[Request]) -> list[Request]:
        """Return `pages` without the requests over the probe bound of a barren URL family.

        A family of listings or feeds that gave no new article URL in the last clean run may
        make NEWSCRAWL_DISCOVERY_BARREN_PAGES requests in this one; one of them giving
        something new lifts the bound (`listing_analysed`).
        """
        families = {
            id(r): _family_key(r.url) for r in pages if r.meta.get("nc_kind") in FAMILY_KINDS
        }
        if not families:
            return pages
        probes = self._family_probes
        unknown = {family for family in families.values() if family not in probes}
        if unknown:
            marks = run.state.watermarks(unknown)
            for name in unknown:
                mark = marks.get(name)
                barren = mark is not None and mark.kind == URL_FAMILY and mark.listed == 0
                probes[name] = self.probe_pages if barren else None
        keep: list[Request] = []
        for request in pages:
            family = families.get(id(request))
            left = None if family is None else probes[family]
            if family is None or left is None:
                keep.append(request)
            elif left > 0:
                probes[family] = left - 1
                keep.append(request)
            else:
                self._inc("skipped/barren_family")
        return keep

    def _filter_pages(self, run: RunLedger, pages: list[Request]) -> list[Request]:
        keys = {id(r): url_fingerprint(r.url) for r in pages}
        known = run.state.known_urls(keys.values())
        records = run.state.exported(set(known.values())) if known else {}
        moved: list[tuple[Request, ExportRecord, str]] = []
        keep: list[Request] = []
        for request in pages:
            article_id = known.get(keys[id(request)])
            record = records.get(article_id) if article_id else None
            if record is None:
                keep.append(request)
                continue
            lastmod = _lastmod(request)
            if lastmod and _after(lastmod, record.modified or record.fetched_at):
                moved.append((request, record, lastmod))
                continue
            self._inc("skipped/exported")
        if moved:
            # Refetched before for this very lastmod and found unchanged: not again.
            seen = run.state.watermarks(r.url for r, _, _ in moved)
            for request, record, lastmod in moved:
                mark = seen.get(request.url)
                if mark is not None and mark.lastmod == lastmod:
                    self._inc("skipped/exported")
                    continue
                run.note_revisit(
                    record.id, Watermark(source=request.url, kind="article", lastmod=lastmod)
                )
                self._inc("refetch/lastmod")
                keep.append(request)
        return keep

    def _note_sitemap(self, run: RunLedger, request: Request) -> None:
        lastmod = _lastmod(request)
        if request.meta.get("nc_kind") == "sitemap" and lastmod:
            # its response may have come first (robots.txt named it too): keep its validators
            run.update_watermark(request.url, "sitemap", lastmod=lastmod)


def _family_key(url: str) -> str:
    """Return the watermark source of the URL family of `url`: ``family:<host><family>``."""
    return f"family:{host_of(url)}{url_family(url)}"


def _lastmod(request: Request) -> str | None:
    hints = request.meta.get("nc_hints") or {}
    value = hints.get("lastmod") or hints.get("modified")
    return str(value) if value else None


def _after(new: str, old: str) -> bool:
    """Say whether ISO 8601 time `new` is after `old` (naive times are taken as UTC)."""
    try:
        a, b = dt.datetime.fromisoformat(new), dt.datetime.fromisoformat(old)
    except ValueError:
        return False
    a = a if a.tzinfo else a.replace(tzinfo=dt.UTC)
    b = b if b.tzinfo else b.replace(tzinfo=dt.UTC)
    return a > b
