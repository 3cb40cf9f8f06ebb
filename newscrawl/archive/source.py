"""Archived responses as the source of a crawl: the engine of ``reextract`` and ``import``.

The ``archive`` spider walks WARC files (`newscrawl.archive.reader.scan`) and asks for each
kept response as a request; `ArchiveResponseMiddleware`, first of the downloader middlewares,
answers it from the archive, so no request leaves the machine. Everything after that is a
crawl's: the other middlewares' ``process_response`` (encoding repair, content filter), the
page analysis in the worker pool (`newscrawl.runtime.pool`), the clean, window, dedup and
limit pipelines, the atomic feed, and with the run state on, the state, its recovery, commit
and manifest. Articles keep a ``warc`` pointer to the record they came from.

A page whose article names another canonical page on its host (a print or AMP variant, a URL
with tracking parameters) is exported only when the archive does not hold that page: it is put
aside, and read again once every file is read if no article came from its canonical page
(a crawl would have fetched the canonical page instead).

Settings: NEWSCRAWL_WARC_MAX_RECORD_SIZE.
Records are read in file order, and of the records of one URL (canonicalised as a crawl does,
so ``?print=1`` and ``utm_*`` variants are one URL) only the first is extracted, unless a
variant came first and was no article (a print page often is not): the canonical page is then
read once every file is read (``canonical_after_variant``), else its article would be lost.

Stats: newscrawl/archive/{records,responses,articles,not_article,deferred/canonical,
canonical_after_variant,skipped/canonical,skipped/url_seen,skipped/<reason>,
errors/<reason>} (see `newscrawl.archive.reader`).
"""

from __future__ import annotations

import logging
from collections import Counter
from hashlib import blake2b
from pathlib import Path
from typing import TYPE_CHECKING, Any

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import TextResponse

from newscrawl.archive.reader import RecordFilter, read_response, scan
from newscrawl.discovery.urls import canonicalize_url, host_of
from newscrawl.runtime.pool import build_analyzer

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Sequence
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from twisted.python.failure import Failure

    from newscrawl.runtime.pool import Analyzer
    from newscrawl.sites import SiteProfile

logger = logging.getLogger(__name__)

META_KEY = "nc_archive"


class ArchiveSpider(scrapy.Spider):
    """Extract the articles of archived responses, offline."""

    name = "archive"
    analyzer: Analyzer

    def __init__(
        self,
        files: Sequence[Path],
        accept: RecordFilter,
        site_name: str,
        profile: SiteProfile | None = None,
        languages: Sequence[str] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.files = list(files)
        self.accept = accept
        self.site_name = site_name
        self.profile = profile
        self.languages = frozenset(languages)
        self.counts: Counter[str] = Counter()
        self.direct_ids: set[str] = set()
        """Ids of the articles read from their own canonical page."""
        self.deferred: list[dict[str, Any]] = []
        """Meta of pages whose article names another canonical page on the same host."""
        self.after_variant: list[scrapy.Request] = []
        """Requests of canonical pages found after a variant of their URL was read."""
        self.article_keys: set[bytes] = set()
        """URL keys of the pages that were articles (before any deduplication)."""

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        size = crawler.settings.getint("NEWSCRAWL_WARC_MAX_RECORD_SIZE")
        if size <= 0:
            raise ValueError(f"NEWSCRAWL_WARC_MAX_RECORD_SIZE must be > 0, got {size}")
        crawler.signals.connect(spider.spider_idle, signal=signals.spider_idle)
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """Ask for every kept response of every file, in file order."""
        self.analyzer = build_analyzer(self.crawler, self.profile)
        seen: dict[bytes, bool] = {}  # URL key: was the record read the canonical URL itself
        for path in self.files:
            for ref in scan(path, self.accept, self.counts):
                # One page per URL, as a crawl (its dupefilter) fetches it: print=1, utm_*…
                # variants of a URL read already are skipped. The canonical page after a variant
                # is kept aside: read at the end if the variant was no article.
                canonical = canonicalize_url(ref.url)
                key = blake2b(canonical.encode(), digest_size=12).digest()
                is_canonical = ref.url == canonical
                if key in seen and (seen[key] or not is_canonical):
                    self.counts["skipped/url_seen"] += 1
                    continue
                meta = {
                    META_KEY: {"path": ref.path, "offset": ref.offset, "length": ref.length},
                    "nc_kind": "article",
                    "nc_fetched_at": ref.fetched_at,
                    "nc_record_id": ref.record_id,
                    "nc_url_key": key,
                }
                if ref.hints:
                    meta["nc_hints"] = ref.hints
                request = scrapy.Request(
                    ref.url, callback=self.parse_page, errback=self.on_error, meta=meta,
                    dont_filter=True,
                )  # fmt: skip
                if key in seen:
                    self.after_variant.append(request)
                else:
                    yield request
                seen[key] = is_canonical
            self._flush_counts()

    def _flush_counts(self) -> None:
        assert self.crawler.stats is not None
        for key, value in self.counts.items():
            self.crawler.stats.inc_value(f"newscrawl/archive/{key}", value)
        self.counts.clear()

    def _inc(self, key: str) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"newscrawl/archive/{key}")

    async def parse_page(self, response: Response) -> AsyncIterator[Any]:
        """Export the article of an archived page."""
        if not isinstance(response, TextResponse):
            self._inc("skipped/not_html")
            return
        meta = response.meta
        try:
            page = await self.analyzer.analyze(
                response.body,
                response.url,
                response.encoding,
                meta.get("nc_hints"),
                meta["nc_fetched_at"],
            )
        except Exception as exc:
            self._inc("errors/analysis")
            logger.warning("could not analyse %s: %s", response.url, exc)
            return
        article = page.article
        if page.kind != "article" or article is None:
            self._inc("not_article")
            return
        self.article_keys.add(meta["nc_url_key"])
        if self.languages and (article.language or "") not in self.languages:
            self._inc("skipped/language")
            return
        canonical = article.canonical_url
        if (
            not meta.get("nc_second")
            and canonical
            and canonical != canonicalize_url(response.url)
            and host_of(canonical) == host_of(response.url)
        ):
            # As a crawl would fetch the canonical page instead (a print or AMP variant, a
            # tracking URL): export this one only if the archive does not hold that page.
            self._inc("deferred/canonical")
            entry = {k: v for k, v in meta.items() if k.startswith("nc_")}
            entry["nc_archive_url"] = response.url
            entry["nc_canonical_id"] = article.id
            self.deferred.append(entry)
            return
        self.direct_ids.add(article.id)
        self._inc("articles")
        archived = meta[META_KEY]
        article.warc = {
            "file": Path(archived["path"]).name,
            "offset": archived["offset"],
            "length": archived.get("length", 0),
            "record_id": meta["nc_record_id"],
        }
        yield article

    def spider_idle(self) -> None:
        """Read the canonical pages whose variant was no article, then the deferred pages.

        A deferred page is read again only if the archive did not hold its canonical page.
        """
        assert self.crawler.engine is not None
        if self.after_variant:
            after, self.after_variant = self.after_variant, []
            for request in after:
                if request.meta["nc_url_key"] in self.article_keys:
                    self._inc("skipped/url_seen")
                else:
                    self._inc("canonical_after_variant")
                    self.crawler.engine.crawl(request)
            raise DontCloseSpider
        if not self.deferred:
            return
        deferred, self.deferred = self.deferred, []
        for meta in deferred:
            if meta["nc_canonical_id"] in self.direct_ids:
                self._inc("skipped/canonical")
                continue
            url = meta["nc_archive_url"]
            meta["nc_second"] = True
            self.crawler.engine.crawl(
                scrapy.Request(
                    url,
                    callback=self.parse_page,
                    errback=self.on_error,
                    meta=meta,
                    dont_filter=True,
                )
            )
        raise DontCloseSpider

    def on_error(self, failure: Failure) -> None:
        self._inc("errors/read")
        logger.warning(
            "not extracted: %s: %s",
            failure.request.url,  # type: ignore[attr-defined]
            failure.getErrorMessage(),
        )

    def closed(self, reason: str) -> None:
        """Count what the last file's scan skipped; release the page analyzer."""
        self._flush_counts()
        if hasattr(self, "analyzer"):
            self.analyzer.close()


class ArchiveResponseMiddleware:
    """Answer the archive spider's requests from the WARC record they name.

    Settings: NEWSCRAWL_WARC_MAX_RECORD_SIZE.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.max_size = crawler.settings.getint("NEWSCRAWL_WARC_MAX_RECORD_SIZE")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_request(self, request: scrapy.Request) -> Response | None:
        archived = request.meta.get(META_KEY)
        if archived is None:
            return None
        try:
            return read_response(archived["path"], archived["offset"], self.max_size, request)
        except ValueError as exc:
            raise OSError(f"{archived['path']}@{archived['offset']}: {exc}") from None


ARCHIVE_SETTINGS: dict[str, Any] = {
    "ROBOTSTXT_OBEY": False,
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "RETRY_ENABLED": False,
    "CONCURRENT_REQUESTS": 16,
    "NEWSCRAWL_WARC_ENABLED": False,
    "NEWSCRAWL_CRAWL_DELAY_ENABLED": False,
    "NEWSCRAWL_RETRY_AFTER_ENABLED": False,
    "SPIDERMON_ENABLED": False,
}
"""What an archive run changes in the project's settings: nothing is fetched, so no politeness."""


def run_archive_crawl(settings: Any, **spider_kwargs: Any) -> tuple[dict[str, Any], list[str]]:
    """Run the archive spider with `settings`; return its final stats and the crawl's failures.

    The settings get `ARCHIVE_SETTINGS` and `ArchiveResponseMiddleware` (first of all
    downloader middlewares) at command-line priority, unless set there already.
    """
    from scrapy.crawler import CrawlerProcess

    for name, value in ARCHIVE_SETTINGS.items():
        if settings.getpriority(name) is None or settings.getpriority(name) < 40:
            settings.set(name, value, priority="cmdline")
    middlewares = dict(settings.getdict("DOWNLOADER_MIDDLEWARES"))
    middlewares[f"{__name__}.ArchiveResponseMiddleware"] = 0
    settings.set("DOWNLOADER_MIDDLEWARES", middlewares, priority="cmdline")
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(ArchiveSpider)
    failures: list[str] = []
    deferred = process.crawl(crawler, **spider_kwargs)
    deferred.addErrback(lambda failure: failures.append(failure.getErrorMessage()))
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats is not None else {}
    return stats, failures
