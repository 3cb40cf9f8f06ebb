"""This worker process on this machine: the suffix that makes its run id unique, live pids.

Imports nothing from newscrawl, so `newscrawl.distributed` can offer `worker_suffix` without
loading the Redis components.
"""

from __future__ import annotations

import os
import socket


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
