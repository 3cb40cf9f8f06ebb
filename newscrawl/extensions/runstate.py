"""Tie a crawl to its site's run state: lock, recover, commit, watermarks, manifest.

On start (before any request) the extension takes the site lock (not with Redis, where many
workers share a crawl), opens the run state, and recovers the leftovers of killed runs in the
site's output directory (see `newscrawl.state.files`). When the feed exporter has renamed this
run's ``.part`` file, it commits the file to the state; when the run finished cleanly it also
records the sitemap and feed watermarks. When the engine stops it writes the run manifest
``<output dir>/<site>/<run-id>.manifest.json`` and releases the lock.

The run's output is the default per-run feed (``NEWSCRAWL_OUTPUT_DIR/<site>/<run-id>.jsonl``),
or the one JSON Lines file given with ``-o``/``-O`` (or FEEDS, e.g. Scrapyd's ``items_dir``).
Such a file holds only what this run exports (``-O`` replaces it, ``-o`` appends to it), is
written as ``<path>.part`` and completed when the feed is (renamed, or appended), and is
committed only then, with the same recovery after a kill as the default output: a pointer
``<run-id>.output.json`` in the site's output directory names it (`newscrawl.state.files`).
Other outputs (several feeds, CSV or JSON, stdout, remote storage) are refused at start.

A commit that fails is recorded as the run's failure (`newscrawl.extensions.outcome`).

Settings: NEWSCRAWL_STATE_ENABLED, NEWSCRAWL_STATE_DIR, NEWSCRAWL_STATE_REFRESH,
NEWSCRAWL_REDIS_URL, NEWSCRAWL_OUTPUT_DIR, NEWSCRAWL_RUN_ID.
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
from newscrawl.extensions.outcome import record_failure
from newscrawl.feeds import _safe_name, local_feed_path, new_run_id
from newscrawl.lock import SiteLock
from newscrawl.manifest import build_manifest, write_manifest
from newscrawl.state.base import lsh_bands, open_state, signature_bytes
from newscrawl.state.files import (
    FEED_SUFFIX,
    CommitContext,
    FinalizeReport,
    OutputPointer,
    OutputTarget,
    check_output,
    complete_output,
    finalize_dir,
)
from newscrawl.state.testhooks import pause_point

if TYPE_CHECKING:
    from typing import IO, Self

    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings
    from scrapy.statscollectors import StatsCollector

    from newscrawl.items import ArticleItem
    from newscrawl.state.base import RunState, Watermark

logger = logging.getLogger(__name__)

_BY_CRAWLER: WeakKeyDictionary[Crawler, RunStateExtension] = WeakKeyDictionary()

COVERAGE_FIELDS = ("title", "body", "published", "authors", "language")
JSON_LINES_FORMATS = ("jsonlines", "jsonl", "jl")


def run_state_of(crawler: Crawler) -> RunStateExtension | None:
    """Return the run-state extension of `crawler`, or None when the run state is off."""
    return _BY_CRAWLER.get(crawler)


def check_state_output(settings: BaseSettings, feeds: dict[str, Any]) -> tuple[Path, bool]:
    """Return (absolute path, overwrite) of the one feed the run state can commit.

    Raise `StateError` naming the problem when FEEDS (``-o``/``-O``, Scrapyd's ``items_dir``)
    is not one local JSON Lines file, in UTF-8, without batches, postprocessing or a field
    list that leaves out ``id``.
    """
    if len(feeds) != 1:
        raise StateError(
            f"the run state writes one output file, got {len(feeds)} (-o/-O or FEEDS)"
        )
    ((uri, options),) = feeds.items()
    options = dict(options or {})
    path = local_feed_path(uri)
    if path is None or "%(" in str(path):
        raise StateError(
            f"output {uri}: the run state needs a local file (not stdout, remote storage "
            "or %(...)s placeholders)"
        )
    fmt = str(options.get("format") or "")
    if fmt not in JSON_LINES_FORMATS:
        raise StateError(
            f"output {uri}: the run state writes JSON Lines (.jsonl), not {fmt or 'this'}"
        )
    encoding = str(options.get("encoding") or settings.get("FEED_EXPORT_ENCODING") or "")
    fields = options.get("fields")
    problem = None
    if encoding and encoding.lower().replace("-", "").replace("_", "") != "utf8":
        problem = f"encoding {encoding} (only UTF-8)"
    elif options.get("batch_item_count") or settings.getint("FEED_EXPORT_BATCH_ITEM_COUNT"):
        problem = "batches"
    elif options.get("postprocessing"):
        problem = "postprocessing"
    elif fields is not None and "id" not in fields:
        problem = "fields without id"
    if problem is not None:
        raise StateError(f"output {uri}: the run state cannot commit a feed with {problem}")
    return path.absolute(), bool(options.get("overwrite", False))


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
        feeds = settings.getdict("FEEDS")
        default_run_id = self._default_run_id(feeds)
        self.run_id: str = default_run_id or settings.get("NEWSCRAWL_RUN_ID") or new_run_id()
        self.output: OutputTarget | None = None
        """The ``-o``/``-O`` output of this run; None for the default per-run feed."""
        if default_run_id is None:
            self.output = self._output_target(settings, feeds)
        self.append_output = False
        """Complete the output by appending (``-o``, or a ``-O`` file a recovery wrote to)."""
        self.pointer: OutputPointer | None = None
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
            if self.output is not None:
                check_output(self.site_dir, self.output)
                self.append_output = not self.output.overwrite or str(self.output.path) in set(
                    self.recovery.recovered_outputs
                )
                self.pointer = OutputPointer(self.site_dir, self.output)
            elif f"{self.run_id}{FEED_SUFFIX}" in self.state.committed_files():
                raise StateError(
                    f"output {self.site_dir / (self.run_id + FEED_SUFFIX)} is committed "
                    "already: give this run another name (NEWSCRAWL_RUN_ID, -o/-O)"
                )
        except BaseException:
            if hasattr(self, "state"):
                self.state.close()
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

    def _default_run_id(self, feeds: dict[str, Any]) -> str | None:
        """Return the run id of the default per-run feed, or None when FEEDS is another."""
        if len(feeds) != 1:
            return None
        path = local_feed_path(next(iter(feeds)))
        if path is None:
            return None
        path = path.absolute()
        if path.parent == self.site_dir and path.name.endswith(FEED_SUFFIX):
            return path.name[: -len(FEED_SUFFIX)]
        return None

    def _output_target(self, settings: BaseSettings, feeds: dict[str, Any]) -> OutputTarget:
        """Return the ``-o``/``-O`` output of this run, or raise `StateError` naming why not."""
        path, overwrite = check_state_output(settings, feeds)
        if self.site_dir == path.parent or self.site_dir in path.parents:
            raise StateError(
                f"output {path}: inside the run state's output dir {self.site_dir}; "
                "choose a path outside it, or drop -o/-O"
            )
        return OutputTarget(path, overwrite, self.run_id)

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

    def complete_output(self, part: Path, file: IO[bytes]) -> None:
        """Complete this run's ``-o``/``-O`` file from its finished part, and commit it.

        Called by the feed storage (`newscrawl.feeds.AtomicFileFeedStorage`), which holds the
        part's lock and closes `file` afterwards. A commit that fails leaves the pointer, so
        that the next run commits the file.
        """
        assert self.output is not None
        assert part.absolute() == self.output.part
        try:
            report = complete_output(
                self.output, self.site_dir, self.state, self._context(), append=self.append_output
            )
        except StateError as exc:
            self._commit_failed(exc)
            return
        self.final_report.committed_files += report.committed_files
        self.final_report.committed_articles += report.committed_articles
        self.final_report.repeated_lines += report.repeated_lines
        self._inc("committed/files", len(report.committed_files))
        self._inc("committed/articles", report.committed_articles)
        if self.pointer is not None:
            self.pointer.remove()
            self.pointer = None

    def _commit_failed(self, exc: StateError) -> None:
        self.commit_error = str(exc)
        record_failure(self.crawler, "commit", f"commit failed: {exc}")
        logger.error("could not commit the run output: %s", exc)

    def feed_exporter_closed(self) -> None:
        """Commit the renamed output file, then the watermarks if the run finished cleanly."""
        if self.output is None:
            pause_point("before_commit")
        try:
            report = finalize_dir(self.site_dir, self.state, self._context())
            if self.unchanged:
                self.state.touch(self.unchanged)
                marks = [self.revisit[i] for i in self.unchanged if i in self.revisit]
                self.state.set_watermarks(marks)
        except StateError as exc:
            self._commit_failed(exc)
            return
        if self.output is None:
            self.final_report = report
        self._inc("committed/files", len(report.committed_files))
        self._inc("committed/articles", report.committed_articles)
        if self.commit_error is None:
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
            if self.pointer is not None:
                assert self.output is not None
                if self.commit_error is None and not self.output.part.exists():
                    self.pointer.remove()  # nothing was written (no feed stored)
                else:  # not completed or not committed: a later run completes it
                    self.pointer.release()
            self.state.close()
            if self.lock is not None:
                self.lock.release()
            _BY_CRAWLER.pop(self.crawler, None)
