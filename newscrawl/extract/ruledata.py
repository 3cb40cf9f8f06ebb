"""Boilerplate rules as data: ``newscrawl/extract/rules/<language>.yaml``, with provenance.

Each file holds the rules of one language (``any``: symbols, agency names, the class names
of page parts, which sites write in English or in their own language alike), each rule a
``kind``, a case-insensitive ``pattern``, the ``source`` (the general pattern of the web it
stands for: a label in a language, a class of widget) and ``seen`` (the tune hosts of the
dev data whose pages it matches, written by ``benchmarks/rule_provenance.py``). Every
language's rules apply to every page: a page's language is known only after its body.
Publisher-specific wording does not belong here but in the site profile
(``newscrawl/sites/*.yaml``: ``drop_patterns``, ``stop_patterns``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

RULES_DIR = Path(__file__).resolve().parent / "rules"
KINDS = {
    "stop": "a short paragraph (up to 60 characters) after which the body ends",
    "drop": "a paragraph starting with it is dropped (short ones; see boilerplate.is_junk)",
    "drop_anywhere": "a paragraph of up to 250 characters holding it is dropped",
    "caption": "a paragraph of up to 300 characters holding it is a caption or credit",
    "notice": "a paragraph of up to 400 characters holding it is a notice",
    "lead_class": "an element whose class or id holds it may be the standfirst",
    "not_lead_class": "an element whose class or id holds it is never the standfirst",
    "byline_label": "a byline starting with it (and ':' or '-') names the authors after it",
    "name_joiner": "a word between two names of a byline",
    "author_role": "a job title after a name ends the name (a word of its own)",
    "author_role_suffix": "a job title written right after a name ends the name (CJK)",
    "other_credit": "a credit starting with it is for other work than writing: no author",
    "source_label": "a label before an agency credited as author",
    "not_a_name": "a credit that is all of it (case-folded) is not a person's name",
    "stamp_word": "a word of a date stamp ('updated', 'Uhr', 'GMT'): dates and these make a stamp",
    "date_label": "a date printed right after it is the publication date",
}
"""Rule kinds and how they apply: `newscrawl.extract.boilerplate`; the ``*_class`` kinds
`newscrawl.extract.lead`; the byline kinds `newscrawl.extract.authors`; ``date_label``
`newscrawl.extract.datelabel`."""
_KEYS = {"kind", "pattern", "source", "seen"}


@dataclass(frozen=True, slots=True)
class Rule:
    """One boilerplate rule and where it comes from."""

    language: str
    kind: str
    pattern: str
    source: str
    seen: str = ""


def _load_file(path: Path) -> list[Rule]:
    """Read and check one rules file; a bad rule is a `ValueError` naming file and index."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or data.get("language") != path.stem:
        raise ValueError(f"{path.name}: 'language' must be {path.stem!r}")
    rules: list[Rule] = []
    for i, entry in enumerate(data.get("rules") or []):
        where = f"{path.name}: rules[{i}]"
        if not isinstance(entry, dict) or set(entry) - _KEYS:
            raise ValueError(f"{where}: keys must be among {sorted(_KEYS)}")
        kind, pattern, source = entry.get("kind"), entry.get("pattern"), entry.get("source")
        if kind not in KINDS:
            raise ValueError(f"{where}: unknown kind {kind!r}")
        if not isinstance(pattern, str) or not pattern:
            raise ValueError(f"{where}: pattern must be a non-empty string")
        if not isinstance(source, str) or not source.strip():
            raise ValueError(f"{where}: every rule names its source")
        try:
            re.compile(pattern, re.IGNORECASE)
        except re.error as exc:
            raise ValueError(f"{where}: invalid pattern {pattern!r}: {exc}") from None
        rules.append(Rule(path.stem, kind, pattern, source, str(entry.get("seen") or "")))
    return rules


@cache
def load_rules(directory: Path = RULES_DIR) -> tuple[Rule, ...]:
    """Return every rule of every language file in `directory` (read once per process)."""
    rules: list[Rule] = []
    for path in sorted(directory.glob("*.yaml")):
        rules.extend(_load_file(path))
    return tuple(rules)


def alternation(kind: str, directory: Path = RULES_DIR) -> str:
    """Return the patterns of one kind joined into one regular-expression alternation."""
    patterns = [r.pattern for r in load_rules(directory) if r.kind == kind]
    return "|".join(f"(?:{p})" for p in patterns) or "(?!)"
