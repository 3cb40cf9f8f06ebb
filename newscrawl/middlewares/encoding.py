"""Repair page encodings before extraction: wrong charset labels and mojibake.

Two common faults survive the usual decoding order (BOM, HTTP header, ``<meta>``, detection):

- bytes in a legacy code page labelled UTF-8 (``charset=utf-8`` on windows-1252 text): the
  label is refused, and statistical detection then often picks a neighbouring code page
  (windows-1250 for French or German text, giving "naďve", "Săo Paulo");
- mojibake: UTF-8 text that was decoded as windows-1252 and encoded again somewhere upstream
  ("cafÃ©", "Ø§Ù„"), served as valid UTF-8.

For the first, this middleware follows the HTML standard's idea of a fallback encoding: the
legacy code page of the page's language (``<html lang>``), windows-1252 when there is none
and the detected code page is a Western/Central European one. For the second it uses ftfy's
`fix_encoding`, which only undoes mojibake (quotes, ligatures and widths are left alone).
A repaired page is handed on re-encoded as UTF-8 and labelled so.

Page responses only (the news spider's ``nc_kind`` of ``article``, ``listing``,
``canonical``), status 200, HTML, up to NEWSCRAWL_ENCODING_REPAIR_MAX_BYTES.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from scrapy.http import TextResponse

from newscrawl.middlewares.content import PAGE_KINDS
from newscrawl.utils.settings import require_enabled

if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Self

    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

LEGACY_CODEPAGES = {
    "ar": "cp1256", "fa": "cp1256", "ur": "cp1256",
    "ru": "cp1251", "uk": "cp1251", "bg": "cp1251", "sr": "cp1251", "mk": "cp1251",
    "be": "cp1251", "kk": "cp1251",
    "pl": "cp1250", "cs": "cp1250", "sk": "cp1250", "hu": "cp1250", "sl": "cp1250",
    "hr": "cp1250", "ro": "cp1250", "bs": "cp1250",
    "el": "cp1253", "tr": "cp1254", "az": "cp1254", "he": "cp1255", "yi": "cp1255",
    "lt": "cp1257", "lv": "cp1257", "et": "cp1257", "vi": "cp1258", "th": "cp874",
}  # fmt: skip
"""Language -> the legacy Windows code page its pages used (windows-1252 for the rest)."""
_WESTERN_FAMILY = frozenset(
    {"cp1250", "cp1252", "latin_1", "iso8859_2", "iso8859_15", "mac_roman", "mac_latin2",
     "cp850", "cp437", "iso8859_16", "iso8859_3", "iso8859_4", "iso8859_9", "cp1254"}
)  # fmt: skip
_CHARSET_RE = re.compile(rb"charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_LANG_RE = re.compile(rb"<html[^>]*?\slang\s*=\s*[\"']?\s*([A-Za-z]{2,3})", re.IGNORECASE)
_HEAD_BYTES = 8192


def _norm(codec: str) -> str:
    import codecs

    try:
        return codecs.lookup(codec).name.replace("-", "_")
    except LookupError:
        return codec.lower()


def _is_utf8(declared: str | None) -> bool:
    return declared is None or _norm(declared) == "utf_8"


def declared_charset(response: Response) -> str | None:
    """Return the charset of the HTTP ``Content-Type`` header, if any."""
    header = response.headers.get(b"Content-Type") or b""
    match = _CHARSET_RE.search(header)
    return match.group(1).decode("ascii", "ignore").lower() if match else None


def page_language(body: bytes) -> str | None:
    """Return the primary language subtag of ``<html lang>``, lower-case, if any."""
    match = _LANG_RE.search(body[:_HEAD_BYTES])
    return match.group(1).decode("ascii").lower() if match else None


def fallback_codec(body: bytes) -> str | None:
    """Return the legacy code page `body` is most likely in (it is not valid UTF-8)."""
    lang = page_language(body)
    if lang is not None:
        return LEGACY_CODEPAGES.get(lang, "cp1252")
    from charset_normalizer import from_bytes

    best = from_bytes(body[: 512 * 1024]).best()
    guess = _norm(best.encoding) if best is not None and best.encoding else None
    if guess is None or guess in _WESTERN_FAMILY:
        return "cp1252"
    return guess


_WINDOW = 8
"""Characters kept around non-ASCII text: ftfy's badness patterns span at most 7."""
_ASCII_MASK = bytes(0 if b < 0x80 else 1 for b in range(256))
"""`bytes.translate` table: 0 for an ASCII byte, 1 for any other."""


_CHUNK = 4096
"""Bytes tested at a time by `_non_ascii_runs`: an ASCII chunk is passed over whole."""


def _non_ascii_runs(data: bytes) -> Iterator[tuple[int, int]]:
    """Yield the ``(start, end)`` of the maximal runs of non-ASCII bytes of `data`, in order.

    `bytes.isascii` passes over an ASCII chunk at memory speed; in the others
    `bytes.translate` and `bytes.find` find the runs (a regular expression scans about 10 ns
    per character, `translate` about 1), and a run that reaches the end of a chunk is joined
    to one that starts the next. A page of mostly ASCII text costs a few microseconds.
    """
    if data.isascii():
        return
    pending: tuple[int, int] | None = None
    for base in range(0, len(data), _CHUNK):
        chunk = data[base : base + _CHUNK]
        if chunk.isascii():
            if pending is not None:
                yield pending
                pending = None
            continue
        mask = chunk.translate(_ASCII_MASK)
        find = mask.find
        size = len(mask)
        start = find(1)
        while start != -1:
            end = find(0, start)
            if end == -1:
                end = size
            if pending is not None and pending[1] == base + start:
                pending = (pending[0], base + end)
            else:
                if pending is not None:
                    yield pending
                pending = (base + start, base + end)
            start = find(1, end)
    if pending is not None:
        yield pending


def mojibake_windows(text: str) -> str:
    """Return the parts of `text` near non-ASCII characters, one line each.

    Every pattern of ftfy's `is_bad` holds a non-ASCII character and spans at most seven
    characters, so `is_bad` on this is `is_bad` on `text`, at a fraction of the cost on pages
    that are mostly ASCII (it is the hot path of every page; see benchmarks/throughput.py).

    The windows are found in the UTF-8 bytes of `text`: an ASCII character is one byte there
    and any other character only bytes >= 0x80, so runs, gaps and the ASCII context of each
    window have the same lengths in bytes as in characters, and the byte windows decode to
    the character windows.
    """
    return _windows(text.encode("utf-8", "surrogatepass"))


def _windows(data: bytes) -> str:
    """Return `mojibake_windows` of the text whose UTF-8 encoding is `data`."""
    spans: list[list[int]] = []
    for run_start, run_end in _non_ascii_runs(data):
        start, end = max(0, run_start - _WINDOW), run_end + _WINDOW
        if spans and start <= spans[-1][1]:
            spans[-1][1] = end
        else:
            spans.append([start, end])
    if not spans:
        return ""
    lead = "" if spans[0][0] == 0 else "\n"
    return lead + "\n".join(
        data[start:end].decode("utf-8", "surrogatepass") for start, end in spans
    )


def repair_text(body: bytes, declared: str | None) -> tuple[str, str] | None:
    """Return ``(text, what)`` when `body` needs repair, or None when it decodes cleanly.

    `what` is ``relabelled`` (the declared UTF-8 label was wrong), ``mojibake`` (the text held
    mojibake, now undone) or ``relabelled+mojibake``.
    """
    import ftfy
    from ftfy.badness import is_bad

    what = []
    text: str | None = None
    if declared is not None and _norm(declared) == "utf_8":
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            codec = fallback_codec(body)
            if codec is None:
                return None
            try:
                text = body.decode(codec)
            except (UnicodeDecodeError, LookupError):
                return None
            what.append("relabelled")
    if text is None:
        try:
            text = body.decode(_norm(declared) if declared else "utf-8")
        except (UnicodeDecodeError, LookupError):
            return None
    # `body` is the UTF-8 encoding of `text` when it was decoded as UTF-8
    windows = _windows(body) if not what and _is_utf8(declared) else mojibake_windows(text)
    if is_bad(windows):
        fixed = ftfy.fix_encoding(text)
        if fixed != text:
            text = fixed
            what.append("mojibake")
    if not what:
        return None
    return text, "+".join(what)


class EncodingRepairMiddleware:
    """Re-decode page responses whose charset label is wrong, and undo mojibake.

    Settings: NEWSCRAWL_ENCODING_REPAIR_ENABLED (default True),
    NEWSCRAWL_ENCODING_REPAIR_MAX_BYTES (larger bodies are left alone; default 4 MiB).
    Stats: newscrawl/encoding/repaired/{relabelled,mojibake}.
    """

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        require_enabled(settings, "NEWSCRAWL_ENCODING_REPAIR_ENABLED")
        self.stats = crawler.stats
        self.max_bytes = settings.getint("NEWSCRAWL_ENCODING_REPAIR_MAX_BYTES")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        """Return `response`, re-encoded as UTF-8 when its text needed repair."""
        if (
            response.status != 200
            or request.meta.get("nc_kind") not in PAGE_KINDS
            or not isinstance(response, TextResponse)
            or len(response.body) > self.max_bytes
            or response.body.isascii()
        ):
            return response
        repaired = repair_text(response.body, declared_charset(response))
        if repaired is None:
            return response
        text, what = repaired
        for part in what.split("+"):
            self.stats.inc_value(f"newscrawl/encoding/repaired/{part}")
        logger.debug("repaired encoding (%s) of %s", what, response.url)
        headers = response.headers.copy()
        headers[b"Content-Type"] = b"text/html; charset=utf-8"
        return response.replace(body=text.encode("utf-8"), encoding="utf-8", headers=headers)
