"""Live progress of a crawl, and its closing summary.

On a terminal whose console is quiet (`newscrawl.console.logsetup`), a rich live display on
stderr, refreshed 4 times a second: pages fetched, articles exported, not exported (by
reason), errors, queue size, rate, and an ETA once sitemaps and feeds have told how many
article pages there are to fetch. Elsewhere (cron, a pipe, ``-L INFO``) the same figures are
one log line every NEWSCRAWL_CONSOLE_INTERVAL seconds. When the spider closes, a summary:
articles, not exported by reason, errors by kind, requests, time, output and log paths.

The figures come from the stats (``item_scraped_count``, ``response_received_count``,
``newscrawl/not_exported/<reason>``, ``scheduler/enqueued``…); the article pages to expect are
the requests the ``news`` spider scheduled with ``meta["nc_kind"] == "article"`` and the
scheduler kept.

Settings: NEWSCRAWL_CONSOLE_ENABLED, NEWSCRAWL_CONSOLE_PROGRESS ("auto", "live", "lines",
"off"), NEWSCRAWL_CONSOLE_INTERVAL, NEWSCRAWL_CONSOLE_QUIET (see logsetup).
Stats: none.
"""

from __future__ import annotations

import logging
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import create_looping_call

from newscrawl.console import logsetup
from newscrawl.console.screen import BOARD

if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Self

    from rich.console import RenderableType
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

NOT_EXPORTED = "newscrawl/not_exported/"


@dataclass(slots=True)
class Snapshot:
    """The figures shown at one moment of a crawl."""

    elapsed: float
    pages: int = 0
    requests: int = 0
    exported: int = 0
    not_exported: dict[str, int] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    queued: int = 0
    expected: int = 0
    """Article pages scheduled so far (sitemaps, feeds and links announce them)."""
    fetched_articles: int = 0
    """Article pages answered so far."""

    @property
    def rate(self) -> float:
        """Pages per second since the start."""
        return self.pages / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def eta(self) -> float | None:
        """Seconds until the known article pages are fetched, or None when unknown."""
        left = self.expected - self.fetched_articles
        if self.expected <= 0 or left <= 0 or self.fetched_articles < 3 or self.elapsed <= 0:
            return None
        return left / (self.fetched_articles / self.elapsed)

    @property
    def error_count(self) -> int:
        """Errors of every kind."""
        return sum(self.errors.values())

    @property
    def dropped_count(self) -> int:
        """Articles not exported, every reason."""
        return sum(self.not_exported.values())


def errors_by_kind(stats: Mapping[str, Any]) -> dict[str, int]:
    """Return error counts by kind: HTTP status classes, download exceptions, spider errors."""
    errors: dict[str, int] = {}
    for key, value in stats.items():
        if key.startswith("downloader/exception_type_count/"):
            kind = key.rsplit("/", 1)[1].rsplit(".", 1)[-1]
        elif key.startswith("spider_exceptions/") and key.count("/") == 1:
            kind = key.split("/", 1)[1]
        elif key.startswith("downloader/response_status_count/"):
            status = key.rsplit("/", 1)[1]
            if not status.startswith(("4", "5")):
                continue
            kind = f"http {status}"
        elif key == "log_count/ERROR":
            kind = "logged errors"
        else:
            continue
        errors[kind] = errors.get(kind, 0) + int(value)
    return errors


def snapshot(
    stats: Mapping[str, Any], elapsed: float, expected: int = 0, fetched_articles: int = 0
) -> Snapshot:
    """Return the `Snapshot` of a stats dict."""
    return Snapshot(
        elapsed=elapsed,
        pages=int(stats.get("response_received_count", 0)),
        requests=int(stats.get("downloader/request_count", 0)),
        exported=int(stats.get("item_scraped_count", 0)),
        not_exported={
            key[len(NOT_EXPORTED) :]: int(value)
            for key, value in sorted(stats.items())
            if key.startswith(NOT_EXPORTED) and value
        },
        errors=errors_by_kind(stats),
        queued=max(
            0, int(stats.get("scheduler/enqueued", 0)) - int(stats.get("scheduler/dequeued", 0))
        ),
        expected=expected,
        fetched_articles=fetched_articles,
    )


def duration(seconds: float) -> str:
    """Return ``1h02m``, ``3m05s`` or ``12.3s``."""
    if seconds >= 3600:
        return f"{int(seconds // 3600)}h{int(seconds % 3600 // 60):02d}m"
    if seconds >= 60:
        return f"{int(seconds // 60)}m{int(seconds % 60):02d}s"
    return f"{seconds:.1f}s"


def _counts(counts: Mapping[str, int]) -> str:
    return ", ".join(f"{name} {n}" for name, n in sorted(counts.items(), key=lambda kv: -kv[1]))


def progress_line(snap: Snapshot) -> str:
    """Return the one-line progress of a `Snapshot` (the plain, non-terminal display)."""
    parts = [
        f"{snap.pages} pages ({snap.rate * 60:.0f}/min)",
        f"{snap.exported} exported",
        f"{snap.dropped_count} not exported"
        + (f" ({_counts(snap.not_exported)})" if snap.not_exported else ""),
        f"{snap.error_count} errors",
        f"{snap.queued} queued",
    ]
    if snap.expected:
        parts.append(f"{snap.fetched_articles}/{snap.expected} article pages")
    if snap.eta is not None:
        parts.append(f"ETA {duration(snap.eta)}")
    return "progress: " + ", ".join(parts)


def summary_lines(
    snap: Snapshot, site: str, reason: str, output: str | None, log_path: str | None
) -> list[str]:
    """Return the closing summary of a crawl, one fact a line."""
    lines = [
        f"{site}: {snap.exported} articles exported in {duration(snap.elapsed)}"
        + ("" if reason == "finished" else f" (stopped: {reason})"),
        "not exported: " + (_counts(snap.not_exported) if snap.not_exported else "none"),
        "errors: " + (_counts(snap.errors) if snap.errors else "none"),
        f"requests: {snap.requests}, pages: {snap.pages} ({snap.rate * 60:.0f}/min)",
    ]
    if output:
        lines.append(f"output: {output}")
    if log_path:
        lines.append(f"log: {log_path}")
    return lines


def render_live(snap: Snapshot, site: str) -> RenderableType:
    """Return the rich renderable of the live display."""
    from rich.progress_bar import ProgressBar
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold cyan", justify="right")
    grid.add_column()
    bar: RenderableType
    if snap.expected:
        bar = Table.grid(padding=(0, 1))
        bar.add_row(
            ProgressBar(total=snap.expected, completed=snap.fetched_articles, width=30),
            Text(f"{snap.fetched_articles}/{snap.expected} article pages"),
            Text(f"ETA {duration(snap.eta)}" if snap.eta is not None else "", style="yellow"),
        )
    else:
        bar = Text("discovering…", style="yellow")
    grid.add_row(site, bar)
    grid.add_row(
        "pages",
        Text(f"{snap.pages}  ({snap.rate * 60:.0f}/min, {snap.queued} queued)"),
    )
    grid.add_row("exported", Text(str(snap.exported), style="bold green"))
    grid.add_row(
        "not exported",
        Text(
            f"{snap.dropped_count}"
            + (f"  {_counts(snap.not_exported)}" if snap.not_exported else "")
        ),
    )
    grid.add_row(
        "errors",
        Text(
            f"{snap.error_count}" + (f"  {_counts(snap.errors)}" if snap.errors else ""),
            style="red" if snap.error_count else "",
        ),
    )
    grid.add_row("elapsed", Text(duration(snap.elapsed)))
    return grid


def local_output(feeds: Mapping[str, Any]) -> Path | None:
    """Return the path of the first local feed (``-O``, ``-o`` or the per-run default)."""
    for uri in feeds:
        text = str(uri)
        if text.startswith("file://"):
            text = text[len("file://") :]
        if "://" in text or text in ("-", "stdout:") or "%(" in text:
            continue
        return Path(text)
    return None


class ConsoleProgress:
    """Show a crawl's progress (live on a terminal, log lines elsewhere) and its summary.

    Settings: NEWSCRAWL_CONSOLE_ENABLED, NEWSCRAWL_CONSOLE_PROGRESS, NEWSCRAWL_CONSOLE_INTERVAL.
    """

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not settings.getbool("NEWSCRAWL_CONSOLE_ENABLED"):
            raise NotConfigured
        self.crawler = crawler
        mode = str(settings.get("NEWSCRAWL_CONSOLE_PROGRESS")).lower()
        if mode not in ("auto", "live", "lines", "off"):
            raise ValueError(
                f"NEWSCRAWL_CONSOLE_PROGRESS: expected auto, live, lines or off, got {mode!r}"
            )
        quiet = logsetup.run_log() is not None
        if mode == "auto":
            mode = "live" if quiet else "lines"
        self.mode = mode
        self.quiet = quiet
        self.interval = settings.getfloat("NEWSCRAWL_CONSOLE_INTERVAL")
        self.output = local_output(settings.getdict("FEEDS"))
        self.log_path: Path | None = None
        handler = logsetup.run_log()
        if handler is not None:
            self.log_path = self._log_path(settings.get("NEWSCRAWL_OUTPUT_DIR"))
            try:
                handler.attach(self.log_path)
            except OSError as exc:
                logger.error("cannot write the log file %s: %s", self.log_path, exc.strerror)
                self.log_path = None
        self.expected = 0
        self.fetched_articles = 0
        self.started = time.monotonic()
        self._task: Any = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.request_scheduled, signal=signals.request_scheduled)
        crawler.signals.connect(self.request_dropped, signal=signals.request_dropped)
        crawler.signals.connect(self.response_received, signal=signals.response_received)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def _log_path(self, output_dir: str) -> Path:
        if self.output is not None:
            return self.output.with_name(self.output.name.removesuffix(".part")).with_suffix(
                ".log"
            )
        settings = self.crawler.settings
        site = settings.get("NEWSCRAWL_SITE") or "crawl"
        return Path(output_dir) / site / f"{settings.get('NEWSCRAWL_RUN_ID') or 'run'}.log"

    def _site(self) -> str:
        return str(self.crawler.settings.get("NEWSCRAWL_SITE") or "crawl")

    def snapshot(self) -> Snapshot:
        """Return the figures now."""
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        return snapshot(
            stats, time.monotonic() - self.started, self.expected, self.fetched_articles
        )

    def request_scheduled(self, request: Request, **kwargs: Any) -> None:
        """Count an article page to fetch."""
        if request.meta.get("nc_kind") == "article":
            self.expected += 1

    def request_dropped(self, request: Request, **kwargs: Any) -> None:
        """Uncount an article page the dupefilter dropped."""
        if request.meta.get("nc_kind") == "article":
            self.expected -= 1

    def response_received(self, response: Response, request: Request, **kwargs: Any) -> None:
        """Count an article page fetched."""
        if request.meta.get("nc_kind") == "article":
            self.fetched_articles += 1

    def spider_opened(self, spider: Spider) -> None:
        """Start the display."""
        self.started = time.monotonic()
        if self.mode == "live":
            BOARD.add(id(self), lambda: render_live(self.snapshot(), self._site()))
        elif self.mode == "lines":
            self._task = create_looping_call(self._log_line)
            self._task.start(self.interval, now=False)

    def _log_line(self) -> None:
        logger.info(progress_line(self.snapshot()))

    def spider_closed(self, spider: Spider, reason: str) -> None:
        """Stop the display and show the summary."""
        if self._task is not None and self._task.running:
            self._task.stop()
        if self.mode == "live":
            BOARD.remove(id(self))
        if self.mode == "off":
            return
        output = None
        if self.output is not None:
            output = str(self.output.with_name(self.output.name.removesuffix(".part")))
        lines = summary_lines(
            self.snapshot(),
            self._site(),
            reason,
            output,
            str(self.log_path) if self.log_path else None,
        )
        for line in lines:
            logger.info("summary: %s", line)
        if self.quiet:
            from rich.console import Console
            from rich.text import Text

            console = BOARD.console or Console(file=sys.stderr, stderr=True)
            console.print(Text(lines[0], style="bold"))
            for line in lines[1:]:
                console.print(Text(f"  {line}"))
