"""A lock per site, so two scheduled runs of one site never overlap.

The lock is an exclusive ``flock`` on ``<state dir>/<site>.lock``: the kernel drops it when the
holding process dies, however it dies, so a lock left by a dead process (SIGKILL, power cut,
a reboot) is taken over by the next run. The file also holds the holder's pid, host and start
time, for the message the second run prints.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import socket
from typing import TYPE_CHECKING

from newscrawl.exceptions import NewscrawlError
from newscrawl.run.names import safe_name

if TYPE_CHECKING:
    from pathlib import Path
    from typing import Self


class LockHeld(NewscrawlError):
    """Another live run holds the site lock."""


def lock_file(state_dir: Path, site: str) -> Path:
    """Return the lock file of `site` under `state_dir`."""
    return state_dir / f"{safe_name(site)}.lock"


class SiteLock:
    """Hold the lock of one site; `acquire` raises `LockHeld` when a live run has it."""

    def __init__(self, state_dir: Path, site: str) -> None:
        self.site = site
        self.path = lock_file(state_dir, site)
        self._fd: int | None = None
        self.took_over: dict[str, object] | None = None
        """The holder recorded in a lock file left by a dead run, when we took it over."""

    def acquire(self) -> None:
        """Take the lock, or raise `LockHeld` naming the holder."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise NewscrawlError(f"cannot create lock file {self.path}: {exc.strerror}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_holder(fd)
            os.close(fd)
            raise LockHeld(
                f"another run of {self.site} is in progress (pid {holder.get('pid', '?')} on "
                f"{holder.get('host', '?')} since {holder.get('started', '?')}; lock {self.path})"
            ) from None
        previous = _read_holder(fd)
        if previous:
            self.took_over = previous
        info = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info).encode("utf-8"), 0)
        self._fd = fd

    def release(self) -> None:
        """Clear the holder record and drop the lock."""
        if self._fd is None:
            return
        try:
            os.ftruncate(self._fd, 0)
        finally:
            os.close(self._fd)  # closing the descriptor drops the flock
            self._fd = None

    @property
    def held(self) -> bool:
        """Say whether this object holds the lock."""
        return self._fd is not None

    def __enter__(self) -> Self:
        self.acquire()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()


def _read_holder(fd: int) -> dict[str, object]:
    try:
        data = json.loads(os.pread(fd, 4096, 0) or b"{}")
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
