"""Run state between scheduled runs: SQLite by default, Redis when distributed."""

from __future__ import annotations

from newscrawl.state.base import ExportRecord, RunState, Watermark, lsh_bands, lsh_keys, open_state

__all__ = ["ExportRecord", "RunState", "Watermark", "lsh_bands", "lsh_keys", "open_state"]
