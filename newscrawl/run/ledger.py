"""The run ledger: the one object that keeps the books of a crawl with the run state on.

`RunLedger` takes the site lock (not with Redis, where many workers share a crawl), opens the
run state, and recovers the leftovers of killed runs in the site's output directory
(`newscrawl.run.state.recovery`). During the crawl the components tell it what they learn,
through its methods: the incremental middleware notes source watermarks and the URLs and
sitemap lastmods of articles (`note_watermark`, `note_urls`, `note_lastmod`, `note_revisit`),
the conditional middleware notes sources unchanged since the last clean run, the dedup
pipeline notes unchanged articles and signatures and claims articles (`note_unchanged`,
`note_signature`, `claim`), the monitors their results (`record_monitors`). When the feed is
complete it commits it (`commit_output` for ``-o``/``-O``, `record_export` for the default
per-run feed), and then, if the run finished cleanly, the watermarks.

The run's output is the default per-run feed (``NEWSCRAWL_OUTPUT_DIR/<site>/<run-id>.jsonl``,
run id NEWSCRAWL_RUN_ID), or the one JSON Lines file given with ``-o``/``-O`` (or FEEDS, e.g.
Scrapyd's ``items_dir``). Such a file holds only what this run exports (``-O`` replaces it,
``-o`` appends to it), is written as ``<path>.part`` and completed when the feed is (renamed,
or appended), and is committed only then, with the same recovery after a kill as the default
output: a pointer ``<run-id>.output.json`` in the site's output directory names it
(`newscrawl.run.state.outputs`). Other outputs are refused at start.

A commit that fails is recorded as the run's failure (`newscrawl.run.outcome`).

The run-state extension (`newscrawl.extensions.runstate`) makes the ledger and attaches it to
the crawler (`attach`), once; components reach it with `ledger_of(crawler)`.

Settings: NEWSCRAWL_STATE_DIR, NEWSCRAWL_STATE_REFRESH, NEWSCRAWL_REDIS_URL,
NEWSCRAWL_OUTPUT_DIR, NEWSCRAWL_RUN_ID, NEWSCRAWL_SITE, NEWSCRAWL_SINCE, NEWSCRAWL_UNTIL,
NEWSCRAWL_DEDUP_*.
Stats: newscrawl/state/{recovered/articles,recovered/parts,recovered/torn_lines,
committed/articles,committed/files,watermarks/saved,watermarks/not_saved,monitor/items,
monitor/field/<name>,revisions}.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newscrawl.discovery.urls import url_fingerprint
from newscrawl.exceptions import StateError
from newscrawl.run.lock import SiteLock
from newscrawl.run.names import FEED_SUFFIX, safe_name
from newscrawl.run.nearindex import body_minhash, lsh_bands, lsh_keys, signature_bytes
from newscrawl.run.outcome import record_failure
from newscrawl.run.output import check_state_output, local_feed_path
from newscrawl.run.state.base import Watermark
from newscrawl.run.state.commit import CommitContext, FinalizeReport
from newscrawl.run.state.open import open_state
from newscrawl.run.state.outputs import OutputPointer, OutputTarget, check_output, complete_output
from newscrawl.run.state.recovery import finalize_dir
from newscrawl.utils.stats import StatsCounter

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings
    from scrapy.statscollectors import StatsCollector

    from newscrawl.items import ArticleItem
    from newscrawl.run.state.base import RunState

logger = logging.getLogger(__name__)

COVERAGE_FIELDS = ("title", "body", "published", "authors", "language")
_ATTRIBUTE = "newscrawl_run_ledger"
"""The crawler attribute that holds the ledger (set once, by `attach`)."""


def attach(crawler: Crawler, ledger: RunLedger) -> None:
    """Make `ledger` the ledger of `crawler` (once: a crawler has one run)."""
    if getattr(crawler, _ATTRIBUTE, None) is not None:
        raise RuntimeError("the crawler has a run ledger already")
    setattr(crawler, _ATTRIBUTE, ledger)


def ledger_of(crawler: Crawler) -> RunLedger | None:
    """Return the run ledger of `crawler`, or None when the run state is off."""
    ledger: RunLedger | None = getattr(crawler, _ATTRIBUTE, None)
    return ledger


class RunLedger:
    """Lock, recover, note, commit: the books of one crawl of one site."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.site: str = crawler.settings.get("NEWSCRAWL_SITE")
        self.run_id: str = crawler.settings.get("NEWSCRAWL_RUN_ID")
        if not self.site or not self.run_id:
            raise StateError("the run state needs NEWSCRAWL_SITE and NEWSCRAWL_RUN_ID")
        self.started_at = dt.datetime.now(dt.UTC)
        self.distributed = bool(settings.get("NEWSCRAWL_REDIS_URL"))
        self.windowed = bool(
            crawler.settings.get("NEWSCRAWL_SINCE") or crawler.settings.get("NEWSCRAWL_UNTIL")
        )
        self.site_dir = (
            Path(settings.get("NEWSCRAWL_OUTPUT_DIR")) / safe_name(self.site)
        ).absolute()
        self.output: OutputTarget | None = self._output_target(settings)
        """The ``-o``/``-O`` output of this run; None for the default per-run feed."""
        self.append_output = False
        """Complete the output by appending (``-o``, or a ``-O`` file a recovery wrote to)."""
        self.pointer: OutputPointer | None = None
        self.num_perm = settings.getint("NEWSCRAWL_DEDUP_NUM_PERM")
        self.shingle_size = settings.getint("NEWSCRAWL_DEDUP_SHINGLE_SIZE")
        self.bands, self.rows = lsh_bands(
            settings.getfloat("NEWSCRAWL_DEDUP_NEAR_THRESHOLD"), self.num_perm
        )
        self._count = StatsCounter(crawler, "newscrawl/state")
        self._watermarks: dict[str, Watermark] = {}
        """Watermarks to record if the run finishes cleanly."""
        self._url_keys: dict[str, set[str]] = {}
        """URL keys (requested URLs, redirects) of the articles this run exported."""
        self._signatures: dict[str, bytes] = {}
        """Signatures computed by the dedup pipeline, by ``<id>:<body hash>``."""
        self._unchanged: dict[str, str] = {}
        """Exported articles refetched and found unchanged: id -> fetched_at."""
        self._revisit: dict[str, Watermark] = {}
        """Exported articles refetched because their lastmod moved: id -> article watermark."""
        self._lastmods: dict[str, str] = {}
        """Sitemap lastmod of the articles fetched in this run, by id."""
        self._commit_context = CommitContext(
            self.signature, self.bands, self.rows, self._url_keys, self._signatures, self._lastmods
        )
        """How to turn output lines into state records (with what this run noted so far)."""
        self.monitor_results: list[dict[str, Any]] = []
        self.commit_error: str | None = None
        self.recovery = FinalizeReport()
        self.final_report = FinalizeReport()
        self.lock: SiteLock | None = None
        if not self.distributed:
            self.lock = SiteLock(Path(settings.get("NEWSCRAWL_STATE_DIR")), self.site)
            self.lock.acquire()
        try:
            self.state: RunState = open_state(settings, self.site)
            self.recovery = finalize_dir(self.site_dir, self.state, self._commit_context)
            self._check_output()
        except BaseException:
            if hasattr(self, "state"):
                self.state.close()
            if self.lock is not None:
                self.lock.release()
            raise

    def _output_target(self, settings: BaseSettings) -> OutputTarget | None:
        """Return the ``-o``/``-O`` output of this run, None for the default per-run feed.

        Raise `StateError` naming why when FEEDS is neither.
        """
        feeds = settings.getdict("FEEDS")
        if len(feeds) == 1:
            path = local_feed_path(next(iter(feeds)))
            if path is not None and path.absolute() == self.site_dir / self.output_name:
                return None
        path, overwrite = check_state_output(settings, feeds)
        if self.site_dir == path.parent or self.site_dir in path.parents:
            raise StateError(
                f"output {path}: inside the run state's output dir {self.site_dir}; "
                "choose a path outside it, or drop -o/-O"
            )
        return OutputTarget(path, overwrite, self.run_id)

    def _check_output(self) -> None:
        """Refuse an output another run writes, or one that is committed already."""
        if self.output is not None:
            check_output(self.site_dir, self.output)
            self.append_output = not self.output.overwrite or str(self.output.path) in set(
                self.recovery.recovered_outputs
            )
            self.pointer = OutputPointer(self.site_dir, self.output)
        elif self.output_name in self.state.committed_files():
            raise StateError(
                f"output {self.site_dir / self.output_name} is committed "
                "already: give this run another name (NEWSCRAWL_RUN_ID, -o/-O)"
            )

    def count_exported(self, urls: Iterable[str]) -> int:
        """Count those of `urls` that led to an article exported by an earlier run."""
        keys = {url_fingerprint(url) for url in urls}
        return len(self.state.known_urls(keys)) if keys else 0

    @property
    def output_name(self) -> str:
        """Return the name this run's output is committed under: ``<run-id>.jsonl``."""
        return f"{self.run_id}{FEED_SUFFIX}"

    @property
    def output_path(self) -> Path:
        """Return the file this run writes: the ``-o``/``-O`` path, or the default feed."""
        return self.output.path if self.output is not None else self.site_dir / self.output_name

    @property
    def unchanged(self) -> Mapping[str, str]:
        """Return the exported articles fetched again and found unchanged: id -> fetched_at."""
        return self._unchanged

    @property
    def signatures(self) -> Mapping[str, bytes]:
        """Return the signatures noted by the dedup pipeline, by ``<id>:<body hash>``."""
        return self._signatures

    @property
    def stats(self) -> StatsCollector:
        assert self.crawler.stats is not None
        return self.crawler.stats

    @property
    def manifest_path(self) -> Path:
        return self.site_dir / f"{self.run_id}.manifest.json"

    # ------------------------------------------------------------------ what components note

    def signature(self, body: str) -> bytes:
        """Return the MinHash signature bytes of `body`, as the dedup pipeline computes them."""
        return signature_bytes(body_minhash(body, self.num_perm, self.shingle_size))

    def lsh_keys(self, signature: bytes) -> list[bytes]:
        """Return the LSH band keys of `signature` in the run state's index."""
        return lsh_keys(signature, self.bands, self.rows)

    def noted_watermark(self, source: str) -> Watermark | None:
        """Return the watermark noted for `source` in this run, if any."""
        return self._watermarks.get(source)

    def note_watermark(self, mark: Watermark) -> None:
        """Note `mark` for its source (replacing an earlier note); saved if the run is clean."""
        self._watermarks[mark.source] = mark

    def update_watermark(self, source: str, kind: str, **changes: Any) -> None:
        """Note `changes` to the watermark noted for `source` (a new one of `kind` if none)."""
        mark = self._watermarks.get(source) or Watermark(source, kind)
        self._watermarks[source] = dataclasses.replace(mark, **changes)

    def note_urls(self, article_id: str, url_keys: Iterable[str]) -> None:
        """Note URL keys (requested URLs, redirects) that led to the article `article_id`."""
        keys = set(url_keys)
        if keys:
            self._url_keys.setdefault(article_id, set()).update(keys)

    def note_lastmod(self, article_id: str, lastmod: str) -> None:
        """Note the sitemap lastmod of an article fetched in this run."""
        self._lastmods[article_id] = lastmod

    def note_revisit(self, article_id: str, mark: Watermark) -> None:
        """Note that the exported article `article_id` is fetched again: its lastmod moved."""
        self._revisit[article_id] = mark

    def revisiting(self, article_id: str) -> bool:
        """Say whether the exported article `article_id` is fetched again for a new lastmod."""
        return article_id in self._revisit

    def note_unchanged(self, article_id: str, fetched_at: str) -> None:
        """Note an exported article fetched again and found unchanged."""
        self._unchanged[article_id] = fetched_at

    def note_signature(self, article_id: str, body_hash: str, signature: bytes) -> None:
        """Note the signature the dedup pipeline computed for an article let through."""
        self._signatures[f"{article_id}:{body_hash}"] = signature

    def claim(self, keys: list[str]) -> list[str]:
        """Claim `keys` for this run; return those another run holds (then none is taken)."""
        return self.state.claim(keys, self.run_id)

    def record_monitors(self, results: list[dict[str, Any]]) -> None:
        """Keep the monitors' results for the run manifest."""
        self.monitor_results = results

    def count_export(self, item: ArticleItem) -> None:
        """Count an exported article and the coverage of the monitored fields."""
        self._count("monitor/items")
        for name in COVERAGE_FIELDS:
            if getattr(item, name, None):
                self._count(f"monitor/field/{name}")
        if item.revision > 1:
            self._count("revisions")

    def count_recovery(self) -> None:
        """Count what the recovery of leftovers did (call it once the stats are open)."""
        report = self.recovery
        self._count("recovered/parts", len(report.recovered_parts))
        self._count("recovered/articles", report.recovered_articles)
        self._count("recovered/torn_lines", report.torn_lines)
        self._count("recovered/bad_lines", report.bad_lines)
        self._count("recovered/repeated_lines", report.repeated_lines)
        self._count("recovered/files", len(report.committed_files))
        self._count("recovered/file_articles", report.committed_articles)

    # ------------------------------------------------------------------ commits

    def owns_output(self, path: Path) -> bool:
        """Say whether the feed file `path` is this run's ``-o``/``-O`` output."""
        return self.output is not None and self.output.path == path.absolute()

    def commit_output(self, part: Path) -> None:
        """Complete this run's ``-o``/``-O`` file from its finished part, and commit it.

        Called by the feed storage (`newscrawl.run.feeds.AtomicFileFeedStorage`), which holds
        the part's lock. A commit that fails leaves the pointer, so that the next run commits
        the file.
        """
        assert self.output is not None
        assert part.absolute() == self.output.part
        try:
            report = complete_output(
                self.output,
                self.site_dir,
                self.state,
                self._commit_context,
                append=self.append_output,
            )
        except StateError as exc:
            self._commit_failed(exc)
            return
        self.final_report.committed_files += report.committed_files
        self.final_report.committed_articles += report.committed_articles
        self.final_report.repeated_lines += report.repeated_lines
        self._count("committed/files", len(report.committed_files))
        self._count("committed/articles", report.committed_articles)
        if self.pointer is not None:
            self.pointer.remove()
            self.pointer = None

    def _commit_failed(self, exc: StateError) -> None:
        self.commit_error = str(exc)
        record_failure(self.crawler, "commit", f"commit failed: {exc}")
        logger.error("could not commit the run output: %s", exc)

    def record_export(self) -> None:
        """Commit the renamed output file, then the watermarks if the run finished cleanly."""
        try:
            report = finalize_dir(self.site_dir, self.state, self._commit_context)
            if self._unchanged:
                self.state.touch(self._unchanged)
                marks = [self._revisit[i] for i in self._unchanged if i in self._revisit]
                self.state.set_watermarks(marks)
        except StateError as exc:
            self._commit_failed(exc)
            return
        if self.output is None:
            self.final_report = report
        self._count("committed/files", len(report.committed_files))
        self._count("committed/articles", report.committed_articles)
        if self.commit_error is None:
            self._save_watermarks()

    def _save_watermarks(self) -> None:
        reason = self.stats.get_value("finish_reason")
        errors = sum(
            int(value)
            for key, value in self.stats.get_stats().items()
            if key.startswith("newscrawl/spider/errors/")
        )
        # A run limited in time has not read its sources whole: recording their lastmod
        # would make a later, unlimited run skip what this one left out.
        if reason != "finished" or errors or self.windowed:
            self._count("watermarks/not_saved", len(self._watermarks))
            return
        self.state.set_watermarks(self._watermarks.values())
        self._count("watermarks/saved", len(self._watermarks))

    def close(self) -> None:
        """Let go of the output pointer, close the state and release the lock."""
        if self.pointer is not None:
            assert self.output is not None
            if self.commit_error is None and not self.output.part.exists():
                self.pointer.remove()  # nothing was written (no feed stored)
            else:  # not completed or not committed: a later run completes it
                self.pointer.release()
        self.state.close()
        if self.lock is not None:
            self.lock.release()
