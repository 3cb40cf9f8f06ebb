# ruff: noqa: RUF001 -- typographic dashes, quotes and separators are what these patterns match
"""Author normalisation: names of people (or the agency) credited, without junk."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from newscrawl.extract.ruledata import alternation
from newscrawl.extract.text import clean_line

if TYPE_CHECKING:
    from collections.abc import Iterable

_BY_RE = re.compile(rf"^(?:{alternation('byline_label')})\s*[:\-]?\s+", re.IGNORECASE)
_SPLIT_RE = re.compile(
    rf"\s*(?:,|;|\||&|\b(?:{alternation('name_joiner')})\b|/|\n| · | • )\s*", re.IGNORECASE
)
_JUNK_RE = re.compile(
    r"(updated|published|posted|minutes? ago|hours? ago|min ago|\bago\b|last modified|"
    r"\bimages?\b|\bgetty\b|\bistock|shutterstock|\bphotos?\b|\bfoto\b|\bbild\b|"
    r"\d{1,2}:\d{2}|\b\d{4}\b|\bread\b|follow|twitter|facebook|e-?mail|\bstaff\b$)",
    re.IGNORECASE,
)
_ROLE_RE = re.compile(rf"\s*[,(-]?\s*\b(?:{alternation('author_role')})\b.*$", re.IGNORECASE)
_HANDLE_RE = re.compile(r"@\w+")
_SOURCE_RE = re.compile(rf"^(?:{alternation('source_label')})\s*:\s*", re.IGNORECASE)
_PAREN_RE = re.compile(r"\s*[(\[][^)\]]{0,40}[)\]]?")
_CJK_ROLE_RE = re.compile(rf"\s*(?:{alternation('author_role_suffix')})(?:\s.*)?$")
_EMAIL_RE = re.compile(r"\S+@\S+\.\w+")
_URL_RE = re.compile(r"^https?://|^www\.", re.IGNORECASE)
_NOT_A_NAME_RE = re.compile(alternation("not_a_name"), re.IGNORECASE)


_DIGITS_RE = re.compile(r"\b\d|\d{3}|\d[^\W\d]")
"""Digits anywhere but as a short ending of a word: "BR24 Redaktion" is a name; "Page 2",
"2nd", "CC7567" and "a1b" are not."""
_OTHER_CREDIT_RE = re.compile(rf"^(?:{alternation('other_credit')})", re.IGNORECASE)


def clean_author(raw: str) -> str | None:
    """Return a cleaned author name, or None when `raw` is not a name.

    Credits for other work than writing (``"Edited by Ann Lee"``) are not authors.
    """
    name = clean_line(raw)
    if not name or _URL_RE.search(name) or _OTHER_CREDIT_RE.match(name):
        return None
    name = _EMAIL_RE.sub("", name)
    name = _HANDLE_RE.sub("", name)
    name = _BY_RE.sub("", name)
    name = _SOURCE_RE.sub("", name)
    name = _ROLE_RE.sub("", name)
    name = name.strip(" ,;:-–—|·•()[]\"'")
    if not name or len(name) > 60 or len(name) < 2:
        return None
    if _JUNK_RE.search(name) or _NOT_A_NAME_RE.fullmatch(name.casefold()):
        return None
    if any(c in "*#=<>{}" for c in name) or _DIGITS_RE.search(name):
        return None
    if len(name.split()) > 5:
        return None
    return name


def split_authors(raw: str) -> list[str]:
    """Split a byline such as ``"By A and B"`` into cleaned names."""
    text = clean_line(raw)
    if _URL_RE.search(text) or "://" in text or _OTHER_CREDIT_RE.match(text):
        return []  # a link, or a credit for editing ("Redaktion: A und B"), names no author
    text = _BY_RE.sub("", _PAREN_RE.sub("", text))
    text = _CJK_ROLE_RE.sub("", text)
    out: list[str] = []
    for part in _SPLIT_RE.split(text):
        name = clean_author(part) if part else None
        if name:
            out.append(name)
    return out


def normalize_authors(values: Iterable[str]) -> list[str]:
    """Split, clean and de-duplicate author strings, keeping their order."""
    out: list[str] = []
    seen: set[str] = set()
    for value in values:
        for name in split_authors(value):
            key = name.casefold()
            if key not in seen:
                seen.add(key)
                out.append(name)
    return out


_CONNECTOR_RE = re.compile(rf"^(?:{alternation('name_joiner')}|,|&|/|\|)$", re.IGNORECASE)


def names_from_pieces(pieces: Iterable[str]) -> list[str]:
    """Return names when every piece of a byline is a person's name or a connecting word.

    ``["von", "Jemima Kelly"]`` or ``["Ann Lee", "Bo Chen", "Cy Diaz"]`` (names in sibling
    elements) give the names, without other credits (``"Edited by Bo Chen"``). A piece
    that is not a name of two words or more (a date, a single word) gives nothing, and so
    do more than six pieces (``"Sign In"``, ``"Sign Up"`` and the rest of a menu).
    """
    pieces = [p for p in pieces if p]
    if not pieces or len(pieces) > 6:
        return []
    out: list[str] = []
    for piece in pieces:
        if (
            _CONNECTOR_RE.match(piece)
            or _OTHER_CREDIT_RE.match(piece)
            or _NOT_A_NAME_RE.fullmatch(piece.casefold().rstrip(":"))
        ):
            continue
        name = clean_author(_BY_RE.sub("", piece))
        if name is None or len(name.split()) < 2:
            return []
        if name not in out:
            out.append(name)
    return out
