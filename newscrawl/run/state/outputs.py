"""Outputs given with ``-o``/``-O``: completed, committed, and recovered after a kill.

An output given with ``-o``/``-O`` (`OutputTarget`, anywhere on disk) is found through its
*pointer* ``<run-id>.output.json`` in the site's output directory, which the writing run holds
(``flock``) while it lives (`OutputPointer`); it is committed under the name ``<run-id>.jsonl``
like a default output (`newscrawl.run.state.recovery`):

- ``-O`` (overwrite): the part ``<path>.part`` is renamed to ``<path>``, then committed. A dead
  run's part is recovered into ``<path>`` (its complete, unexported lines, replacing the file);
  a dead run's renamed, uncommitted ``<path>`` is committed (lines exported since are cut);
- ``-o`` (append): the size of ``<path>`` is noted in ``<run-id>.append.json``, the part is
  appended to ``<path>`` and committed, then the part is removed. A dead run's part is appended
  again after cutting ``<path>`` back to the noted size (an append cut short is redone).

One run at a time writes a given output (a second is refused at start), and a run recovers
the dead pointers of its site before it writes, so nothing else touches ``<path>`` between a
dead run's append and its recovery. Every step can be interrupted and run again.
"""

from __future__ import annotations

import fcntl
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import orjson

from newscrawl.exceptions import StateError
from newscrawl.run.durable import (
    TMP_SUFFIX,
    fsync_dir,
    lock_if_free,
    opened,
    remove_dead_tmp,
    write_atomically,
)
from newscrawl.run.names import FEED_SUFFIX, PART_SUFFIX
from newscrawl.run.state.commit import (
    FinalizeReport,
    claimed,
    commit_items,
    lines_bytes,
    not_exported,
    read_lines,
    write_lines,
)

if TYPE_CHECKING:
    from newscrawl.run.state.base import RunState
    from newscrawl.run.state.commit import CommitContext

logger = logging.getLogger(__name__)

OUTPUT_SUFFIX = ".output.json"
"""Suffix of the pointer to a run's ``-o``/``-O`` output, in the site's output directory."""
APPEND_SUFFIX = ".append.json"
"""Suffix of the note of an output's size before a run appends to it."""


@dataclass(frozen=True, slots=True)
class OutputTarget:
    """A run's output given with ``-o``/``-O``: where it goes and how it is written."""

    path: Path
    """Absolute path of the output file."""
    overwrite: bool
    """``-O``: the file holds this run's articles only; ``-o``: they are appended to it."""
    run_id: str

    @property
    def part(self) -> Path:
        """Return the file the feed storage writes while the run lives."""
        return self.path.with_name(self.path.name + PART_SUFFIX)

    @property
    def key(self) -> str:
        """Return the name the output is committed under in the run state."""
        return f"{self.run_id}{FEED_SUFFIX}"


def pointer_path(site_dir: Path, run_id: str) -> Path:
    """Return the pointer to the ``-o``/``-O`` output of run `run_id`."""
    return site_dir / f"{run_id}{OUTPUT_SUFFIX}"


def _append_note(site_dir: Path, run_id: str) -> Path:
    return site_dir / f"{run_id}{APPEND_SUFFIX}"


class OutputPointer:
    """Hold ``<site dir>/<run-id>.output.json``, the pointer to a live run's ``-o``/``-O`` file.

    The run holds an ``flock`` on the pointer while it lives; a pointer that no process holds
    belongs to a dead run, whose output `finalize_dir` completes and commits.
    """

    def __init__(self, site_dir: Path, target: OutputTarget) -> None:
        self.site_dir = site_dir
        self.target = target
        self.path = pointer_path(site_dir, target.run_id)
        data = orjson.dumps(
            {"path": str(target.path), "overwrite": target.overwrite, "run_id": target.run_id}
        )
        tmp = self.path.with_name(self.path.name + TMP_SUFFIX)
        try:
            site_dir.mkdir(parents=True, exist_ok=True)
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        except OSError as exc:
            raise StateError(f"output dir {site_dir} cannot be written: {exc.strerror}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)  # held from before the pointer has its name
            os.write(fd, data)
            os.fsync(fd)
            tmp.replace(self.path)
            fsync_dir(site_dir)
        except BaseException:
            os.close(fd)
            tmp.unlink(missing_ok=True)
            raise
        self._fd: int | None = fd

    def remove(self) -> None:
        """Remove the pointer: the output is committed (or nothing was written)."""
        _append_note(self.site_dir, self.target.run_id).unlink(missing_ok=True)
        self.path.unlink(missing_ok=True)
        fsync_dir(self.site_dir)
        self.release()

    def release(self) -> None:
        """Let go of the pointer, leaving it for the recovery of a later run."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def check_output(site_dir: Path, target: OutputTarget) -> None:
    """Raise `StateError` when another run writes `target`'s file, or left an unknown part.

    Call it after `finalize_dir`: the parts of this site's dead runs are recovered by then.
    """
    for pointer in site_dir.glob(f"*{OUTPUT_SUFFIX}"):
        other = _read_pointer(pointer)
        if other is not None and other.path == target.path and other.run_id != target.run_id:
            raise StateError(f"output {target.path} is being written by run {other.run_id}")
    part = target.part
    with opened(part) as fd:
        if fd is None:
            return
        if not lock_if_free(fd):
            raise StateError(f"output {target.path} is being written by another run")
    raise StateError(
        f"output {target.path}: {part} was left by a killed run that the run state of "
        f"{site_dir.name} does not know; move it away or choose another output"
    )


def complete_output(
    target: OutputTarget, site_dir: Path, state: RunState, context: CommitContext, *, append: bool
) -> FinalizeReport:
    """Complete a live run's ``-o``/``-O`` output from its finished part, then commit it.

    The caller holds the part's lock. With `append`, the part is appended to the file (also
    for ``-O`` when this run's recovery already put a dead run's articles in it).
    """
    report = FinalizeReport()
    part, final = target.part, target.path
    items, torn, bad = read_lines(part)
    report.torn_lines += torn
    report.bad_lines += bad
    keep = claimed(not_exported(items, state, report), state, target.run_id, report)
    whole = len(keep) == len(items) and not torn and not bad
    if append:
        data = part.read_bytes() if whole else lines_bytes(keep)
        _append_noted(final, data, _append_note(site_dir, target.run_id))
    elif whole:
        part.replace(final)
        fsync_dir(final.parent)
    else:
        write_lines(final, keep)
    commit_items(final, keep, state, context, name=target.key)
    state.release(target.run_id)
    part.unlink(missing_ok=True)
    fsync_dir(part.parent)
    report.committed_files.append(target.key)
    report.committed_articles += len(keep)
    return report


def recover_output(
    pointer: Path, fd: int, state: RunState, context: CommitContext, report: FinalizeReport
) -> None:
    """Complete and commit the ``-o``/``-O`` output of the dead run `pointer` names (`fd`)."""
    if not lock_if_free(fd):
        return  # a live run (or another worker recovering it right now)
    if os.fstat(fd).st_nlink == 0:
        return  # recovered by another worker between our open and our lock
    target = _read_pointer(pointer)
    if target is None:
        logger.warning("removed %s: not a readable output pointer", pointer)
    elif not _recover_target(target, pointer.parent, state, context, report):
        return  # its part is being written by a live run: leave the pointer
    else:
        _append_note(pointer.parent, target.run_id).unlink(missing_ok=True)
    pointer.unlink()
    fsync_dir(pointer.parent)


def _recover_target(
    target: OutputTarget,
    site_dir: Path,
    state: RunState,
    context: CommitContext,
    report: FinalizeReport,
) -> bool:
    """Complete a dead run's output; return False if a live run holds its part.

    A rewrite of the output that the dead run (or a recovery) began and did not finish
    leaves ``<path>.tmp`` beside it: removed first.
    """
    part, final = target.part, target.path
    remove_dead_tmp(final.with_name(final.name + TMP_SUFFIX))
    note = _append_note(site_dir, target.run_id)
    committed = target.key in state.committed_files()
    with opened(part) as fd:
        if fd is not None:
            if not lock_if_free(fd):
                report.live_parts += 1
                return False
            if committed:  # appended and committed, killed before removing the part
                part.unlink()
            else:
                _recover_output_part(target, note, state, context, report)
        elif target.overwrite and not committed and final.exists():
            _commit_renamed_output(target, state, context, report)
    state.release(target.run_id)
    return True


def _recover_output_part(
    target: OutputTarget,
    note: Path,
    state: RunState,
    context: CommitContext,
    report: FinalizeReport,
) -> None:
    """Put the complete, unexported lines of a dead run's part in its output; commit them."""
    part, final = target.part, target.path
    items, torn, bad = read_lines(part)
    report.torn_lines += torn
    report.bad_lines += bad
    keep = claimed(not_exported(items, state, report), state, target.run_id, report)
    if not target.overwrite:
        _cut_to_note(final, note)  # an append cut short by the kill is done again, whole
    if keep:
        if target.overwrite:
            write_lines(final, keep)
        else:
            _append_noted(final, lines_bytes(keep), note)
        commit_items(final, keep, state, context, name=target.key)
        report.recovered_parts.append(str(part))
        report.recovered_articles += len(keep)
        report.recovered_outputs.append(str(final))
        logger.warning(
            "recovered %d articles of killed run %s into %s (torn lines cut: %d)",
            len(keep),
            target.run_id,
            final,
            torn,
        )
    part.unlink()
    fsync_dir(part.parent)


def _commit_renamed_output(
    target: OutputTarget, state: RunState, context: CommitContext, report: FinalizeReport
) -> None:
    """Commit a dead run's ``-O`` file, renamed but not committed when the run was killed.

    A file whose lines are all exported already is an earlier run's (this one wrote nothing),
    and is left alone.
    """
    final = target.path
    with opened(final) as fd:
        if fd is None:
            return
        fcntl.flock(fd, fcntl.LOCK_EX)
        if target.key in state.committed_files():
            return
        items, torn, bad = read_lines(final)
        scratch = FinalizeReport()
        keep = claimed(not_exported(items, state, scratch), state, target.run_id, scratch)
        if not keep:
            return
        report.torn_lines += torn
        report.bad_lines += bad
        report.repeated_lines += scratch.repeated_lines
        if len(keep) != len(items) or torn or bad:
            write_lines(final, keep)
        commit_items(final, keep, state, context, name=target.key)
        report.committed_files.append(target.key)
        report.committed_articles += len(keep)
        report.recovered_outputs.append(str(final))


def _read_pointer(pointer: Path) -> OutputTarget | None:
    try:
        data = orjson.loads(pointer.read_bytes())
        return OutputTarget(Path(data["path"]), bool(data["overwrite"]), str(data["run_id"]))
    except (OSError, orjson.JSONDecodeError, KeyError, TypeError):
        return None


def _append_noted(final: Path, data: bytes, note: Path) -> None:
    """Append `data` to `final`, having noted durably the size it had before."""
    size = final.stat().st_size if final.exists() else 0
    write_atomically(note, orjson.dumps({"size": size}))
    created = not final.exists()
    with final.open("ab") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    if created:
        fsync_dir(final.parent)


def _cut_to_note(final: Path, note: Path) -> None:
    """Cut `final` back to the size noted before an append that a kill may have cut short."""
    try:
        size = int(orjson.loads(note.read_bytes())["size"])
    except (OSError, orjson.JSONDecodeError, KeyError, TypeError, ValueError):
        return
    if final.exists() and final.stat().st_size > size:
        with final.open("rb+") as out:
            out.truncate(size)
            os.fsync(out.fileno())
