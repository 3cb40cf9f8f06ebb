"""Run state between scheduled runs: SQLite by default, Redis when distributed."""

from __future__ import annotations

from newscrawl.run.state.base import ExportRecord, RunState, Watermark
from newscrawl.run.state.open import open_state

__all__ = ["ExportRecord", "RunState", "Watermark", "open_state"]
