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

Outputs given with ``-o``/``-O`` (`OutputTarget`, anywhere on disk) are found through their
*pointer* ``<run-id>.output.json`` in the site's output directory, which the writing run holds
(``flock``) while it lives (`OutputPointer`); they are committed under the name
``<run-id>.jsonl`` like a default output:

- ``-O`` (overwrite): the part ``<path>.part`` is renamed to ``<path>``, then committed. A dead
  run's part is recovered into ``<path>`` (its complete, unexported lines, replacing the file);
  a dead run's renamed, uncommitted ``<path>`` is committed (lines exported since are cut);
- ``-o`` (append): the size of ``<path>`` is noted in ``<run-id>.append.json``, the part is
  appended to ``<path>`` and committed, then the part is removed. A dead run's part is appended
  again after cutting ``<path>`` back to the noted size (an append cut short is redone).

One run at a time writes a given output (a second is refused at start), and a run recovers
the dead pointers of its site before it writes, so nothing else touches ``<path>`` between a
dead run's append and its recovery.

Every step can be interrupted and run again: nothing is removed before what replaces it is
durable, and commits are atomic and idempotent.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from newscrawl.discovery.urls import url_fingerprint
from newscrawl.exceptions import StateError
from newscrawl.feeds import PART_SUFFIX
from newscrawl.state.base import ExportRecord, lsh_keys
from newscrawl.state.testhooks import pause_point

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

    from newscrawl.state.base import RunState

logger = logging.getLogger(__name__)

FEED_SUFFIX = ".jsonl"
OUTPUT_SUFFIX = ".output.json"
"""Suffix of the pointer to a run's ``-o``/``-O`` output, in the site's output directory."""
APPEND_SUFFIX = ".append.json"
"""Suffix of the note of an output's size before a run appends to it."""


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
    recovered_outputs: list[str] = field(default_factory=list)
    """``-o``/``-O`` files that received a dead run's articles."""


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
    for tmp in [*site_dir.glob(f"*{FEED_SUFFIX}.tmp"), *site_dir.glob(f"*{OUTPUT_SUFFIX}.tmp")]:
        _remove_dead_rewrite(tmp)
    for pointer in sorted(site_dir.glob(f"*{OUTPUT_SUFFIX}")):
        _recover_output(pointer, state, context, report)
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
    final: Path,
    items: list[dict[str, Any]],
    state: RunState,
    context: CommitContext,
    name: str | None = None,
) -> None:
    """Commit `items`, the content of `final`, under `name` (default: the file's name)."""
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
                file=final.name if name is None else str(final),
                signature=signature,
            )
        )
        for url in (item.get("url"), item.get("canonical_url")):
            if url:
                url_keys[url_fingerprint(url)] = article_id
        for key in context.url_keys.get(article_id, ()):
            url_keys[key] = article_id
        lsh[article_id] = lsh_keys(signature, context.bands, context.rows)
    state.commit_file(name or final.name, records, url_keys, lsh)


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


# ---------------------------------------------------------------------- -o/-O outputs


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
        tmp = self.path.with_name(self.path.name + ".tmp")
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
            _fsync_dir(site_dir)
        except BaseException:
            os.close(fd)
            tmp.unlink(missing_ok=True)
            raise
        self._fd: int | None = fd

    def remove(self) -> None:
        """Remove the pointer: the output is committed (or nothing was written)."""
        _append_note(self.site_dir, self.target.run_id).unlink(missing_ok=True)
        self.path.unlink(missing_ok=True)
        _fsync_dir(self.site_dir)
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
    try:
        fd = os.open(part, os.O_RDONLY)
    except FileNotFoundError:
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise StateError(f"output {target.path} is being written by another run") from None
    finally:
        os.close(fd)
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
    keep = _claimed(_not_exported(items, state, report), state, target.run_id, report)
    whole = len(keep) == len(items) and not torn and not bad
    if append:
        data = part.read_bytes() if whole else b"".join(orjson.dumps(i) + b"\n" for i in keep)
        _append_noted(final, data, _append_note(site_dir, target.run_id))
    elif whole:
        part.replace(final)
        _fsync_dir(final.parent)
    else:
        _write_atomically(final, keep)
    pause_point("before_commit")
    _commit(final, keep, state, context, name=target.key)
    state.release(target.run_id)
    part.unlink(missing_ok=True)
    _fsync_dir(part.parent)
    report.committed_files.append(target.key)
    report.committed_articles += len(keep)
    return report


def _recover_output(
    pointer: Path, state: RunState, context: CommitContext, report: FinalizeReport
) -> None:
    """Complete and commit the ``-o``/``-O`` output of the dead run `pointer` names."""
    try:
        fd = os.open(pointer, os.O_RDONLY)
    except FileNotFoundError:
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
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
        _fsync_dir(pointer.parent)
    finally:
        os.close(fd)


def _recover_target(
    target: OutputTarget,
    site_dir: Path,
    state: RunState,
    context: CommitContext,
    report: FinalizeReport,
) -> bool:
    """Complete a dead run's output; return False if a live run holds its part."""
    part, final = target.part, target.path
    note = _append_note(site_dir, target.run_id)
    committed = target.key in state.committed_files()
    try:
        fd = os.open(part, os.O_RDONLY)
    except FileNotFoundError:
        fd = -1
    if fd >= 0:
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                report.live_parts += 1
                return False
            if committed:  # appended and committed, killed before removing the part
                part.unlink()
            else:
                _recover_output_part(target, note, state, context, report)
        finally:
            os.close(fd)
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
    keep = _claimed(_not_exported(items, state, report), state, target.run_id, report)
    if not target.overwrite:
        _cut_to_note(final, note)  # an append cut short by the kill is done again, whole
    if keep:
        if target.overwrite:
            _write_atomically(final, keep)
        else:
            _append_noted(final, b"".join(orjson.dumps(i) + b"\n" for i in keep), note)
        pause_point("after_recover_rename")
        _commit(final, keep, state, context, name=target.key)
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
    _fsync_dir(part.parent)


def _commit_renamed_output(
    target: OutputTarget, state: RunState, context: CommitContext, report: FinalizeReport
) -> None:
    """Commit a dead run's ``-O`` file, renamed but not committed when the run was killed.

    A file whose lines are all exported already is an earlier run's (this one wrote nothing),
    and is left alone.
    """
    final = target.path
    fd = os.open(final, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        if target.key in state.committed_files():
            return
        items, torn, bad = read_lines(final)
        scratch = FinalizeReport()
        keep = _claimed(_not_exported(items, state, scratch), state, target.run_id, scratch)
        if not keep:
            return
        report.torn_lines += torn
        report.bad_lines += bad
        report.repeated_lines += scratch.repeated_lines
        if len(keep) != len(items) or torn or bad:
            _write_atomically(final, keep)
        _commit(final, keep, state, context, name=target.key)
        report.committed_files.append(target.key)
        report.committed_articles += len(keep)
        report.recovered_outputs.append(str(final))
    finally:
        os.close(fd)


def _read_pointer(pointer: Path) -> OutputTarget | None:
    try:
        data = orjson.loads(pointer.read_bytes())
        return OutputTarget(Path(data["path"]), bool(data["overwrite"]), str(data["run_id"]))
    except (OSError, orjson.JSONDecodeError, KeyError, TypeError):
        return None


def _append_noted(final: Path, data: bytes, note: Path) -> None:
    """Append `data` to `final`, having noted durably the size it had before."""
    size = final.stat().st_size if final.exists() else 0
    tmp = note.with_name(note.name + ".tmp")
    with tmp.open("wb") as out:
        out.write(orjson.dumps({"size": size}))
        out.flush()
        os.fsync(out.fileno())
    tmp.replace(note)
    _fsync_dir(note.parent)
    created = not final.exists()
    with final.open("ab") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    if created:
        _fsync_dir(final.parent)


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
