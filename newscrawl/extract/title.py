"""Title candidates and site-name suffix removal."""

from __future__ import annotations

import re
from collections.abc import Iterable

from newscrawl.extract.text import clean_line

_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ", " • ", " » ", " / ", " ~ ", " ‹ ", " › ")
_SEP_RE = re.compile(r"\s+(?:\||-|–|—|::|·|•|»|/|~|‹|›)\s+")
_FOLD_RE = re.compile(r"[\W_]+")


def fold(s: str) -> str:
    """Return `s` lower-cased without punctuation or spaces (for loose comparisons)."""
    return _FOLD_RE.sub("", s.casefold())


def strip_suffix(title: str, site_names: Iterable[str] = ()) -> str:
    """Remove a site-name suffix (or prefix) such as ``" - SANA"`` or ``"Site | "`` from `title`.

    A part is removed when it equals or contains one of `site_names` (compared loosely), or
    when it looks like a site name: a short last part after a separator that the rest of the
    title does not need.
    """
    title = clean_line(title)
    names = {fold(n) for n in site_names if n and fold(n)}
    for _ in range(2):
        parts = _SEP_RE.split(title)
        if len(parts) < 2:
            break
        seps = _SEP_RE.findall(title)
        last, first = parts[-1], parts[0]
        if names and _is_name(last, names):
            title = title[: len(title) - len(last) - len(seps[-1])].strip()
            continue
        if names and _is_name(first, names):
            title = title[len(first) + len(seps[0]) :].strip()
            continue
        break
    return title


_DATE_PART_RE = re.compile(r"^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$")


def _is_name(part: str, names: set[str]) -> bool:
    if _DATE_PART_RE.match(part.strip()):
        return True
    f = fold(part)
    if not f:
        return False
    for n in names:
        if f == n or (len(n) >= 3 and (n in f or f in n) and len(part) <= 60):
            return True
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
