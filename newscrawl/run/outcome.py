"""The outcome of a run: did it fail, and why, in one line.

A crawl that received no response from its site, whose every request failed, that Ctrl-C or
SIGTERM stopped before the end, whose output could not be written or committed, or whose
monitors failed, is a failed run, however cleanly the engine stopped. Components that meet
such a failure record it on the crawler (`record_failure`: the feed storage, the run ledger,
the monitors); `run_failure` adds what the stats show (`stats_failure`) and gives the
verdict, which
`newscrawl.extensions.outcome.RunOutcome` sets as the stat ``newscrawl/outcome/failure``.
``scrapy crawl`` (`newscrawl.cli.commands.crawl`) reads it and exits with 1; the run manifest's
``failure`` is the same verdict.

Stats: newscrawl/outcome/failure (the one-line reason, only when the run failed).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

if TYPE_CHECKING:
    from collections.abc import Mapping

    from scrapy.crawler import Crawler

FAILURE_STAT = "newscrawl/outcome/failure"
OK_FINISH_REASONS = ("finished", "closespider_itemcount")
"""Finish reasons of a run that ended by itself (or at its article limit)."""
INTERRUPTED = "shutdown"
"""Scrapy's finish reason of a crawl stopped by Ctrl-C or SIGTERM: a failure, state or not
(the output holds what was exported until then, complete lines only)."""

ORDER = ("output", "commit", "monitors")
"""Kinds of recorded failures, most important first (see `run_failure`)."""

_RECORDED: WeakKeyDictionary[Crawler, dict[str, str]] = WeakKeyDictionary()

_EXCEPTION_NAMES = (
    ("ConnectionRefused", "connection refused"),
    ("DNSLookup", "DNS lookup failed"),
    ("CannotResolveHost", "DNS lookup failed"),
    ("Timeout", "timed out"),
    ("TimedOut", "timed out"),
    ("ConnectionLost", "connection lost"),
    ("DataLoss", "truncated response"),
)


def record_failure(crawler: Crawler, kind: str, reason: str) -> None:
    """Record that the run of `crawler` failed; `kind` is one of `ORDER`, `reason` one line.

    The first reason of each kind is kept.
    """
    _RECORDED.setdefault(crawler, {}).setdefault(kind, reason)


def failed_requests(stats: Mapping[str, Any]) -> tuple[int, int]:
    """Return (failed, total) requests of a run, each request counted once however retried.

    `total` is the downloads minus the retries. A request failed when it gave up retrying
    (``retry/max_reached``: connection refused, DNS lookup failed, timeouts, server errors) or
    when the spider counted it as an error after the retries (``newscrawl/spider/errors/*``,
    which also counts pages whose analysis failed), or when the download of robots.txt for
    the rules failed (``robotstxt/exception_count/*``); the larger count is taken, so that a
    request is not counted twice.
    """
    total = max(_int(stats, "downloader/request_count") - _int(stats, "retry/count"), 0)
    counted = sum(
        int(value)
        for key, value in stats.items()
        if key.startswith(("newscrawl/spider/errors/", "robotstxt/exception_count/"))
    )
    return max(_int(stats, "retry/max_reached"), counted), total


def stats_failure(stats: Mapping[str, Any]) -> str | None:
    """Return why the stats say the run failed (site unreachable, every request failed)."""
    downloads = _int(stats, "downloader/request_count")
    failed, total = failed_requests(stats)
    if downloads and not _int(stats, "response_received_count"):
        return f"no response from the site: {_requests(total)} failed ({_why(stats)})"
    if total and failed >= total:
        return f"every request failed: {failed} of {_requests(total)} ({_why(stats)})"
    if any(k.startswith("feedexport/failed_count/") and v for k, v in stats.items()):
        return "the output could not be written (see the log)"
    return None


def run_failure(crawler: Crawler, *, state: bool = False) -> str | None:
    """Return why the run of `crawler` failed, in one line, or None when it succeeded.

    In order: the output not written, the output not committed to the run state, the site not
    reached or every request failed, a crawl interrupted by a signal, (with the run state on)
    a crawl that did not end by itself, a failed monitor.
    """
    recorded = _RECORDED.get(crawler, {})
    for kind in ORDER[:2]:
        if kind in recorded:
            return recorded[kind]
    assert crawler.stats is not None
    stats = crawler.stats.get_stats()
    failure = stats_failure(stats)
    if failure is not None:
        return failure
    reason = stats.get("finish_reason")
    if reason == INTERRUPTED:
        return "interrupted before the end (Ctrl-C or SIGTERM)"
    if state and reason not in OK_FINISH_REASONS:
        return f"crawl ended with {reason}"
    return recorded.get("monitors")


def _int(stats: Mapping[str, Any], key: str) -> int:
    return int(stats.get(key, 0) or 0)


def _requests(count: int) -> str:
    return f"{count} request" if count == 1 else f"{count} requests"


def _why(stats: Mapping[str, Any]) -> str:
    """Name the download errors and server errors of a run, most frequent first."""
    counts: dict[str, int] = {}
    prefix = "downloader/exception_type_count/"
    for key, value in stats.items():
        if key.startswith(prefix):
            name = _exception_name(key[len(prefix) :])
            counts[name] = counts.get(name, 0) + int(value)
    prefix = "downloader/response_status_count/"
    for key, value in stats.items():
        status = key[len(prefix) :]
        if key.startswith(prefix) and status.isdigit() and _server_error(int(status)):
            counts[f"HTTP {status}"] = counts.get(f"HTTP {status}", 0) + int(value)
    if not counts:
        return "no detail"
    return ", ".join(name for name, _ in sorted(counts.items(), key=lambda kv: -kv[1]))


def _server_error(status: int) -> bool:
    return status >= 500 or status in (408, 429)


def _exception_name(path: str) -> str:
    short = path.rsplit(".", 1)[-1]
    for fragment, name in _EXCEPTION_NAMES:
        if fragment in short:
            return name
    return short
