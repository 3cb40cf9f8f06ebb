"""Atomic JSONL feed storage: a feed file is complete, or it is a ``.part``.

A feed file is written to ``<path>.part`` and renamed to ``<path>`` only when the feed is
complete, so a reader (or the next scheduled run) never sees a half-written file. The writer
holds an exclusive ``flock`` on the part while it writes, so the recovery of a killed run's
leftovers (`newscrawl.run.state.recovery`) can tell a live part from a dead one. With the run
state on and ``-o``/``-O`` given, the run ledger completes and commits the file
(`newscrawl.run.ledger.RunLedger.commit_output`).

An output that cannot be written is an `OutputError` (one line), recorded as the run's failure
(`newscrawl.run.outcome`).
"""

from __future__ import annotations

import fcntl
import os
import shutil
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from scrapy.extensions.feedexport import FileFeedStorage

from newscrawl.run.durable import fsync_dir
from newscrawl.run.ledger import ledger_of
from newscrawl.run.names import PART_SUFFIX
from newscrawl.run.outcome import record_failure
from newscrawl.run.output import OutputError

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Spider
    from scrapy.crawler import Crawler


class AtomicFileFeedStorage(FileFeedStorage):
    """Write a local feed to ``<path>.part`` and rename it to ``<path>`` when complete.

    In append mode (``-o``) the finished part is appended to the target, then removed. When the
    run state owns this output (``-o``/``-O`` with the state on), the run ledger completes and
    commits it instead.
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
        return file

    def store(self, file: IO[bytes]) -> None:
        try:
            file.flush()
            os.fsync(file.fileno())
            ledger = ledger_of(self.crawler) if self.crawler is not None else None
            if ledger is not None and ledger.owns_output(Path(self.path)):
                ledger.commit_output(self.part_path)
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
            fsync_dir(final.parent)
        except OSError as exc:
            raise self._failed(exc, "not written") from exc
        finally:
            file.close()  # drops the flock, after the rename

    def _failed(self, exc: OSError | None, problem: str) -> OutputError:
        """Record the failure of this output on the crawler; return the error to raise."""
        reason = f"output {self.path} {problem}"
        if exc is not None:
            reason += f": {exc.strerror or exc}"
        if self.crawler is not None:
            record_failure(self.crawler, "output", reason)
        return OutputError(reason)
