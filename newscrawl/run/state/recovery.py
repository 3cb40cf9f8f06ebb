"""Recover the leftovers of killed runs in a site's output directory, and commit them.

See `newscrawl.run.state.base` for the exactly-once argument. In a site's output directory:

- ``<run-id>.jsonl.part`` not locked by a live writer (the feed storage holds an ``flock`` on
  its part while it writes) is a leftover: its complete lines whose articles are not exported
  yet are written to ``<run-id>.jsonl`` (through a temporary file and a rename), a torn last
  line is cut, the part is removed and the file committed;
- ``<run-id>.jsonl`` not in `RunState.committed_files` was renamed by a run killed before it
  committed, or by a live worker about to commit it: under an ``flock`` on the file, and if
  still uncommitted then, it is committed now (lines already exported, which cannot normally
  occur, are removed first);
- the pointers ``<run-id>.output.json`` of dead runs' ``-o``/``-O`` outputs are recovered by
  `newscrawl.run.state.outputs`.

Every step can be interrupted and run again: nothing is removed before what replaces it is
durable, and commits are atomic and idempotent.
"""

from __future__ import annotations

import fcntl
import logging
from typing import TYPE_CHECKING

from newscrawl.run.durable import TMP_SUFFIX, fsync_dir, lock_if_free, opened, remove_dead_tmp
from newscrawl.run.names import FEED_SUFFIX, PART_SUFFIX
from newscrawl.run.state.commit import (
    FinalizeReport,
    claimed,
    commit_items,
    not_exported,
    read_lines,
    write_lines,
)
from newscrawl.run.state.outputs import OUTPUT_SUFFIX, recover_output

if TYPE_CHECKING:
    from pathlib import Path

    from newscrawl.run.state.base import RunState
    from newscrawl.run.state.commit import CommitContext

logger = logging.getLogger(__name__)


def finalize_dir(site_dir: Path, state: RunState, context: CommitContext) -> FinalizeReport:
    """Recover leftover parts and commit every complete, uncommitted file of `site_dir`."""
    report = FinalizeReport()
    if not site_dir.is_dir():
        return report
    for tmp in [
        *site_dir.glob(f"*{FEED_SUFFIX}{TMP_SUFFIX}"),
        *site_dir.glob(f"*{OUTPUT_SUFFIX}{TMP_SUFFIX}"),
    ]:
        remove_dead_tmp(tmp)
    for pointer in sorted(site_dir.glob(f"*{OUTPUT_SUFFIX}")):
        with opened(pointer) as fd:
            if fd is not None:
                recover_output(pointer, fd, state, context, report)
    committed = state.committed_files()
    leftovers = [p for p in site_dir.glob(f"*{FEED_SUFFIX}") if p.name not in committed]
    leftovers += site_dir.glob(f"*{FEED_SUFFIX}{PART_SUFFIX}")
    # Oldest run first (run ids sort by time), so a later revision supersedes an earlier one.
    for path in sorted(leftovers, key=lambda p: (p.name.split(".", 1)[0], p.name)):
        with opened(path) as fd:
            if fd is None:
                continue
            if path.name.endswith(PART_SUFFIX):
                _recover_part(path, fd, state, context, report)
            else:
                _commit_final(path, fd, state, context, report)
    return report


def _recover_part(
    part: Path, fd: int, state: RunState, context: CommitContext, report: FinalizeReport
) -> None:
    """Recover a dead run's part (`fd` open on it): its complete, unexported lines, committed."""
    if not lock_if_free(fd):
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
    keep = claimed(not_exported(items, state, report), state, run_id, report)
    if keep:
        write_lines(final, keep)
        commit_items(final, keep, state, context)
        report.recovered_parts.append(part.name)
        report.recovered_articles += len(keep)
        logger.warning("recovered %d articles from %s (torn lines cut: %d)", len(keep), part, torn)
    part.unlink()
    fsync_dir(part.parent)
    state.release(run_id)


def _commit_final(
    final: Path, fd: int, state: RunState, context: CommitContext, report: FinalizeReport
) -> None:
    """Commit a renamed output file not committed yet (`fd` open on it)."""
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
    keep = claimed(not_exported(items, state, report), state, run_id, report)
    if len(keep) != len(items) or torn or bad:
        write_lines(final, keep)
    commit_items(final, keep, state, context)
    state.release(run_id)
    report.committed_files.append(final.name)
    report.committed_articles += len(keep)
