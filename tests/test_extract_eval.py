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
    argv = [str(DEV_CASES), "--split", "all", "--limit", "3", "--json", "--compare", "trafilatura"]
    assert run_eval(argv) == 0
    payload = json.loads(capsys.readouterr().out)
    extractors = payload["sets"]["dev"]["extractors"]
    assert set(extractors) == {"newscrawl", "trafilatura"}
    summary = extractors["newscrawl"]
    assert summary["pages"] == 3
    assert 0.0 <= summary["body_f1"] <= 1.0
    assert summary["ms_median"] > 0


def test_run_eval_prints_table_and_worst_pages(capsys):
    argv = [str(DEV_CASES), "--split", "all", "--limit", "4", "--worst", "2", "--compare", "none"]
    assert run_eval(argv) == 0
    out = capsys.readouterr().out
    assert "| body F1 |" in out
    assert "| ms/page median |" in out
    assert "worst 2 tune pages" in out


def test_run_eval_rejects_unknown_extractor_and_missing_file(tmp_path, capsys):
    assert run_eval([str(DEV_CASES), "--compare", "nope"]) == 2
    assert run_eval([str(tmp_path / "missing.jsonl")]) == 2


def test_split_is_a_fixed_hash_of_the_host_about_one_in_four_to_check():
    from newscrawl.eval import host_key, split_of

    assert host_key({"url": "https://www.Example.com/a"}) == "example.com"
    assert host_key({"id": "readability-001"}) == "id:readability-001"
    same_host = [{"url": f"https://news.example.org/{i}"} for i in range(20)]
    assert len({split_of(c) for c in same_host}) == 1  # a host is never in both parts
    hosts = [{"url": f"https://site{i}.example/"} for i in range(2000)]
    share = sum(split_of(c) == "check" for c in hosts) / len(hosts)
    assert 0.2 < share < 0.3


def test_worst_pages_are_tune_pages_only(capsys):
    from newscrawl.eval import load_cases, split_of

    argv = [str(DEV_CASES), "--split", "all", "--worst", "50", "--compare", "none", "--json"]
    assert run_eval(argv) == 0
    listed = {w["id"] for w in json.loads(capsys.readouterr().out)["sets"]["dev"]["worst"]}
    check = {c["id"] for c in load_cases(DEV_CASES) if split_of(c) == "check"}
    assert listed
    assert not listed & check


@pytest.mark.parametrize(
    ("expected", "predicted", "ok"),
    [
        ("2011-03-30", "2011-03-30T21:05:00-07:00", True),
        ("2011-03-30", "2011-03-31", False),
        ("2024-05-03T23:30:00+02:00", "2024-05-03T21:30:00+00:00", True),  # same day there
        ("2024-05-03", None, False),
    ],
)
def test_published_day_ok(expected, predicted, ok):
    from newscrawl.eval import published_day_ok

    assert published_day_ok(expected, predicted) is ok


def test_snippets_count_whitespace_normalised_substrings():
    from newscrawl.eval import snippet_hits

    assert (
        snippet_hits("Die GEMA  dreht\nvöllig am Zeiger!", ["Die GEMA dreht völlig", "Impressum"])
        == 1
    )


def test_table_says_n_a_for_fields_an_extractor_does_not_produce():
    from newscrawl.eval import format_table

    summary = {
        "pages": 2,
        "title": 0.5,
        "title_pages": 2,
        "published": None,
        "published_pages": 2,
        "ms_median": 1.0,
        "ms_p95": 2.0,
        "errors": 0,
    }
    table = format_table({"newscrawl": summary, "readability-lxml": summary}, "articles")
    row = next(line for line in table.splitlines() if line.startswith("| published (minute"))
    assert row.endswith("| - | n/a |")


def test_snippets_ignore_invisible_format_characters_on_both_sides():
    from newscrawl.eval import snippet_hits

    # A soft hyphen or an invisible separator in the annotator's copy is no text; the same
    # holds for a zero-width space left in an extractor's output.
    assert snippet_hits("Werkzeugtypen und ihre Laufzeiten", ["Werk\xadzeug\xadty\xadpen"]) == 1
    assert snippet_hits("120g kway teow (flat rice noodles)", ["noodles)\u2063"]) == 1
    assert snippet_hits("Lauf\u200bzeiten", ["Laufzeiten"]) == 1
    assert snippet_hits("Laufzeiten", ["\xad\u200b"]) == 0
