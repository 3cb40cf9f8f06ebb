# ruff: noqa: RUF001 -- typographic dashes, quotes and separators are what these patterns match
"""Text normalisation helpers shared by extraction, pipelines and deduplication."""

from __future__ import annotations

import functools
import hashlib
import html
import re
import unicodedata

_ZERO_WIDTH_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a-\u202e]")
_SPACE_RE = re.compile(r"[^\S\n]+")
_PARA_SPLIT_RE = re.compile(r"\n\s*\n+")
_WORD_RE = re.compile(r"\w+(?:[-'’]\w+)*")
_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_FOLD_RE = re.compile(r"[\W_]+")


def clean_line(s: str) -> str:
    """Return `s` on one line: entities decoded, zero-width characters gone, spaces collapsed."""
    if "&" in s:
        s = html.unescape(s)
    s = unicodedata.normalize("NFC", s)
    s = _ZERO_WIDTH_RE.sub("", s)
    return " ".join(s.split())  # str.split's spaces are re's \s: runs to one space, a third faster


def normalize_text(s: str) -> str:
    r"""Normalise article text: NFC, entities, zero-width characters, whitespace per paragraph.

    Paragraphs are separated by blank lines in the input (or by single newlines when the
    text has no blank line at all) and joined by ``"\n\n"`` in the output; spaces inside a
    paragraph are collapsed to one and empty paragraphs are dropped.
    """
    if not s:
        return ""
    if "&" in s:
        s = html.unescape(s)
    s = unicodedata.normalize("NFC", s)
    s = _ZERO_WIDTH_RE.sub("", s).replace("\r\n", "\n").replace("\r", "\n")
    s = s.replace("\u2028", "\n").replace("\u2029", "\n\n")
    parts = _PARA_SPLIT_RE.split(s) if _PARA_SPLIT_RE.search(s) else s.split("\n")
    paras = (" ".join(p.split()) for p in parts)
    return "\n\n".join(p for p in paras if p)


def split_paragraphs(body: str) -> list[str]:
    """Return the paragraphs of a normalised body."""
    return [p for p in body.split("\n\n") if p]


def body_hash(body: str, *, normalized: bool = False) -> str:
    """Return the SHA-1 hex digest of the normalised, lower-cased, space-collapsed body.

    `normalized` says `body` is what `normalize_text` returned: it is not normalised again
    when that cannot change it (no ``&`` to decode, already NFC; removing a zero-width
    character can leave a combining mark to compose).
    """
    if not (normalized and "&" not in body and unicodedata.is_normalized("NFC", body)):
        body = normalize_text(body)
    norm = " ".join(body.lower().split())
    return hashlib.sha1(norm.encode("utf-8")).hexdigest()


def count_words(body: str) -> int:
    """Count the words of `body` (each CJK character counts as one word)."""
    if not body:
        return 0
    cjk = len(_CJK_RE.findall(body))
    if cjk:
        body = _CJK_RE.sub(" ", body)
    return cjk + len(_WORD_RE.findall(body))


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
    s = s.casefold()
    # `str.replace` per umlaut, not `str.translate` (a dict lookup per character: 3-4 ms on
    # a 60,000-character page); casefold has already spelled out ß and lowered Ä, Ö, Ü.
    if "ä" in s or "ö" in s or "ü" in s:
        s = s.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    return _FOLD_RE.sub("", s)


_fold_cached = functools.lru_cache(maxsize=2048)(_fold)


def squash(s: str) -> str:
    """Return `s` lower-cased without punctuation or spaces (umlauts kept, unlike `fold`)."""
    return _FOLD_RE.sub("", s.casefold())
