"""`newscrawl eval`: the benchmark metric and the command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newscrawl.eval import (
    authors_f1,
    body_scores,
    language_ok,
    published_ok,
    run_eval,
    shingles,
    title_ok,
)

DEV_CASES = Path(__file__).parent / "fixtures" / "extraction" / "dev" / "cases.jsonl"


def test_shingles_count_four_token_windows_with_multiplicity():
    assert shingles("a b c d a b c d") == {
        ("a", "b", "c", "d"): 2,
        ("b", "c", "d", "a"): 1,
        ("c", "d", "a", "b"): 1,
        ("d", "a", "b", "c"): 1,
    }
    assert shingles("one two") == {("one", "two"): 1}


def test_body_scores_ignore_punctuation_and_spacing_but_not_case():
    assert body_scores("Alpha beta gamma delta", "Alpha  beta, gamma delta!") == (1.0, 1.0, True)
    assert body_scores("Alpha beta gamma delta", "alpha beta gamma delta") == (0.0, 0.0, False)


def test_body_scores_precision_and_recall_per_page():
    expected = "one two three four five six"
    precision, recall, exact = body_scores(expected, "one two three four five six seven eight")
    # expected shingles: 3; predicted: 5; tp 3, fp 2, fn 0 -> normalised by 5
    assert precision == pytest.approx(3 / 5)
    assert recall == pytest.approx(1.0)
    assert not exact
    assert body_scores(expected, "") == (0.0, 0.0, False)


def test_body_scores_treat_canonically_equal_text_alike():
    assert body_scores(
        "Su\u0308dtiroler Gesellschaft fu\u0308r Medizin", "Südtiroler Gesellschaft für Medizin"
    )[2]


def test_title_ok_normalises_whitespace_only():
    assert title_ok("A  title", " A title ")
    assert not title_ok("A title", "A Title")


@pytest.mark.parametrize(
    ("expected", "predicted", "ok"),
    [
        ("2024-05-03T15:47:42.389000+00:00", "2024-05-03T17:47:10+02:00", True),
        ("2024-05-03T15:47:42+00:00", "2024-05-03T15:48:00+00:00", False),
        ("2024-05-03", "2024-05-03T23:10:00+02:00", True),
        ("2024-04-24T22:58:49", "2024-04-24T22:58:49+02:00", True),  # no zone expected: wall clock
        ("2023-04-28T00:00:00", "2023-04-28T09:00:00+02:00", True),  # naive midnight = date only
        ("2024-05-03T15:47:42+00:00", None, False),
    ],
)
def test_published_ok(expected, predicted, ok):
    assert published_ok(expected, predicted) is ok


def test_authors_f1_is_case_insensitive_set_f1():
    assert authors_f1(["Jane Roe", "John Doe"], ["jane roe"]) == pytest.approx(2 / 3)
    assert authors_f1([], []) == 1.0
    assert authors_f1([], ["Staff"]) == 0.0


def test_language_ok_compares_primary_subtags():
    assert language_ok("en-US", "en")
    assert not language_ok("fr", "en")
    assert not language_ok("fr", None)


def test_run_eval_prints_json_with_comparison(capsys):
    assert run_eval([str(DEV_CASES), "--limit", "3", "--json", "--compare", "trafilatura"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert set(payload["extractors"]) == {"newscrawl", "trafilatura"}
    summary = payload["extractors"]["newscrawl"]
    assert summary["pages"] == 3
    assert 0.0 <= summary["body_f1"] <= 1.0
    assert summary["ms_median"] > 0


def test_run_eval_prints_table_and_worst_pages(capsys):
    assert run_eval([str(DEV_CASES), "--limit", "4", "--worst", "2"]) == 0
    out = capsys.readouterr().out
    assert "| body F1 |" in out
    assert "| ms/page median |" in out
    assert "worst 2 pages" in out


def test_run_eval_rejects_unknown_extractor_and_missing_file(tmp_path, capsys):
    assert run_eval([str(DEV_CASES), "--compare", "nope"]) == 2
    assert run_eval([str(tmp_path / "missing.jsonl")]) == 2
