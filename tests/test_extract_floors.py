"""Score floors on the vendored snippet and date subsets, so that scores cannot slide.

`tests/fixtures/extraction/snippets` and `tests/fixtures/extraction/dates` hold 30 tune pages each
(see their README). The floors sit a little under the scores reached when they were set; the
full evaluation (check part, trafilatura beside newscrawl) is ``newscrawl eval`` and
``benchmarks/extraction.py``. The extraction-dev subset has its floors in test_extract_devset.py.
"""

from __future__ import annotations

from pathlib import Path

from newscrawl.eval import evaluate

FIXTURES = Path(__file__).parent / "fixtures" / "extraction"
SNIPPET_FLOORS = {"with_found": 0.885, "without_absent": 0.95, "snippet_f1": 0.92}
DATE_FLOORS = {"published_day": 0.92}


def _summary(name: str) -> dict:
    summaries, _ = evaluate(FIXTURES / name / "cases.jsonl", ("newscrawl",))
    return summaries["newscrawl"]


def test_snippet_subset_scores_stay_above_floors():
    summary = _summary("snippets")
    assert summary["pages"] == 30
    low = {k: round(summary[k], 3) for k, f in SNIPPET_FLOORS.items() if summary[k] < f}
    assert not low, f"scores under their floors: {low} (floors {SNIPPET_FLOORS})"
    assert summary["errors"] == 0


def test_date_subset_day_accuracy_stays_above_floor():
    summary = _summary("dates")
    assert summary["pages"] == 30
    low = {k: round(summary[k], 3) for k, f in DATE_FLOORS.items() if summary[k] < f}
    assert not low, f"scores under their floors: {low} (floors {DATE_FLOORS})"
    assert summary["errors"] == 0
