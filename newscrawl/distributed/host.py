"""This worker process on this machine: the suffix that makes its run id unique, live pids.

Imports nothing from newscrawl, so `newscrawl.distributed` can offer `worker_suffix` without
loading the Redis components.
"""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import sys

_PR_SET_PDEATHSIG = 1
"""prctl(2) option: the signal this process gets when its parent dies."""


def worker_suffix() -> str:
    """Return ``<host>-<pid>``, the part of a run id that makes it unique per worker process."""
    host = "".join(c if c.isalnum() or c in "-." else "_" for c in socket.gethostname())
    return f"{host or 'host'}-{os.getpid()}"


def pid_alive(pid: int) -> bool:
    """Say whether a process with this pid exists on this machine."""
    if pid <= 0:
        return True  # unknown: let the heartbeat timeout decide
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def die_with_parent(parent: int) -> None:
    """Have the kernel SIGKILL this process when its parent `parent` dies (Linux; else nothing).

    For a child doing a worker's job: killed with its worker, it cannot go on exporting what
    the other workers take over. Exits at once if the parent is already gone.
    """
    if sys.platform != "linux":
        return
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    if os.getppid() != parent:  # died before the prctl took effect
        os._exit(1)
