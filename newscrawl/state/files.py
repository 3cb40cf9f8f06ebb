"""Commit completed output files to the run state, and recover the leftovers of killed runs.

See `newscrawl.state.base` for the exactly-once argument. In a site's output directory:

- ``<run-id>.jsonl.part`` not locked by a live writer (the feed storage holds an ``flock`` on
  its part while it writes) is a leftover: its complete lines whose articles are not exported
  yet are written to ``<run-id>.jsonl`` (through a temporary file and a rename), a torn last
  line is cut, the part is removed and the file committed;
- ``<run-id>.jsonl`` not in `RunState.committed_files` was renamed by a run killed before it
  committed, or by a live worker about to commit it: under an ``flock`` on the file, and if
  still uncommitted then, it is committed now (lines already exported, which cannot normally
  occur, are removed first).

Every step can be interrupted and run again: nothing is removed before what replaces it is
durable, and commits are atomic and idempotent.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import logging
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import orjson

from newscrawl.discovery.urls import url_fingerprint
from newscrawl.feeds import PART_SUFFIX
from newscrawl.state.base import ExportRecord, lsh_keys
from newscrawl.state.testhooks import pause_point

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping
    from pathlib import Path

    from newscrawl.state.base import RunState

logger = logging.getLogger(__name__)

FEED_SUFFIX = ".jsonl"


@dataclass(slots=True)
class FinalizeReport:
    """What committing and recovering one output directory did."""

    committed_files: list[str] = field(default_factory=list)
    committed_articles: int = 0
    recovered_parts: list[str] = field(default_factory=list)
    recovered_articles: int = 0
    torn_lines: int = 0
    bad_lines: int = 0
    repeated_lines: int = 0
    live_parts: int = 0


@dataclass(slots=True)
class CommitContext:
    """How to turn output lines into state records."""

    signature: Callable[[str], bytes]
    """MinHash signature bytes of a body."""
    bands: int
    rows: int
    url_keys: Mapping[str, Iterable[str]] = field(default_factory=dict)
    """Extra URL keys per article id (requested URLs, redirects) seen by this run."""
    signatures: Mapping[str, bytes] = field(default_factory=dict)
    """Signatures this run already computed, by ``<id>:<body hash>``."""
    lastmods: Mapping[str, str] = field(default_factory=dict)
    """Sitemap lastmod of the articles this run fetched, by id."""


def read_lines(path: Path) -> tuple[list[dict[str, Any]], int, int]:
    """Return the complete JSON lines of `path`, with the number of torn and bad lines.

    A last line without its newline is torn (the writer died in the middle of it); a line that
    is not a JSON object with an ``id`` is bad. Both are left out.
    """
    data = path.read_bytes()
    torn = 0
    if data and not data.endswith(b"\n"):
        data = data[: data.rfind(b"\n") + 1]
        torn = 1
    items: list[dict[str, Any]] = []
    bad = 0
    for line in data.splitlines():
        if not line.strip():
            continue
        try:
            item = orjson.loads(line)
        except orjson.JSONDecodeError:
            bad += 1
            continue
        if not isinstance(item, dict) or not item.get("id"):
            bad += 1
            continue
        items.append(item)
    return items, torn, bad


def finalize_dir(site_dir: Path, state: RunState, context: CommitContext) -> FinalizeReport:
    """Recover leftover parts and commit every complete, uncommitted file of `site_dir`."""
    report = FinalizeReport()
    if not site_dir.is_dir():
        return report
    for tmp in site_dir.glob(f"*{FEED_SUFFIX}.tmp"):
        _remove_dead_rewrite(tmp)
    committed = state.committed_files()
    leftovers = [p for p in site_dir.glob(f"*{FEED_SUFFIX}") if p.name not in committed]
    leftovers += site_dir.glob(f"*{FEED_SUFFIX}{PART_SUFFIX}")
    # Oldest run first (run ids sort by time), so a later revision supersedes an earlier one.
    for path in sorted(leftovers, key=lambda p: (p.name.split(".", 1)[0], p.name)):
        if path.name.endswith(PART_SUFFIX):
            _recover_part(path, state, context, report)
        elif path.exists():
            _commit_final(path, state, context, report)
    return report


def _recover_part(
    part: Path, state: RunState, context: CommitContext, report: FinalizeReport
) -> None:
    try:
        fd = os.open(part, os.O_RDONLY)
    except FileNotFoundError:
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            report.live_parts += 1  # a live writer (another worker) still owns it
            return
        items, torn, bad = read_lines(part)
        report.torn_lines += torn
        report.bad_lines += bad
        final = part.with_name(part.name[: -len(PART_SUFFIX)])
        run_id = final.name[: -len(FEED_SUFFIX)]
        committed = state.committed_files()
        if final.name in committed:
            # Recovered before, killed before the part was removed: all of it is exported.
            report.repeated_lines += len(items)
            part.unlink()
            state.release(run_id)
            return
        keep = _claimed(_not_exported(items, state, report), state, run_id, report)
        if keep:
            _write_atomically(final, keep)
            pause_point("after_recover_rename")
            _commit(final, keep, state, context)
            report.recovered_parts.append(part.name)
            report.recovered_articles += len(keep)
            logger.warning(
                "recovered %d articles from %s (torn lines cut: %d)", len(keep), part, torn
            )
        part.unlink()
        _fsync_dir(part.parent)
        state.release(run_id)
    finally:
        os.close(fd)


def _commit_final(
    final: Path, state: RunState, context: CommitContext, report: FinalizeReport
) -> None:
    try:
        fd = os.open(final, os.O_RDONLY)
    except FileNotFoundError:
        return
    try:
        # Workers sharing a directory (Redis) each finalise it when they end: the run that
        # renamed this file may be committing it right now. Take turns on the file, and look
        # again once it is ours: committed in the meantime, its lines are exported *because*
        # of it, and must not be taken for repeats and cut out.
        fcntl.flock(fd, fcntl.LOCK_EX)
        if final.name in state.committed_files():
            return
        items, torn, bad = read_lines(final)
        report.torn_lines += torn
        report.bad_lines += bad
        run_id = final.name[: -len(FEED_SUFFIX)]
        keep = _claimed(_not_exported(items, state, report), state, run_id, report)
        if len(keep) != len(items) or torn or bad:
            _write_atomically(final, keep)
        _commit(final, keep, state, context)
        state.release(run_id)
        report.committed_files.append(final.name)
        report.committed_articles += len(keep)
    finally:
        os.close(fd)


def _not_exported(
    items: list[dict[str, Any]], state: RunState, report: FinalizeReport
) -> list[dict[str, Any]]:
    """Keep the items whose (id, revision) is not exported yet, once each."""
    records = state.exported(item["id"] for item in items)
    keep: list[dict[str, Any]] = []
    seen: set[str] = set()
    for item in items:
        record = records.get(item["id"])
        revision = int(item.get("revision") or 1)
        if item["id"] in seen or (record is not None and record.revision >= revision):
            report.repeated_lines += 1
            continue
        seen.add(item["id"])
        keep.append(item)
    return keep


def _claimed(
    items: list[dict[str, Any]], state: RunState, owner: str, report: FinalizeReport
) -> list[dict[str, Any]]:
    """Keep the items whose keys the dead run still holds, or can take again.

    With several live workers (Redis), another worker may have claimed an article after the
    dead run's claims were released; that worker exports it, so the leftover line is dropped.
    """
    keep = []
    for item in items:
        keys = [f"id:{item['id']}", f"body:{item.get('body_hash') or ''}"]
        if state.claim(keys, owner):
            report.repeated_lines += 1
            continue
        keep.append(item)
    return keep


def _commit(
    final: Path, items: list[dict[str, Any]], state: RunState, context: CommitContext
) -> None:
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    records: list[ExportRecord] = []
    url_keys: dict[str, str] = {}
    lsh: dict[str, list[bytes]] = {}
    for item in items:
        article_id = item["id"]
        body_hash = item.get("body_hash") or ""
        signature = context.signatures.get(f"{article_id}:{body_hash}") or context.signature(
            item.get("body") or ""
        )
        records.append(
            ExportRecord(
                id=article_id,
                url=item.get("url") or "",
                body_hash=body_hash,
                revision=int(item.get("revision") or 1),
                modified=_newest(item.get("modified"), context.lastmods.get(article_id))
                or item.get("published"),
                fetched_at=item.get("fetched_at") or now,
                exported_at=now,
                file=final.name,
                signature=signature,
            )
        )
        for url in (item.get("url"), item.get("canonical_url")):
            if url:
                url_keys[url_fingerprint(url)] = article_id
        for key in context.url_keys.get(article_id, ()):
            url_keys[key] = article_id
        lsh[article_id] = lsh_keys(signature, context.bands, context.rows)
    state.commit_file(final.name, records, url_keys, lsh)


def _newest(a: str | None, b: str | None) -> str | None:
    """Return the later of two ISO 8601 times (either may be missing or unparseable)."""
    if not a or not b:
        return a or b
    try:
        x, y = dt.datetime.fromisoformat(a), dt.datetime.fromisoformat(b)
        x = x if x.tzinfo else x.replace(tzinfo=dt.UTC)
        y = y if y.tzinfo else y.replace(tzinfo=dt.UTC)
    except ValueError:
        return a
    return b if y > x else a


def _remove_dead_rewrite(tmp: Path) -> None:
    """Remove `tmp`, a rewrite that died before its rename, unless a live worker holds it."""
    try:
        fd = os.open(tmp, os.O_RDONLY)
    except FileNotFoundError:
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return  # another worker is writing it (see `_write_atomically`)
    else:
        tmp.unlink(missing_ok=True)
    finally:
        os.close(fd)


def _write_atomically(final: Path, items: list[dict[str, Any]]) -> None:
    tmp = final.with_name(final.name + ".tmp")
    with tmp.open("wb") as out:
        fcntl.flock(out.fileno(), fcntl.LOCK_EX)  # held until after the rename
        for item in items:
            out.write(orjson.dumps(item) + b"\n")
        out.flush()
        os.fsync(out.fileno())
        tmp.replace(final)
    _fsync_dir(final.parent)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
