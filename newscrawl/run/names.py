"""Names of a run's files: run ids, site directory names, feed and part suffixes."""

from __future__ import annotations

import datetime as dt

FEED_SUFFIX = ".jsonl"
"""Suffix of a complete output file (``<run-id>.jsonl``)."""
PART_SUFFIX = ".part"
"""Suffix of a file being written (``<name>.part``), renamed when complete."""


def new_run_id() -> str:
    """Return a run id from the current UTC time, sortable and safe in file names."""
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")


def safe_name(site: str) -> str:
    """Return `site` as a file name: characters other than ``[A-Za-z0-9_.-]`` become ``_``."""
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in site) or "site"
