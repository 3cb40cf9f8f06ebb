"""Durable writes: what a kill or a power cut cannot leave half done."""

from __future__ import annotations

import contextlib
import fcntl
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

TMP_SUFFIX = ".tmp"


def fsync_dir(path: Path) -> None:
    """Make a rename (or a new file) in directory `path` durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` through ``<path>.tmp``: fsync, rename, fsync the directory.

    The writer holds an ``flock`` on the temporary file until after the rename, so that a
    temporary file nobody holds is known to be left by a dead writer.
    """
    tmp = path.with_name(path.name + TMP_SUFFIX)
    with tmp.open("wb") as out:
        fcntl.flock(out.fileno(), fcntl.LOCK_EX)  # held until after the rename
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
        tmp.replace(path)
    fsync_dir(path.parent)


def remove_dead_tmp(tmp: Path) -> None:
    """Remove `tmp`, a ``write_atomically`` temporary, if no live writer holds it.

    Such a file is what a rewrite killed before its rename leaves behind.
    """
    with opened(tmp) as fd:
        if fd is not None and lock_if_free(fd):
            tmp.unlink(missing_ok=True)


def lock_if_free(fd: int) -> bool:
    """Take an exclusive ``flock`` on `fd` if no other process holds one; say whether taken."""
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


@contextlib.contextmanager
def opened(path: Path) -> Iterator[int | None]:
    """Open `path` (to lock it) for the block: yield its descriptor, or None if it is gone."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        yield None
        return
    try:
        yield fd
    finally:
        os.close(fd)
