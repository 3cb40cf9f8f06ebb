r"""Metrics of `newscrawl eval` (the article-extraction-benchmark's, trafilatura's and htmldate's).

- body: tokens are the matches of ``\w+``; 4-token shingles counted with multiplicity;
  each page's tp/fp/fn normalised to sum to 1; precision and recall averaged over pages;
  F1 is the harmonic mean of the two averages; accuracy is the share of pages whose
  tokens match exactly;
- title: exact match after whitespace normalisation;
- published: the same instant to the minute, or the same day when the expected value
  has no time; published day: the same calendar day as printed;
- authors: set F1 per page (case-insensitive), averaged;
- language: the primary subtag matches;
- snippets (trafilatura's ``tests/eval_common.py``): each snippet, whitespace-normalised, is a
  substring of the whitespace-normalised body or not; invisible format characters (soft
  hyphens, zero-width characters) are taken out of both first.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

_TOKEN_RE = re.compile(r"\w+")


def tokens(text: str | None) -> list[str]:
    r"""Return the ``\w+`` tokens of `text` (NFC first: canonically equal texts tokenise alike)."""
    return _TOKEN_RE.findall(unicodedata.normalize("NFC", text or ""))


def shingles(text: str | None, n: int = 4) -> Counter[tuple[str, ...]]:
    """Return the `n`-token shingles of `text` with their counts."""
    toks = tokens(text)
    return Counter(tuple(toks[i : i + n]) for i in range(max(1, len(toks) - n + 1)) if toks)


def body_scores(expected: str | None, predicted: str | None) -> tuple[float, float, bool]:
    """Return (precision, recall, exact) of one page's body."""
    true, pred = shingles(expected), shingles(predicted)
    tp = fp = fn = 0.0
    for key in true.keys() | pred.keys():
        t, p = true.get(key, 0), pred.get(key, 0)
        tp += min(t, p)
        fp += max(0, p - t)
        fn += max(0, t - p)
    total = tp + fp + fn
    if total == 0:
        return 1.0, 1.0, True
    tp, fp, fn = tp / total, fp / total, fn / total
    precision = tp / (tp + fp) if tp + fp > 0 else 0.0
    recall = tp / (tp + fn) if tp + fn > 0 else 0.0
    return precision, recall, tokens(expected) == tokens(predicted)


def _ws(s: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", s or "").split())


def title_ok(expected: str, predicted: str | None) -> bool:
    """Say whether titles match after whitespace normalisation."""
    return _ws(expected) == _ws(predicted)


def _date_pair(
    expected: str, predicted: str | None
) -> tuple[tuple[dt.datetime, bool], dt.datetime] | None:
    """Return the expected date (with whether it has a time) and the predicted one, or None."""
    exp = _parse_date(expected)
    pred = _parse_date(predicted) if predicted else None
    if exp is None or pred is None:
        return None
    return exp, pred[0]


def _parse_date(value: str) -> tuple[dt.datetime, bool] | None:
    value = value.strip()
    if not value:
        return None
    has_time = len(value) > 10
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00").replace(" ", "T", 1))
    except ValueError:
        return None
    return parsed, has_time


def published_ok(expected: str, predicted: str | None) -> bool:
    """Say whether dates match: same minute, or same day when `expected` has no time."""
    pair = _date_pair(expected, predicted)
    if pair is None:
        return False
    (e, e_time), p = pair
    if e.tzinfo is None and e.time() == dt.time(0, 0):
        e_time = False  # a naive midnight is how date-only values are usually stored
    if not e_time:
        return e.date() == p.date()
    e = e.replace(second=0, microsecond=0)
    p = p.replace(second=0, microsecond=0)
    if e.tzinfo is None:
        # No zone expected: the wall-clock time as printed, or the same time in UTC.
        utc = p.astimezone(dt.UTC).replace(tzinfo=None) if p.tzinfo else p
        return e in (p.replace(tzinfo=None), utc)
    if p.tzinfo is None:
        # A zone-less prediction (other extractors): its wall clock, or read as UTC.
        return p in (e.replace(tzinfo=None), e.astimezone(dt.UTC).replace(tzinfo=None))
    return e.astimezone(dt.UTC) == p.astimezone(dt.UTC)


def authors_f1(expected: Sequence[str], predicted: Sequence[str]) -> float:
    """Return the set F1 of author names (case- and space-insensitive)."""
    e = {_ws(a).casefold() for a in expected if _ws(a)}
    p = {_ws(a).casefold() for a in predicted if _ws(a)}
    if not e and not p:
        return 1.0
    if not e or not p:
        return 0.0
    tp = len(e & p)
    if tp == 0:
        return 0.0
    precision, recall = tp / len(p), tp / len(e)
    return 2 * precision * recall / (precision + recall)


def language_ok(expected: str, predicted: str | None) -> bool:
    """Say whether the primary language subtags match."""
    if not predicted:
        return False
    return expected.split("-")[0].split("_")[0].lower() == predicted.split("-")[0].lower()


def published_day_ok(expected: str, predicted: str | None) -> bool:
    """Say whether `predicted` falls on the expected calendar day.

    The day as printed in the prediction's own offset; when the expected value has a zone
    and a time, the prediction is first moved to that zone.
    """
    pair = _date_pair(expected, predicted)
    if pair is None:
        return False
    (e, e_time), p = pair
    if e_time and e.tzinfo is not None and p.tzinfo is not None:
        p = p.astimezone(e.tzinfo)
    return e.date() == p.date()


_INVISIBLE_RE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
"""Invisible format characters (soft hyphen, zero-width and direction marks, invisible
separators): a snippet copied from a rendered page may hold them where an extractor's text
does not (both newscrawl and trafilatura remove them), or the other way round."""


def visible(s: str | None) -> str:
    """Return `s` whitespace-normalised and without invisible format characters."""
    return _ws(_INVISIBLE_RE.sub("", s or ""))


def snippet_hits(text: str | None, snippets: Sequence[str]) -> int:
    """Count the `snippets` found in `text`.

    Both are whitespace-normalised and both lose their invisible format characters (a soft
    hyphen the annotator's copy kept is no text), the same for every extractor.
    """
    hay = visible(text)
    return sum(1 for s in snippets if (v := visible(s)) and v in hay)
