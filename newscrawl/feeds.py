"""Atomic JSONL feed storage, and the default per-run feed path.

A feed file is written to ``<path>.part`` and renamed to ``<path>`` only when the feed is
complete, so a reader (or the next scheduled run) never sees a half-written file. The writer
holds an exclusive ``flock`` on the part while it writes, so the recovery of a killed run's
leftovers (`newscrawl.state.files`) can tell a live part from a dead one.

Settings: NEWSCRAWL_OUTPUT_DIR, NEWSCRAWL_RUN_ID.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import shutil
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from scrapy.extensions.feedexport import FileFeedStorage

from newscrawl.state import testhooks

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.settings import BaseSettings

PART_SUFFIX = ".part"


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


class AtomicFileFeedStorage(FileFeedStorage):
    """Write a local feed to ``<path>.part`` and rename it to ``<path>`` when complete.

    In append mode (``-o``) the finished part is appended to the target, then removed.
    """

    def open(self, spider: Spider) -> IO[bytes]:  # Scrapy's storage interface passes the spider
        final = Path(self.path)
        final.parent.mkdir(parents=True, exist_ok=True)
        self.part_path = final.with_name(final.name + PART_SUFFIX)
        file = self.part_path.open("wb")
        fcntl.flock(file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        if testhooks.armed("torn_write"):
            return _TornWriter(file)  # type: ignore[return-value]
        return file

    def store(self, file: IO[bytes]) -> None:
        file.flush()
        os.fsync(file.fileno())
        testhooks.pause_point("before_rename")
        final = Path(self.path)
        if self.write_mode == "ab" and final.exists():
            with final.open("ab") as target, self.part_path.open("rb") as part:
                shutil.copyfileobj(part, target)
                target.flush()
                os.fsync(target.fileno())
            self.part_path.unlink()
        else:
            self.part_path.replace(final)
        file.close()  # drops the flock, after the rename
        _fsync_dir(final.parent)


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
