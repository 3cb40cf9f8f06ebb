"""Rule alternations grouped by first character match what the plain alternations match."""

from __future__ import annotations

import gzip
import re
import sys
from pathlib import Path

import lxml.html
import pytest

from newscrawl.extract.ruledata import (
    FIRST_CHAR_KINDS,
    _case_variants,
    _literal_parts,
    alternation,
    by_first_char,
    load_rules,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "extraction"
WRAPS = {"stop": r"^(?:{})\s*[:.]?$", "drop": r"^(?:{})"}
"""How `newscrawl.extract.boilerplate` wraps the alternations (the others as they are)."""


def _plain(patterns: list[str]) -> str:
    return "|".join(f"(?:{p})" for p in patterns) or "(?!)"


def _same(patterns: list[str], texts: list[str], wrap: str = "{}") -> None:
    old = re.compile(wrap.replace("{}", _plain(patterns)), re.IGNORECASE)
    new = re.compile(wrap.replace("{}", by_first_char(patterns)), re.IGNORECASE)
    for text in texts:
        for op in ("match", "search"):
            a, b = getattr(old, op)(text), getattr(new, op)(text)
            assert (a and (a.span(), a.group(0))) == (b and (b.span(), b.group(0))), (op, text)


SHAPES = [
    "photo",
    "pho",
    "photos?:",
    r"\bfoto\b",
    "^pictured",
    r"^(?:click|tap) here\b",
    r"(?:/|\|)\s*(?:dpa|afp)\s*$",
    r"\(?kilde\s*:",
    r"[©ⓒ]\s*\d{4}",
    r"subscribe\b.{0,20}\bfull story|\bfull story\b.{0,20}\bsubscribe",
    "skip to",
    "kelvin",
    r"\d+ min read$",
    "ab|abc",
    "(?:x|xy)z?",
]
TEXTS = [
    "Photo: AP",
    "PHOTOS: dpa",
    "a photo of it",
    "Fotograf",
    "Foto by x",
    "the foto",
    "xfoto",
    "pictured here",
    " pictured",
    "Tap here to",
    "Click HERE",
    "Bild / dpa",
    "Bild | AFP ",
    "(Kilde: NTB)",
    "Kilde : x",
    "© 2024 x",
    "ⓒ2023",
    "Subscribe now for the full story",
    "the full story? subscribe",
    "\u017fkip to content",  # long s: 's' case-insensitively
    "\u212aelvin",  # Kelvin sign
    "KELVIN",
    "\u0130kelvin",
    "3 min read",
    "abc",
    "ABd",
    "xyz",
    "xz",
    "",
    "\npictured",
    "pictured\n",
    "foto\nfoto",
]


def test_grouped_alternations_match_what_plain_ones_match():
    _same(SHAPES, TEXTS)
    _same(list(reversed(SHAPES)), TEXTS)
    for wrap in WRAPS.values():
        _same(SHAPES, TEXTS, wrap)


def test_the_first_pattern_that_matches_wins_as_before():
    # "ab" and "abc" both start at 0: the earlier pattern decides what the match is.
    assert re.search(by_first_char(["ab", "x", "abc"]), "abcd", re.I).group(0) == "ab"
    assert re.search(by_first_char(["abc", "x", "ab"]), "abcd", re.I).group(0) == "abc"
    # A pattern that may start with anything keeps later ones from joining earlier groups.
    assert re.search(by_first_char(["ab", r"\w+", "abc"]), "abcd", re.I).group(0) == "ab"
    assert re.search(by_first_char([r"\w+", "abc"]), "abcd", re.I).group(0) == "abcd"


def test_branches_start_with_plain_characters():
    grouped = by_first_char(["photo", "Privacy", r"\bfoto", "^tap"])
    assert grouped.startswith("(?-i:P(?i:")
    assert "(?<!\\w[\\s\\S])" in grouped  # \b before a word character, once it is taken
    assert "(?<![\\s\\S]{2})" in grouped  # ^: the taken character was the first
    assert _literal_parts(r"\(?x") == [("(", "", "x"), ("x", "", "")]
    assert _literal_parts(r"\d+ min") is None
    assert _literal_parts(r"\b\(x") is None  # \b before a symbol is not "no word before"


def test_patterns_with_groups_or_flags_are_joined_as_they_are():
    assert by_first_char(["(a)b", "c"]) == "(?:(a)b)|(?:c)"
    assert by_first_char(["(?s)a.b", "c"]) == "(?:(?s)a.b)|(?:c)"
    assert by_first_char([]) == "(?!)"


def test_case_variants_are_every_character_a_letter_matches():
    variants = _case_variants("ksi©")
    assert variants["k"] == {"k", "K", "\u212a"}
    assert variants["s"] == {"s", "S", "\u017f"}
    assert variants["©"] == {"©"}
    heads = {h for r in load_rules() for h, _, _ in _literal_parts(r.pattern) or []}
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    found = _case_variants("".join(sorted(heads)))
    for head in heads:  # the whole of Unicode, not only below _CASED_LIMIT
        assert set(re.findall(re.escape(head), every, re.IGNORECASE)) == found[head], head


def _fixture_lines() -> list[str]:
    lines: set[str] = set()
    for path in sorted(FIXTURES.rglob("*.html*")):
        raw = path.read_bytes()
        if path.suffix == ".gz":
            raw = gzip.decompress(raw)
        for el in lxml.html.document_fromstring(raw).iter():
            for text in (el.text, el.tail):
                for line in (text or "").split("\n"):
                    if line.strip() and len(line.strip()) <= 400:
                        lines.add(line.strip())
    return sorted(lines)


@pytest.mark.parametrize("kind", sorted(FIRST_CHAR_KINDS))
def test_rule_kinds_match_as_plain_alternations_on_fixture_pages(kind):
    patterns = [r.pattern for r in load_rules() if r.kind == kind]
    assert alternation(kind) == by_first_char(patterns)
    _same(patterns, _fixture_lines() + TEXTS, WRAPS.get(kind, "{}"))
