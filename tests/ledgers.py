"""A real run ledger on a crawler, for tests of the components that note things to it.

The run-state extension makes the ledger and attaches it when the crawler is built.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from crawling import make_crawler

from newscrawl.run.ledger import RunLedger, ledger_of

if TYPE_CHECKING:
    from pathlib import Path


def crawler_with_ledger(tmp_path: Path, run_id: str, **settings: Any) -> tuple[Any, RunLedger]:
    """Return a crawler of site ``demo`` and its attached run ledger (state under `tmp_path`)."""
    out = tmp_path / "out"
    crawler = make_crawler(
        NEWSCRAWL_STATE_ENABLED=True,
        NEWSCRAWL_SITE="demo",
        NEWSCRAWL_RUN_ID=run_id,
        NEWSCRAWL_STATE_DIR=str(tmp_path),
        NEWSCRAWL_OUTPUT_DIR=str(out),
        FEEDS={str(out / "demo" / f"{run_id}.jsonl"): {"format": "jsonlines"}},
        **settings,
    )
    ledger = ledger_of(crawler)
    assert ledger is not None
    return crawler, ledger
