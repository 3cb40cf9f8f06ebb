"""Test-only page analysis functions for the worker pool (NEWSCRAWL_POOL_FUNCTION).

A marker comment in a page makes the worker misbehave on that page only; every other page
is analysed by the real `analyze_page`.
"""

from __future__ import annotations

import os
import signal
import time
from typing import Any

from newscrawl.runtime.analysis import PageAnalysis, analyze_page

CRASH_EXIT = b"<!-- pool-test: exit -->"
CRASH_SEGV = b"<!-- pool-test: segv -->"
CRASH_MEMORY = b"<!-- pool-test: memory -->"
RAISE = b"<!-- pool-test: raise -->"
HANG = b"<!-- pool-test: hang -->"


def misbehaving_analyze(body: bytes, url: str, *args: Any) -> PageAnalysis:
    """Analyse like `analyze_page`, except on pages that carry a pool-test marker."""
    if CRASH_EXIT in body:
        os._exit(3)
    if CRASH_SEGV in body:
        os.kill(os.getpid(), signal.SIGSEGV)
    if CRASH_MEMORY in body:
        raise MemoryError
    if RAISE in body:
        raise RuntimeError("analysis bug")
    if HANG in body:
        time.sleep(60)
    return analyze_page(body, url, *args)
