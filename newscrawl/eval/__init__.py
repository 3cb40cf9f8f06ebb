"""``newscrawl eval``: score extraction on the dev data, split into tune and check parts.

Three case formats (``../shared/data/README.md``), told apart by their keys:

- ``extraction-dev``: expected ``title``, ``authors``, ``published``, ``body``, ``language``;
- ``extraction-snippets``: ``with`` / ``without`` snippets that must / must not be in the body;
- ``dates-dev``: ``published_day``.

Every set is split by a fixed hash of the page's host (`split_of`): about one host in four is
in the **check** part, the rest in the **tune** part. Debug on tune pages only (``--worst``
lists tune pages and nothing else); the check part is what the README reports.

Run ``newscrawl eval`` (all three sets under ``../shared/data``, check part, trafilatura
beside newscrawl) or ``newscrawl eval CASES.jsonl… [--split tune|check|all] [--compare NAME]``.
"""

from __future__ import annotations

from newscrawl.eval.extractors import EXTRACTORS, FETCHED_AT, PRODUCES, Prediction, available
from newscrawl.eval.metrics import (
    authors_f1,
    body_scores,
    language_ok,
    published_day_ok,
    published_ok,
    shingles,
    snippet_hits,
    title_ok,
    tokens,
)
from newscrawl.eval.report import format_table, run_eval
from newscrawl.eval.run import (
    FAKE_URL,
    PageResult,
    evaluate,
    host_key,
    kind_of,
    load_cases,
    read_html,
    split_of,
    summarize,
)

__all__ = [
    "EXTRACTORS",
    "FAKE_URL",
    "FETCHED_AT",
    "PRODUCES",
    "PageResult",
    "Prediction",
    "authors_f1",
    "available",
    "body_scores",
    "evaluate",
    "format_table",
    "host_key",
    "kind_of",
    "language_ok",
    "load_cases",
    "published_day_ok",
    "published_ok",
    "read_html",
    "run_eval",
    "shingles",
    "snippet_hits",
    "split_of",
    "summarize",
    "title_ok",
    "tokens",
]


def main() -> None:
    """Entry point of ``python -m newscrawl.eval``."""
    raise SystemExit(run_eval())
