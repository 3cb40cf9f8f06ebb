"""Tie a crawl to its site's run state: lock, recover, commit, watermarks, manifest.

On start (before any request) the extension takes the site lock (not with Redis, where many
workers share a crawl), opens the run state, and recovers the leftovers of killed runs in the
site's output directory (see `newscrawl.state.files`). When the feed exporter has renamed this
run's ``.part`` file, it commits the file to the state; when the run finished cleanly it also
records the sitemap and feed watermarks. When the engine stops it writes the run manifest
``<output dir>/<site>/<run-id>.manifest.json`` and releases the lock.

The run state works on the default per-run feed (``NEWSCRAWL_OUTPUT_DIR/<site>/<run-id>.jsonl``);
with ``-o``/``-O`` it refuses to start, since skipping exported articles would leave them out of
the file asked for.

Settings: NEWSCRAWL_STATE_ENABLED, NEWSCRAWL_STATE_DIR, NEWSCRAWL_STATE_REFRESH,
NEWSCRAWL_REDIS_URL, NEWSCRAWL_OUTPUT_DIR.
Stats: newscrawl/state/{recovered/articles,recovered/parts,recovered/torn_lines,
committed/articles,committed/files,watermarks/saved,watermarks/not_saved}.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from scrapy import signals
from scrapy.exceptions import NotConfigured

from newscrawl.exceptions import StateError
from newscrawl.feeds import _safe_name
from newscrawl.lock import SiteLock
from newscrawl.manifest import build_manifest, write_manifest
from newscrawl.state.base import lsh_bands, open_state, signature_bytes
from newscrawl.state.files import FEED_SUFFIX, CommitContext, FinalizeReport, finalize_dir
from newscrawl.state.testhooks import pause_point

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

    from newscrawl.items import ArticleItem
    from newscrawl.state.base import RunState, Watermark

logger = logging.getLogger(__name__)

_BY_CRAWLER: WeakKeyDictionary[Crawler, RunStateExtension] = WeakKeyDictionary()

COVERAGE_FIELDS = ("title", "body", "published", "authors", "language")


def run_state_of(crawler: Crawler) -> RunStateExtension | None:
    """Return the run-state extension of `crawler`, or None when the run state is off."""
    return _BY_CRAWLER.get(crawler)


class RunStateExtension:
    """Open, recover and commit the run state of the crawled site; write the run manifest."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not settings.getbool("NEWSCRAWL_STATE_ENABLED"):
            raise NotConfigured("NEWSCRAWL_STATE_ENABLED is False")
        spider = crawler.spider
        if spider is None or not hasattr(spider, "site_name"):
            raise NotConfigured("the run state needs the news spider")
        self.crawler = crawler
        self.site: str = spider.site_name
        self.started_at = dt.datetime.now(dt.UTC)
        self.refresh = settings.getbool("NEWSCRAWL_STATE_REFRESH")
        self.distributed = bool(settings.get("NEWSCRAWL_REDIS_URL"))
        self.site_dir = (
            Path(settings.get("NEWSCRAWL_OUTPUT_DIR")) / _safe_name(self.site)
        ).absolute()
        self.run_id = self._run_id_from_feeds(settings.getdict("FEEDS"))
        self.num_perm = settings.getint("NEWSCRAWL_DEDUP_NUM_PERM")
        self.shingle_size = settings.getint("NEWSCRAWL_DEDUP_SHINGLE_SIZE")
        self.threshold = settings.getfloat("NEWSCRAWL_DEDUP_NEAR_THRESHOLD")
        self.bands, self.rows = lsh_bands(self.threshold, self.num_perm)
        self.pending_watermarks: dict[str, Watermark] = {}
        """Watermarks to record if the run finishes cleanly (filled by the middleware)."""
        self.extra_url_keys: dict[str, set[str]] = {}
        """URL keys (requested URLs, redirects) of the articles this run exported."""
        self.signatures: dict[str, bytes] = {}
        """Signatures computed by the dedup pipeline, by ``<id>:<body hash>``."""
        self.unchanged: dict[str, str] = {}
        """Exported articles refetched and found unchanged: id -> fetched_at."""
        self.revisit: dict[str, Watermark] = {}
        """Exported articles refetched because their lastmod moved: id -> article watermark."""
        self.lastmods: dict[str, str] = {}
        """Sitemap lastmod of the articles fetched in this run, by id."""
        self.monitor_results: list[dict[str, Any]] = []
        self.commit_error: str | None = None
        self.recovery = FinalizeReport()
        self.final_report = FinalizeReport()
        self.lock: SiteLock | None = None
        state_dir = Path(settings.get("NEWSCRAWL_STATE_DIR"))
        if not self.distributed:
            self.lock = SiteLock(state_dir, self.site)
            self.lock.acquire()
        try:
            self.state: RunState = open_state(settings, self.site)
            self.recovery = finalize_dir(self.site_dir, self.state, self._context())
        except BaseException:
            if self.lock is not None:
                self.lock.release()
            raise
        _BY_CRAWLER[crawler] = self
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(self.feed_exporter_closed, signal=signals.feed_exporter_closed)
        crawler.signals.connect(self.engine_stopped, signal=signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def _run_id_from_feeds(self, feeds: dict[str, Any]) -> str:
        for uri in feeds:
            path = Path(uri.removeprefix("file://")).absolute()
            if path.parent == self.site_dir and path.name.endswith(FEED_SUFFIX):
                return path.name[: -len(FEED_SUFFIX)]
        raise StateError(
            "the run state needs the default feed under NEWSCRAWL_OUTPUT_DIR "
            f"({self.site_dir}); drop -o/-O or set NEWSCRAWL_STATE_ENABLED=False"
        )

    def _context(self) -> CommitContext:
        return CommitContext(
            signature=self.signature,
            bands=self.bands,
            rows=self.rows,
            url_keys=self.extra_url_keys,
            signatures=self.signatures,
            lastmods=self.lastmods,
        )

    def signature(self, body: str) -> bytes:
        """Return the MinHash signature bytes of `body`, as the dedup pipeline computes them."""
        from newscrawl.pipelines.dedup import body_minhash

        return signature_bytes(body_minhash(body, self.num_perm, self.shingle_size).hashvalues)

    @property
    def stats(self) -> StatsCollector:
        assert self.crawler.stats is not None
        return self.crawler.stats

    @property
    def manifest_path(self) -> Path:
        return self.site_dir / f"{self.run_id}.manifest.json"

    def _inc(self, key: str, count: int = 1) -> None:
        assert self.stats is not None
        if count:
            self.stats.inc_value(f"newscrawl/state/{key}", count)

    def _count_recovery(self, report: FinalizeReport) -> None:
        self._inc("recovered/parts", len(report.recovered_parts))
        self._inc("recovered/articles", report.recovered_articles)
        self._inc("recovered/torn_lines", report.torn_lines)
        self._inc("recovered/bad_lines", report.bad_lines)
        self._inc("recovered/repeated_lines", report.repeated_lines)
        self._inc("recovered/files", len(report.committed_files))
        self._inc("recovered/file_articles", report.committed_articles)

    # ------------------------------------------------------------------ signals

    def spider_opened(self) -> None:
        """Count what the recovery of leftovers did (stats exist from now on)."""
        self._count_recovery(self.recovery)

    def item_scraped(self, item: ArticleItem) -> None:
        """Count exported articles and the coverage of the monitored fields."""
        self._inc("monitor/items")
        for name in COVERAGE_FIELDS:
            if getattr(item, name, None):
                self._inc(f"monitor/field/{name}")
        if item.revision > 1:
            self._inc("revisions")

    def feed_exporter_closed(self) -> None:
        """Commit the renamed output file, then the watermarks if the run finished cleanly."""
        pause_point("before_commit")
        try:
            report = finalize_dir(self.site_dir, self.state, self._context())
            if self.unchanged:
                self.state.touch(self.unchanged)
                marks = [self.revisit[i] for i in self.unchanged if i in self.revisit]
                self.state.set_watermarks(marks)
        except StateError as exc:
            self.commit_error = str(exc)
            logger.error("could not commit the run output: %s", exc)
            return
        self.final_report = report
        self._inc("committed/files", len(report.committed_files))
        self._inc("committed/articles", report.committed_articles)
        self._save_watermarks()

    def _save_watermarks(self) -> None:
        assert self.stats is not None
        reason = self.stats.get_value("finish_reason")
        errors = sum(
            int(value)
            for key, value in self.stats.get_stats().items()
            if key.startswith("newscrawl/spider/errors/")
        )
        target = getattr(self.crawler.spider, "target", None)
        windowed = bool(getattr(target, "since", None) or getattr(target, "until", None))
        # A run limited in time has not read its sources whole: recording their lastmod
        # would make a later, unlimited run skip what this one left out.
        if reason != "finished" or errors or windowed:
            self._inc("watermarks/not_saved", len(self.pending_watermarks))
            return
        self.state.set_watermarks(self.pending_watermarks.values())
        self._inc("watermarks/saved", len(self.pending_watermarks))

    def engine_stopped(self) -> None:
        """Write the run manifest, close the state and release the lock."""
        try:
            manifest = build_manifest(self)
            write_manifest(self.manifest_path, manifest)
            logger.info("run manifest: %s", self.manifest_path)
        finally:
            self.state.close()
            if self.lock is not None:
                self.lock.release()
            _BY_CRAWLER.pop(self.crawler, None)
