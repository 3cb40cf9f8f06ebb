"""Atomic JSONL feed storage, the default per-run feed path, and the check of output paths.

A feed file is written to ``<path>.part`` and renamed to ``<path>`` only when the feed is
complete, so a reader (or the next scheduled run) never sees a half-written file. The writer
holds an exclusive ``flock`` on the part while it writes, so the recovery of a killed run's
leftovers (`newscrawl.state.files`) can tell a live part from a dead one. With the run state
on and ``-o``/``-O`` given, the run-state extension completes and commits the file
(`newscrawl.extensions.runstate.RunStateExtension.complete_output`).

An output that cannot be written is an `OutputError` (one line), recorded as the run's
failure (`newscrawl.extensions.outcome`); `check_output_paths` finds most of them before the
crawl starts.

Settings: NEWSCRAWL_OUTPUT_DIR, NEWSCRAWL_RUN_ID.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import shutil
import tempfile
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from scrapy.extensions.feedexport import FileFeedStorage
from w3lib.url import file_uri_to_path

from newscrawl.exceptions import NewscrawlError
from newscrawl.extensions.outcome import record_failure
from newscrawl.state import testhooks

if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Self

    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

PART_SUFFIX = ".part"


class OutputError(NewscrawlError):
    """An output file or directory that cannot be written."""


def new_run_id() -> str:
    """Return a run id from the current UTC time, sortable and safe in file names."""
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")


def default_feed(settings: BaseSettings, site: str) -> dict[str, dict[str, Any]]:
    """Return the FEEDS entry ``<NEWSCRAWL_OUTPUT_DIR>/<site>/<run-id>.jsonl``."""
    run_id = settings.get("NEWSCRAWL_RUN_ID") or new_run_id()
    path = Path(settings.get("NEWSCRAWL_OUTPUT_DIR")) / _safe_name(site) / f"{run_id}.jsonl"
    return {
        str(path.absolute()): {
            "format": "jsonlines",
            "encoding": "utf-8",
            "overwrite": True,
            "store_empty": True,
        }
    }


def _safe_name(site: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in site) or "site"


def local_feed_path(uri: object) -> Path | None:
    """Return the local file a FEEDS URI writes, or None (stdout, S3, FTP…)."""
    text = str(uri)
    if text.startswith("file:"):
        return Path(file_uri_to_path(text))
    if text in ("-", "") or text.startswith("stdout:") or "://" in text:
        return None
    return Path(text)


def check_output_paths(feeds: Iterable[object], output_dir: str | Path | None) -> None:
    """Raise `OutputError` naming the first output that cannot be written.

    `feeds` are the FEEDS URIs (local files are checked: their directory is created and a
    file written in it); with none, the default feed's directory `output_dir` is checked.
    """
    paths = [p for p in map(local_feed_path, feeds) if p is not None]
    for path in paths:
        text = str(path)
        if "%(" in text:  # a template: check the directory before the first placeholder
            _check_dir(Path(text[: text.index("%(")]).parent, f"output {path}")
            continue
        if path.is_dir():
            raise OutputError(f"output {path} cannot be written: it is a directory")
        _check_dir(path.parent, f"output {path}")
    if not paths and output_dir is not None:
        _check_dir(Path(output_dir), f"output dir {output_dir}")


def _check_dir(directory: Path, what: str) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=directory, prefix=".newscrawl-probe-"):
            pass
    except FileExistsError:  # a file where a directory should be
        raise OutputError(f"{what} cannot be written: {directory} is not a directory") from None
    except OSError as exc:
        raise OutputError(f"{what} cannot be written: {exc.strerror or exc}") from None


class AtomicFileFeedStorage(FileFeedStorage):
    """Write a local feed to ``<path>.part`` and rename it to ``<path>`` when complete.

    In append mode (``-o``) the finished part is appended to the target, then removed. When the
    run state owns this output (``-o``/``-O`` with the state on), the run-state extension
    completes and commits it instead.
    """

    crawler: Crawler | None = None

    @classmethod
    def from_crawler(
        cls, crawler: Crawler, uri: str, *, feed_options: dict[str, Any] | None = None
    ) -> Self:
        storage = cls(uri, feed_options=feed_options)
        storage.crawler = crawler
        return storage

    def open(self, spider: Spider) -> IO[bytes]:  # Scrapy's storage interface passes the spider
        final = Path(self.path)
        self.part_path = final.with_name(final.name + PART_SUFFIX)
        try:
            final.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.part_path, os.O_WRONLY | os.O_CREAT, 0o644)
        except OSError as exc:
            raise self._failed(exc, "cannot be written") from exc
        file = os.fdopen(fd, "wb")
        try:
            # Truncate only once the part is ours: a live writer keeps its lock (and content).
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            file.truncate(0)
        except BlockingIOError:
            file.close()
            raise self._failed(
                None, f"is being written by another run ({self.part_path})"
            ) from None
        if testhooks.armed("torn_write"):
            return _TornWriter(file)  # type: ignore[return-value]
        return file

    def store(self, file: IO[bytes]) -> None:
        try:
            file.flush()
            os.fsync(file.fileno())
            testhooks.pause_point("before_rename")
            complete = self._run_state_output()
            if complete is not None:
                complete(self.part_path, file)
                return
            final = Path(self.path)
            if self.write_mode == "ab" and final.exists():
                with final.open("ab") as target, self.part_path.open("rb") as part:
                    shutil.copyfileobj(part, target)
                    target.flush()
                    os.fsync(target.fileno())
                self.part_path.unlink()
            else:
                self.part_path.replace(final)
            _fsync_dir(final.parent)
        except OSError as exc:
            raise self._failed(exc, "not written") from exc
        finally:
            file.close()  # drops the flock, after the rename

    def _run_state_output(self) -> Any:
        """Return the run state's `complete_output` when this feed is its output, else None."""
        if self.crawler is None:
            return None
        from newscrawl.extensions.runstate import run_state_of

        ext = run_state_of(self.crawler)
        if ext is None or ext.output is None:
            return None
        if ext.output.path != Path(self.path).absolute():
            return None
        return ext.complete_output

    def _failed(self, exc: OSError | None, problem: str) -> OutputError:
        """Record the failure of this output on the crawler; return the error to raise."""
        reason = f"output {self.path} {problem}"
        if exc is not None:
            reason += f": {exc.strerror or exc}"
        if self.crawler is not None:
            record_failure(self.crawler, "output", reason)
        return OutputError(reason)


def _fsync_dir(path: Path) -> None:
    """Make a rename in `path` durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class _TornWriter:
    """Test hook: write some lines, then half of the next one, then pause (see testhooks)."""

    def __init__(self, file: IO[bytes]) -> None:
        self._file = file
        self._left = int(os.environ.get(testhooks.TORN_AFTER_ENV, "3"))

    def write(self, data: bytes) -> int:
        if self._left == 0:
            self._file.write(data[: len(data) // 2])
            self._file.flush()
            os.fsync(self._file.fileno())
            testhooks.pause_point("torn_write")
        self._left -= 1
        return self._file.write(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._file, name)
