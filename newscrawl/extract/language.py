"""Language identification (py3langid) with page and profile fallbacks."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Any

_LANG_RE = re.compile(r"^([a-zA-Z]{2,3})(?:[-_].*)?$")
_ISO3_TO_1 = {
    "eng": "en",
    "ara": "ar",
    "deu": "de",
    "ger": "de",
    "fra": "fr",
    "fre": "fr",
    "spa": "es",
    "por": "pt",
    "ita": "it",
    "rus": "ru",
    "zho": "zh",
    "chi": "zh",
    "jpn": "ja",
    "tur": "tr",
    "nld": "nl",
    "pol": "pl",
    "fas": "fa",
    "per": "fa",
}
MIN_CHARS = 200
"""Below this much text, the page's declared language wins over detection."""
SAMPLE_CHARS = 1000
"""Characters of the body detection reads. On the 388 dev pages 1,000 give the same language
as 3,000 on every page, in half the time (0.39 against 0.75 ms a page); 600 change one."""

FIRST_SAMPLE_CHARS = 300
"""Characters read first on a page that declares its language: when detection names the
declared language on them with `CONFIRM_PROBABILITY`, that is the answer and the full sample is
not read. On the 2,101 pages of the three dev sets this changes 5 answers, each a German page
declared ``de`` that the full sample called ``en`` or ``zxx``, and halves the cost (0.75 →
0.35 ms a page)."""
CONFIRM_PROBABILITY = 0.99


EXCLUDED = frozenset({"la", "vo", "an", "wa"})
"""Languages py3langid knows but news is not written in (Lorem ipsum is not Latin news)."""


WALK_CACHE_SIZE = 1 << 14
"""Words whose feature walk the identifier keeps (up to ~7 MB), then forgets all at once."""


@lru_cache(maxsize=1)
def _identifier() -> Any:
    import numpy as np
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    from newscrawl.extract.langmodel import load_model

    # Every float16 bit pattern as the float32 it equals (exact: float32 holds them all).
    half_to_single = np.arange(1 << 16, dtype=np.uint16).view(np.float16).astype(np.float32)

    class Identifier(LanguageIdentifier):  # type: ignore[misc]
        """py3langid's identifier, its scores computed with less work.

        - The feature walk (a byte automaton over a 39 MB table: a cache miss or more a
          byte between pages) is remembered word by word: from a given state a word's
          bytes always give the same features and end state, so a word met again in that
          state is one dictionary look-up. The features come in the same order, so the
          counts are the same.
        - The model's weights are float16; numpy widens a text's feature rows (~190 x 142
          for 300 characters) one value at a time. A table look-up of every float16's bits
          gives the same float32 values, so the same product and scores.
        """

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.walks: dict[tuple[int, bytes], tuple[int, tuple[int, ...]]] = {}

        def _raw_score(self, text: bytes) -> Any:
            visits = self.visit(text)
            if visits:
                return self._sparse_score(visits, self.nb_ptc)
            return super()._raw_score(b"")  # no features: py3langid's own answer

        def visit(self, text: bytes) -> Counter[int] | None:
            """`py3langid.langid.visit_counts` of `text`, walked word by word."""
            nextmove, rowbase, output = self.tk_nextmove, self._rowbase, self.tk_output
            walks = self.walks
            if len(walks) > WALK_CACHE_SIZE:
                walks.clear()
            state = 0
            indexes: list[int] = []
            for n, word in enumerate(text.split(b" ")):
                if n:  # the space before the word
                    state = nextmove[rowbase[state] + 32]
                    if output[state] >= 0:
                        indexes.append(output[state])
                walk = walks.get((state, word))
                if walk is None:
                    end, found = state, []
                    for byte in word:
                        end = nextmove[rowbase[end] + byte]
                        if output[end] >= 0:
                            found.append(output[end])
                    walk = walks[state, word] = (end, tuple(found))
                state = walk[0]
                indexes.extend(walk[1])
            return Counter(indexes) if indexes else None

        def _sparse_score(self, visits: Any, table: Any) -> Any:
            if table.dtype != np.float16:
                return super()._sparse_score(visits, table)
            idx = np.fromiter(visits.keys(), dtype=np.intp, count=len(visits))
            counts = np.fromiter(visits.values(), dtype=np.float32, count=len(visits))
            rows = half_to_single.take(table[idx].view(np.uint16))
            return np.log1p(counts) @ rows + self.nb_pc

    # The full model, not `set_languages(...)`: restricting it copies the 26 MB
    # feature table. `detect_language` leaves out EXCLUDED from the ranking instead.
    ptc, pc, classes, nextmove, row, output = load_model(MODEL_DIR / MODEL_FILE)
    identifier = Identifier(
        np.asarray(ptc), np.asarray(pc), classes, nextmove, output, norm_probs=True, tk_row=row
    )
    # The columns `rank` reads (a label's first column holds its aliases' sum), EXCLUDED left out.
    first = {}
    for column, label in enumerate(identifier.nb_classes):
        if label not in first and label not in EXCLUDED:
            first[label] = column
    identifier.kept_labels = [str(label) for label in first]
    identifier.kept_columns = np.fromiter(first.values(), dtype=np.intp, count=len(first))
    return identifier


def normalize_lang(value: str | None) -> str | None:
    """Return the ISO 639-1 code of a language tag (``en-US`` -> ``en``), or None."""
    if not value:
        return None
    m = _LANG_RE.match(value.strip())
    if not m:
        return None
    code = m.group(1).lower()
    if len(code) == 3:
        return _ISO3_TO_1.get(code)
    return code


def detect_language(text: str) -> tuple[str | None, float]:
    """Return ``(code, probability)`` for `text` (its first `SAMPLE_CHARS` characters)."""
    sample = text[:SAMPLE_CHARS]
    if not sample.strip():
        return None, 0.0
    # The probability among the languages kept: what a model restricted to them gives. As
    # from py3langid's `rank` without EXCLUDED: the first best label, and the sum taken in
    # descending order (the same additions, so the same total to the last bit).
    identifier = _identifier()
    probs = identifier._decide(sample)[identifier.kept_columns]
    best = int(probs.argmax())
    values = probs.tolist()
    total = sum(sorted(values, reverse=True))
    return identifier.kept_labels[best], values[best] / total if total else 0.0


def choose_language(
    body: str, declared: str | None, default: str | None
) -> tuple[str | None, str | None]:
    """Return ``(language, source)``: detection on long text, else the declared/profile one.

    Detection wins over the declared ``<html lang>`` only when it is confident, because many
    sites keep a template's default ``lang="en"`` on pages in other languages. A declared
    language that detection confirms on the body's first `FIRST_SAMPLE_CHARS` is taken
    without reading more.
    """
    declared_code = normalize_lang(declared)
    if len(body) >= MIN_CHARS:
        if declared_code and len(body) > FIRST_SAMPLE_CHARS:
            code, prob = detect_language(body[:FIRST_SAMPLE_CHARS])
            if code == declared_code and prob >= CONFIRM_PROBABILITY:
                return code, "generic"
        code, prob = detect_language(body)
        if code and (prob >= 0.9 or not declared_code or code == declared_code):
            return code, "generic"
        if declared_code:
            return declared_code, "meta"
        return code, "generic"
    if declared_code:
        return declared_code, "meta"
    if default:
        return default, "profile"
    if body.strip():
        code, prob = detect_language(body)
        if prob >= 0.5:
            return code, "generic"
    return None, None
