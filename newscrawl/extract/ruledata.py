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
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    from collections.abc import Iterator

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
    """Return the patterns of one kind joined into one regular-expression alternation.

    The kinds of `FIRST_CHAR_KINDS` come grouped by their first character (`by_first_char`):
    the same matches, for callers that compile them case-insensitively.
    """
    patterns = [r.pattern for r in load_rules(directory) if r.kind == kind]
    if kind in FIRST_CHAR_KINDS:
        return by_first_char(patterns)
    return "|".join(f"(?:{p})" for p in patterns) or "(?!)"


FIRST_CHAR_KINDS = frozenset({"stop", "drop", "drop_anywhere", "caption", "notice"})
"""The kinds `newscrawl.extract.boilerplate` tries on every paragraph, always compiled with
`re.IGNORECASE`: grouped by first character, their alternations cost a fifth of the time."""
_PLAIN_HEAD_RE = re.compile(r"[^\\.^$*+?{}\[\]|()]|\\[^\w\s]")
"""A pattern's first character when it is a literal: a plain character or an escaped symbol."""
_QUANTIFIER = frozenset("*+?{")
_CASED_LIMIT = 0x20000
"""Every character with a case (Latin to Adlam) lies below this code point."""


@cache
def _case_variants(chars: str) -> dict[str, frozenset[str]]:
    """Return, for each of `chars`, the characters it matches case-insensitively."""
    found = re.findall(f"[{re.escape(chars)}]", "".join(map(chr, range(_CASED_LIMIT))), re.I)
    return {
        c: frozenset(x for x in found if re.fullmatch(re.escape(c), x, re.I)) | {c} for c in chars
    }


def _structure(pattern: str, start: int = 0) -> Iterator[tuple[int, str, int]]:
    """Yield ``(index, character, depth)`` of the syntax characters of `pattern` from `start`.

    Those are the characters neither escaped nor in a character class; `depth` counts the
    groups open around each.
    """
    depth, i, in_class = 0, start, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "^":
                i += 1
            if pattern[i + 1 : i + 2] == "]":
                i += 1  # a ']' right after '[' or '[^' is a member
        else:
            depth -= c == ")"
            yield i, c, depth
            depth += c == "("
        i += 1


def _top_level_parts(pattern: str) -> list[str]:
    """Split `pattern` at each ``|`` outside every group and character class."""
    parts, last = [], 0
    for i, c, depth in _structure(pattern):
        if c == "|" and depth == 0:
            parts.append(pattern[last:i])
            last = i + 1
    parts.append(pattern[last:])
    return parts


def _closing(pattern: str, start: int) -> int:
    """Return the index of the ``)`` closing the group opened at `start`, or -1."""
    for i, c, depth in _structure(pattern, start):
        if c == ")" and depth == 0:
            return i
    return -1


_ZERO_WIDTH = {"^": "(?<![\\s\\S]{2})", "\\b": "(?<!\\w[\\s\\S])"}
"""Zero-width heads and what they say once the next character is taken: the start of the
text (no two characters end there) and a word boundary before a word character."""
_MAX_PARTS = 64


def _literal_parts(pattern: str) -> list[tuple[str, str, str]] | None:
    r"""Return `pattern` as ``(first character, zero-width head, rest)`` branches, or None.

    ``^``/``\b`` heads, a leading group of alternatives, an optional first character and a
    leading set of plain characters are spread out (``(?:a|b)x`` is ``ax|bx``, ``a?x`` is
    ``ax|x``), the rest after the first character keeping the zero-width head as a
    look-behind. None when some branch does not start with a literal character.
    """
    todo = [("", part) for part in _top_level_parts(pattern)]
    out: list[tuple[str, str, str]] = []
    while todo:
        zero, rest = todo.pop(0)
        if len(out) + len(todo) > _MAX_PARTS:
            return None
        if not zero and rest[:1] == "^":
            todo.insert(0, ("^", rest[1:]))
            continue
        if not zero and rest[:2] == "\\b":
            todo.insert(0, ("\\b", rest[2:]))
            continue
        if rest.startswith("(?:"):
            end = _closing(rest, 0)
            if end < 0 or rest[end + 1 : end + 2] in _QUANTIFIER:
                return None
            alts = _top_level_parts(rest[3:end])
            todo[0:0] = [(zero, alt + rest[end + 1 :]) for alt in alts]
            continue
        if rest.startswith("[") and not rest.startswith(("[^", "[]")):
            end = rest.find("]")
            members = rest[1:end]
            if end < 0 or rest[end + 1 : end + 2] in _QUANTIFIER or not members:
                return None
            if any(not _PLAIN_HEAD_RE.fullmatch(m) or m == "-" for m in members):
                return None
            todo[0:0] = [(zero, re.escape(m) + rest[end + 1 :]) for m in members]
            continue
        m = _PLAIN_HEAD_RE.match(rest)
        if m is None:
            return None
        after = rest[m.end() : m.end() + 1]
        if after == "?" and rest[m.end() + 1 : m.end() + 2] not in ("?", "+"):
            todo[0:0] = [(zero, m.group(0) + rest[m.end() + 1 :]), (zero, rest[m.end() + 1 :])]
            continue
        if after in _QUANTIFIER:
            return None
        head = m.group(0)[-1]
        if zero == "\\b" and not re.match(r"\w", head):
            return None
        out.append((head, zero, rest[m.end() :]))
    return out


def by_first_char(patterns: list[str]) -> str:
    r"""Join `patterns` into one alternation whose branches start with a plain character.

    ``(?-i:P(?i:hoto|rivacy policy)|p(?i:hoto|rivacy policy))`` matches what
    ``(?:photo)|(?:privacy policy)`` matches case-insensitively, preferring the same branch;
    but when every branch starts with a plain character, Python's engine looks for those
    characters alone before it tries the branches (a search skips the other places in one
    C loop), and it enters no branch whose character is not there. Leading groups, sets,
    optional characters, ``^`` and ``\b`` are spread out first (`_literal_parts`); a pattern
    that still does not start with a literal stays as it is (and the search tries every place
    again). A branch joins an earlier group only when no branch between could match at the
    same place (their first characters differ), so the first pattern that matches is the same
    one. Patterns with capturing groups or global flags leave every pattern as it is.
    For callers that compile the result with `re.IGNORECASE` alone.
    """
    if not patterns:
        return "(?!)"
    if any(re.compile(p).groups or re.compile(p).flags != re.UNICODE for p in patterns):
        return "|".join(f"(?:{p})" for p in patterns)
    spread = [_literal_parts(p) for p in patterns]
    heads = {head for parts in spread if parts for head, _, _ in parts}
    variants = _case_variants("".join(sorted(heads)))
    # Each entry: (first characters it can start with, None = any; pattern rests).
    entries: list[tuple[frozenset[str] | None, list[str]]] = []
    for pattern, parts in zip(patterns, spread, strict=True):
        if parts is None or any(
            zero == "\\b" and not all(re.match(r"\w", v) for v in variants[head])
            for head, zero, _ in parts
        ):
            entries.append((None, [pattern]))
            continue
        for head, zero, rest in parts:
            first = variants[head]
            tail = _ZERO_WIDTH[zero] + rest if zero else rest
            clash = next((e for e in reversed(entries) if e[0] is None or e[0] & first), None)
            if clash is not None and clash[0] == first:
                clash[1].append(tail)
            else:
                entries.append((first, [tail]))
    branches: list[str] = []
    for chars, rests in entries:
        if chars is None:
            branches.append(f"(?i:{rests[0]})")
            continue
        tails = "|".join(f"(?:{r})" for r in rests)
        branches.extend(f"{re.escape(c)}(?i:{tails})" for c in sorted(chars))
    return f"(?-i:{'|'.join(branches)})"
