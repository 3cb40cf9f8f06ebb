"""Test-only pause points, for the kill tests: stop the process at a chosen moment.

When the environment variable ``NEWSCRAWL_TEST_PAUSE`` names a point (``before_rename``,
``before_commit``, ``torn_write``, ``after_recover_rename``), the process reaching it writes its
pid to the file named by ``NEWSCRAWL_TEST_PAUSE_MARK`` and sleeps until it is killed. Unset (the
normal case) a pause point costs one dictionary lookup.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

PAUSE_ENV = "NEWSCRAWL_TEST_PAUSE"
MARK_ENV = "NEWSCRAWL_TEST_PAUSE_MARK"
TORN_AFTER_ENV = "NEWSCRAWL_TEST_TORN_AFTER"
"""For ``torn_write``: the number of complete lines written before the torn one."""


def armed(point: str) -> bool:
    """Say whether the test asked to pause at `point`."""
    return os.environ.get(PAUSE_ENV) == point


def pause_point(point: str) -> None:
    """Sleep forever at `point` if a test asked for it (after leaving a mark)."""
    if not armed(point):
        return
    mark = os.environ.get(MARK_ENV)
    if mark:
        Path(mark).write_text(str(os.getpid()), encoding="utf-8")
    while True:  # the test SIGKILLs us here
        time.sleep(1)
