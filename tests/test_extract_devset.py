"""Extraction on a vendored subset of the dev set: per-page checks and score floors.

`tests/fixtures/extraction/dev` holds 30 real pages (24 Fundus cases from 24 publishers, 6
Readability cases) with their expected values. Each page's title, published date and body
are checked; pages where the expected value follows a publisher-specific choice that no
general rule reproduces are marked xfail (strict, so a fix shows up). The floors sit a little
under the scores reached when they were set; the full evaluation is
``benchmarks/extraction.py``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from newscrawl.eval import (
    FAKE_URL,
    body_scores,
    evaluate,
    load_cases,
    published_ok,
    read_html,
    title_ok,
)
from newscrawl.extract import extract_article

DEV = Path(__file__).parent / "fixtures" / "extraction" / "dev"
CASES = load_cases(DEV / "cases.jsonl")
BY_ID = {c["id"]: c for c in CASES}

TITLE_XFAIL = {
    # The expected title is og:title while JSON-LD headline and <h1> agree on another text.
    "fundus-us-LATimes_2023_06_26": "expected og:title; JSON-LD headline differs",
    "fundus-de-Merkur_2023_04_28": "expected og:title; JSON-LD headline differs",
    "fundus-de-BusinessInsiderDE_2024_01_29": "expected og:title; headline and h1 differ",
    "fundus-uk-DailyMail_2024_04_27": "expected og:title; headline and h1 are longer",
    "fundus-de-Taz_2024_10_23": "expected title keeps a zero-width space",
}
PUBLISHED_XFAIL = {
    "fundus-de-KlasseGegenKlasse_2026_01_07": "expected date has day and month swapped",
}
BODY_F1_FLOOR = 0.85
BODY_XFAIL = {
    "fundus-us-TheGatewayPundit_2026_07_19": "expected body omits the posts the story quotes",
}


@cache
def _extract(case_id: str):
    case = BY_ID[case_id]
    return extract_article(read_html(case, DEV), case.get("url") or FAKE_URL)


def _params(key: str, xfail: dict[str, str]):
    out = []
    for case in CASES:
        if not case.get(key):
            continue
        marks = (
            [pytest.mark.xfail(reason=xfail[case["id"]], strict=True)]
            if case["id"] in xfail
            else []
        )
        out.append(pytest.param(case["id"], id=case["id"], marks=marks))
    return out


def test_subset_has_at_least_twenty_pages_with_title_date_and_body():
    full = [c for c in CASES if c.get("title") and c.get("published") and c.get("body")]
    assert len(full) >= 20


@pytest.mark.parametrize("case_id", _params("title", TITLE_XFAIL))
def test_title_matches_expected(case_id):
    assert title_ok(BY_ID[case_id]["title"], _extract(case_id).title)


@pytest.mark.parametrize("case_id", _params("published", PUBLISHED_XFAIL))
def test_published_matches_expected(case_id):
    item = _extract(case_id)
    assert published_ok(BY_ID[case_id]["published"], item.published)
    assert item.published is None or item.published[-6] in "+-"  # always with an offset


@pytest.mark.parametrize("case_id", _params("body", BODY_XFAIL))
def test_body_f1_above_floor(case_id):
    precision, recall, _ = body_scores(BY_ID[case_id]["body"], _extract(case_id).body)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    assert f1 >= BODY_F1_FLOOR, f"body F1 {f1:.3f} (P={precision:.3f} R={recall:.3f})"


FLOORS = {
    "body_f1": 0.96,
    "body_precision": 0.95,
    "body_recall": 0.97,
    "title": 0.82,
    "published": 0.94,
    "authors_f1": 0.80,
    "language": 0.95,
}


def test_subset_scores_stay_above_floors():
    summaries, _ = evaluate(DEV / "cases.jsonl", ("newscrawl",))
    summary = summaries["newscrawl"]
    low = {k: round(summary[k], 3) for k, floor in FLOORS.items() if summary[k] < floor}
    assert not low, f"scores under their floors: {low} (floors {FLOORS})"
    assert summary["errors"] == 0
