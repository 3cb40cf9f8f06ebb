"""Boilerplate rules are data with provenance, installed with the package."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from newscrawl.extract.boilerplate import DROP_RE, STOP_RE, cleanup_paragraphs
from newscrawl.extract.ruledata import KINDS, RULES_DIR, _load_file, load_rules

ROOT = Path(__file__).resolve().parent.parent


def test_every_rule_names_its_kind_source_and_where_it_was_seen():
    rules = load_rules()
    assert len(rules) > 100
    for rule in rules:
        assert rule.kind in KINDS
        assert rule.source.strip()
        assert re.match(r"^\d+ tune hosts", rule.seen), rule


def test_rules_files_are_one_per_language():
    names = {p.stem for p in RULES_DIR.glob("*.yaml")}
    assert {"any", "en", "de", "fr", "es"} <= names
    assert all(re.fullmatch(r"any|[a-z]{2}", n) for n in names)


def test_rules_files_are_package_data():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["newscrawl"]
    package = ROOT / "newscrawl"
    mine = [p for p in patterns if p.startswith("extract/")]
    assert mine
    for pattern in mine:
        assert list(package.glob(pattern)), f"package-data {pattern!r} matches no file"
    covered = {f for p in mine for f in package.glob(p)}
    assert set(RULES_DIR.glob("*.yaml")) <= covered


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("language: xx\nrules: []\n", "'language' must be"),
        ("language: en\nrules:\n- {kind: drop, pattern: 'a(', source: s}\n", "invalid pattern"),
        ("language: en\nrules:\n- {kind: drop, pattern: 'abc'}\n", "names its source"),
        ("language: en\nrules:\n- {kind: nope, pattern: 'abc', source: s}\n", "unknown kind"),
        ("language: en\nrules:\n- {kind: drop, pattern: 'a', source: s, code: x}\n", "keys must"),
    ],
)
def test_a_bad_rules_file_is_refused_with_its_name(tmp_path, text, problem):
    path = tmp_path / "en.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=problem):
        _load_file(path)


def test_rules_from_several_languages_apply_to_one_page():
    assert DROP_RE.match("Lesen Sie auch: Der Haushalt")
    assert DROP_RE.match("Lire aussi : le budget")
    assert STOP_RE.match("Related Articles")
    text = ["The council approved the new budget on Monday after a long debate.", "Leia também"]
    assert cleanup_paragraphs(text) == text[:1]


@pytest.mark.parametrize(
    "label",
    [
        "Lea más: Juan Pérez propone una nueva ley de presupuesto",
        "VEA TAMBIÉN: El gobierno anuncia nuevas medidas",
        "MIRA: Así fue la captura del sospechoso en la capital",
        "LE PUEDE INTERESAR: La ficha del expresidente en el tribunal",
        "Auch lesen: Diese Diät hilft wirklich",
        "Zum Weiterlesen:",
        "Schon gelesen?",
    ],
)
def test_read_also_labels_go_wherever_they_are(label):
    story = "The council approved the new budget on Monday after a long debate in the chamber."
    assert cleanup_paragraphs([story, label, story + " Again."]) == [story, story + " Again."]


def test_a_sentence_that_starts_like_a_read_also_label_stays():
    para = "Mira, dijo el alcalde, que la obra terminará en marzo y costará menos de lo previsto."
    assert cleanup_paragraphs([para]) == [para]


@pytest.mark.parametrize(
    "prompt",
    [
        "Subscribe now to our e-edition for the full story.",
        "To view the full story, please subscribe to The Daily Times.",
        "For the latest news download our apps for iOS and Android.",
    ],
)
def test_paywall_and_app_prompts_go(prompt):
    story = "The council approved the new budget on Monday after a long debate in the chamber."
    assert cleanup_paragraphs([story, prompt, story + " Again."]) == [story, story + " Again."]
