# ruff: noqa: RUF001 -- typographic dashes, quotes and separators are what these patterns match
"""Datelines: the place (and agency) opening a news story, ``DAMASCUS, (SANA) -``."""

from __future__ import annotations

import re

DATELINE_RE = re.compile(
    r"^(?P<place>[A-Z\u00c0-\u024f][\w\u00c0-\u024f.'’ -]{1,40}?)"
    r"(?:\s*,\s*(?P<date>(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?)(?:,?\s+\d{4})?))?"
    r"\s*(?:"
    # LONDON (Reuters) -, Damascus, Oct. 2 (SANA)
    r"\((?P<agency>[A-Z][\w.&'’ /-]{0,24})\)\s*[-–—:]?"
    r"|,\s*(?P<agency2>[A-Z][A-Za-z]{1,10}|[A-Z]{2,10})\s*[-–—]"  # Damascus, SANA-
    r"|\s[-–—]\s"  # WASHINGTON — (all caps only, checked below)
    r")"
)


def find_dateline(first_paragraph: str) -> str | None:
    """Return the place of a dateline at the start of the body, e.g. ``Damascus``."""
    m = DATELINE_RE.match(first_paragraph[:120])
    if not m:
        return None
    place = m.group("place").strip(" ,.-")
    agency = m.group("agency") or m.group("agency2")
    if not agency and not place.isupper():
        return None
    if agency and m.group("agency2") and not (agency.isupper() or agency in _AGENCIES):
        return None
    if not place or len(place.split()) > 4 or place.casefold() in _NOT_PLACES:
        return None
    if place.isupper():
        place = " ".join(w.capitalize() if not w.startswith("-") else w for w in place.split())
        place = "-".join(p[:1].upper() + p[1:] for p in place.split("-"))
    return place


_AGENCIES = frozenset({"Reuters", "Xinhua", "Bernama", "Anadolu", "Yonhap", "Kyodo", "Tass"})
_NOT_PLACES = frozenset(
    {"update", "updated", "breaking", "exclusive", "analysis", "opinion", "editorial"}
)
