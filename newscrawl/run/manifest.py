"""The run manifest: ``<output dir>/<site>/<run-id>.manifest.json``.

One JSON object per run: start and end, what was exported, skipped and dropped (by reason),
requests and HTTP status counts, errors, what recovery did, the profile hash and code version,
and the monitor results. ``ok`` is false, and ``failure`` says why, when the run failed.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newscrawl import __version__
from newscrawl.run.durable import write_atomically
from newscrawl.run.outcome import run_failure

if TYPE_CHECKING:
    from newscrawl.run.ledger import RunLedger

MANIFEST_VERSION = 1


@functools.cache
def code_version() -> str:
    """Return the package version, with the git commit when running from a checkout."""
    root = Path(__file__).resolve().parents[2]
    if (root / ".git").exists():
        try:
            out = subprocess.run(
                ["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
                capture_output=True,
                text=True,
                timeout=5,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            return __version__
        if out.returncode == 0 and out.stdout.strip():
            return f"{__version__}+g{out.stdout.strip()}"
    return __version__


def _prefixed(stats: dict[str, Any], prefix: str) -> dict[str, int]:
    return {k[len(prefix) :]: int(v) for k, v in sorted(stats.items()) if k.startswith(prefix)}


def _iso(value: Any) -> str | None:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat(timespec="seconds")
    return None if value is None else str(value)


def build_manifest(ext: RunLedger) -> dict[str, Any]:
    """Return the manifest of the run `ext` keeps the books of (once the spider closed)."""
    stats = ext.stats.get_stats()
    finish_reason = stats.get("finish_reason")
    failed_monitors = [m for m in ext.monitor_results if m["status"] in ("failed", "error")]
    # The output not written or committed, the site not reached or every request failed, a
    # crawl that did not end by itself, a failed monitor (newscrawl.extensions.outcome).
    failure = run_failure(ext.crawler, state=True)
    if failure is None and ext.commit_error:
        failure = f"commit failed: {ext.commit_error}"
    if failure is None and failed_monitors:
        failure = "; ".join(f"{m['name']}: {m['reason']}" for m in failed_monitors)
    requests = int(stats.get("downloader/request_count", 0))
    errors = _prefixed(stats, "newscrawl/spider/errors/")
    exported = int(stats.get("newscrawl/state/monitor/items", 0))
    return {
        "manifest_version": MANIFEST_VERSION,
        "site": ext.site,
        "run_id": ext.run_id,
        "ok": failure is None,
        "failure": failure,
        "started_at": _iso(ext.started_at),
        "finished_at": _iso(dt.datetime.now(dt.UTC)),
        "finish_reason": finish_reason,
        "output": {
            "dir": str(ext.output_path.parent),
            "file": ext.output_path.name,
            "committed": ext.final_report.committed_files,
        },
        "articles": {
            "exported": exported,
            "revisions": int(stats.get("newscrawl/state/revisions", 0)),
            "skipped_seen": int(stats.get("newscrawl/state/skipped/exported", 0)),
            "unchanged": int(stats.get("newscrawl/dedup/dropped/unchanged", 0)),
            "dropped": _prefixed(stats, "item_dropped_reasons_count/"),
            "not_exported": _prefixed(stats, "newscrawl/not_exported/"),
        },
        "discovery": {
            "refused": _prefixed(stats, "newscrawl/spider/skipped/trap/"),
            "families": stats.get("newscrawl/discovery/families", {}),
        },
        "sources": {
            "sitemaps_skipped_unchanged": int(
                stats.get("newscrawl/state/skipped/sitemap_unchanged", 0)
            ),
            "watermarks_saved": int(stats.get("newscrawl/state/watermarks/saved", 0)),
            "not_modified": int(stats.get("newscrawl/conditional/not_modified", 0)),
        },
        "recovery": {
            "parts": ext.recovery.recovered_parts,
            "articles": ext.recovery.recovered_articles,
            "torn_lines": ext.recovery.torn_lines,
            "files_committed": ext.recovery.committed_files,
            "repeated_lines_removed": ext.recovery.repeated_lines,
        },
        "requests": {
            "total": requests,
            "responses_by_kind": _prefixed(stats, "newscrawl/state/responses/"),
            "http_status": _prefixed(stats, "downloader/response_status_count/"),
        },
        "errors": {
            "total": sum(errors.values()),
            "by_kind": errors,
            "exceptions": _prefixed(stats, "downloader/exception_type_count/"),
            "log_errors": int(stats.get("log_count/ERROR", 0)),
        },
        "profile": {
            "name": ext.site,
            "source": ext.crawler.settings.get("NEWSCRAWL_PROFILE_SOURCE") or None,
            "sha256": ext.crawler.settings.get("NEWSCRAWL_PROFILE_SHA256") or None,
        },
        "code_version": code_version(),
        "monitors": {
            "passed": not failed_monitors,
            "results": ext.monitor_results,
        },
    }


def write_manifest(path: Path, manifest: dict[str, Any]) -> None:
    """Write `manifest` to `path` atomically (temporary file, fsync, rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(manifest, ensure_ascii=False, indent=2, default=str) + "\n"
    write_atomically(path, data.encode("utf-8"))
