# ruff: noqa: RUF001 -- typographic dashes, quotes and separators are what these patterns match
"""Title candidates and site-name suffix removal."""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from newscrawl.extract.text import clean_line

if TYPE_CHECKING:
    from collections.abc import Iterable

_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ", " • ", " » ", " / ", " ~ ", " ‹ ", " › ")
_SEP_RE = re.compile(r"\s+(?:\||-|–|—|::|·|•|»|/|~|‹|›)\s+")
_FOLD_RE = re.compile(r"[\W_]+")


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


FOLD_CACHE_CHARS = 2000
"""Strings up to this long (paragraphs, names) are folded once per process and remembered:
the body layers compare the same paragraphs several times. Longer ones (a block's whole
text) are not kept, so a worker's cache stays a few megabytes."""


def fold(s: str) -> str:
    """Return `s` lower-cased without punctuation or spaces (for loose comparisons).

    German umlauts are spelled out, as host names do (``Börsen-Zeitung``, boersen-zeitung.de).
    """
    return _fold_cached(s) if len(s) <= FOLD_CACHE_CHARS else _fold(s)


def _fold(s: str) -> str:
    return _FOLD_RE.sub("", s.casefold().translate(_UMLAUTS))


_fold_cached = functools.lru_cache(maxsize=2048)(_fold)


def strip_suffix(title: str, site_names: Iterable[str] = (), *, loose: bool = True) -> str:
    """Remove a site-name suffix (or prefix) such as ``" - SANA"`` or ``"Site | "`` from `title`.

    A part is removed when it is one of `site_names` (compared loosely: ``Tageblatt.lu`` is
    ``Tageblatt``), a date, an author credit (``"| by Jane Doe"``), or, when `loose`, one
    short last part after a pipe or dash (``"Headline | Site"``, see `_looks_like_suffix`).
    Metadata titles are stripped with ``loose=False``: a part there that is not the site's
    name is part of the title (``"... | Eleanor Ainge Roy"``).
    """
    title = clean_line(title)
    names = {fold(n) for n in site_names if n and fold(n)}
    for _ in range(3):
        parts = _SEP_RE.split(title)
        if len(parts) < 2:
            break
        seps = _SEP_RE.findall(title)
        last, first = parts[-1], parts[0]
        rest_words = len(title.split()) - len(last.split())
        if _is_byline(last) and rest_words >= 3:
            title = title[: len(title) - len(last) - len(seps[-1])].strip()
            continue
        named = _is_name(last, names)
        if named or (loose and _looks_like_suffix(seps[-1], last, rest_words)):
            title = title[: len(title) - len(last) - len(seps[-1])].strip()
            # One part at most goes without a name: "A | Code | Author" gives "A | Code".
            loose = loose and named
            continue
        if names and _is_name(first, names):
            title = title[len(first) + len(seps[0]) :].strip()
            continue
        break
    return title


def _looks_like_suffix(sep: str, last: str, rest_words: int) -> bool:
    """Say whether an unnamed last part looks like a site or section name.

    A short part after a pipe (``"Headline | Site"``), or one to three words after a dash
    when the rest is a headline of four words or more (``"Lorem ipsum dolor sit - My
    website"``; ``"Zwei Rücktritte - und viele offene Fragen"`` stays whole).
    """
    words = len(last.split())
    if sep.strip() == "|":
        return words <= 4 and rest_words >= 3
    return sep.strip() in {"-", "–", "—"} and words <= 3 and rest_words >= 4


_BYLINE_PART_RE = re.compile(r"^(?:by|von|par|por|door|di|av|af)\s+[^\W\d_]", re.IGNORECASE)


def _is_byline(part: str) -> bool:
    """Say whether a title part credits the author: ``"by Jane Doe"``, ``"von Max Muster"``."""
    return bool(_BYLINE_PART_RE.match(part)) and len(part.split()) <= 5


_DATE_PART_RE = re.compile(r"^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$")


def _is_name(part: str, names: set[str]) -> bool:
    """Say whether a title part is a site name (or a date)."""
    if _DATE_PART_RE.match(part.strip()):
        return True
    f = fold(part)
    if not f:
        return False
    for n in names:
        if f == n:
            return True
        if len(n) >= 3 and n in f and len(f) <= len(n) + 8:
            return True  # "tageblatt.lu" for "tageblatt", "stern.de" for "stern"
        if len(f) >= 3 and f in n and len(f) >= 0.5 * len(n):
            return True  # "DW" for "dw.com", "SRF" for "srf news"
    words = part.split()
    if len(words) <= 5:
        last = fold(words[-1])
        if len(last) >= 5 and last in names:
            return True  # "Die Neue Südtiroler Tageszeitung" on tageszeitung.it
    return False


def suffix_guess(title: str, other: str) -> str | None:
    """Return the suffix `title` adds to `other` after a separator (``"A - Site"`` vs ``"A"``)."""
    if not other or len(title) <= len(other) or not title.startswith(other):
        return None
    rest = title[len(other) :]
    for sep in _SEPARATORS:
        if rest.startswith(sep) or rest.startswith(sep.rstrip()):
            return rest.lstrip(" |-–—:·•»/~‹›").strip() or None
    return None


_ENTITY_RE = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[a-zA-Z]\w*);")


def escaped_twin(raw: str, other: str) -> bool:
    """Say whether `raw` carries HTML entities and says the same words as `other`.

    A JSON-LD headline escaped twice (``"unveils &#8216;family&#8217; plan"``) comes from a
    template that rewrites the text (curly quotes, quotes around a kicker); the metadata
    title with the same words (``"unveils 'family' plan"``) is the text as written.
    """
    if not _ENTITY_RE.search(raw) or not fold(other):
        return False
    return fold(clean_line(raw)) == fold(other)
