"""Shared helpers for discovery parsers: bounded gunzip, safe XML parsing, date parsing."""

from __future__ import annotations

import contextlib
import re
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from lxml import etree

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

GZIP_MAGIC = b"\x1f\x8b"
CHUNK_SIZE = 64 * 1024
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
"""Default cap on the decompressed size of one document (the sitemap protocol's own limit)."""

SAFE_PARSER_OPTIONS: dict[str, Any] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
    "recover": False,
}
"""lxml parser options: no entity expansion, no DTD, no network, libxml2's size limits on."""

# A bare "&" (not starting a predefined or numeric reference) is the commonest sitemap/feed
# error; escape it so one sloppy URL does not end the parse. Declared entities (`&lol9;`) are
# escaped too, so no entity is ever expanded in the document body.
_BARE_AMP_RE = re.compile(rb"&(?!(?:amp|lt|gt|quot|apos|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});)")
_MAX_CARRY = 1024 * 1024
_W3C_RE = re.compile(
    r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?"
    r"\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?)?)?)?$"
)
_HTTP_SCHEMES = ("http", "https")
_SIMPLE_ABSOLUTE_RE = re.compile(
    r"^[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::\d{1,5})?(?:[/?#][^\s]*)?$"
)


@dataclass(slots=True)
class StreamState:
    """Record how a bounded byte stream ended."""

    truncated: bool = False
    """The decompressed size reached the cap; the rest was not read."""
    error: str | None = None
    """Why the stream (gzip) or the parse stopped early, if it did."""


def iter_body(
    body: bytes, max_bytes: int, state: StreamState, chunk_size: int = CHUNK_SIZE
) -> Iterator[bytes]:
    """Yield `body` in chunks, gunzipped if it is gzip, never more than `max_bytes` in total.

    Decompression is incremental (`zlib` with `max_length`), so a gzip bomb costs at most
    `max_bytes` of work and one chunk of memory. Concatenated gzip members are followed.
    """
    if body[:2] != GZIP_MAGIC:
        view = memoryview(body)
        if len(view) > max_bytes:
            state.truncated = True
            view = view[:max_bytes]
        for start in range(0, len(view), chunk_size):
            yield bytes(view[start : start + chunk_size])
        return
    total = 0
    decomp = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    pending = body
    while True:
        try:
            out = decomp.decompress(pending, chunk_size)
        except zlib.error as exc:
            state.error = f"gzip: {exc}"
            return
        pending = decomp.unconsumed_tail
        if out:
            if total + len(out) > max_bytes:
                state.truncated = True
                rest = max_bytes - total
                if rest > 0:
                    yield out[:rest]
                return
            total += len(out)
            yield out
        if decomp.eof:
            pending = decomp.unused_data
            if pending[:2] != GZIP_MAGIC:
                return
            decomp = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
            continue
        if not out and not pending:
            state.error = "gzip: truncated stream"
            return


def escape_bare_ampersands(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """Yield `chunks` with bare ``&`` escaped as ``&amp;`` outside CDATA sections.

    Correct across chunk boundaries: each chunk is cut after its last ``>`` or whitespace
    (no entity reference or CDATA marker spans one) and the rest is held for the next chunk.
    """
    in_cdata = False
    carry = b""
    first = True
    for chunk in chunks:
        if first and chunk.startswith((b"\xff\xfe", b"\xfe\xff")):
            # UTF-16: not ASCII-compatible bytes, leave untouched.
            yield chunk
            yield from chunks
            return
        first = False
        data = carry + chunk
        cut = max(data.rfind(b">"), data.rfind(b" "), data.rfind(b"\n"), data.rfind(b"\t")) + 1
        if cut <= 0:
            if len(data) < _MAX_CARRY:
                carry = data
                continue
            cut = len(data)
        data, carry = data[:cut], data[cut:]
        out, in_cdata = _escape_segment(data, in_cdata)
        yield out
    if carry:
        yield _escape_segment(carry, in_cdata)[0]


def _escape_segment(data: bytes, in_cdata: bool) -> tuple[bytes, bool]:
    parts: list[bytes] = []
    pos = 0
    while pos < len(data):
        if in_cdata:
            end = data.find(b"]]>", pos)
            if end < 0:
                parts.append(data[pos:])
                return b"".join(parts), True
            parts.append(data[pos : end + 3])
            pos = end + 3
            in_cdata = False
        else:
            start = data.find(b"<![CDATA[", pos)
            if start < 0:
                parts.append(_BARE_AMP_RE.sub(b"&amp;", data[pos:]))
                return b"".join(parts), False
            parts.append(_BARE_AMP_RE.sub(b"&amp;", data[pos:start]))
            parts.append(b"<![CDATA[")
            pos = start + 9
            in_cdata = True
    return b"".join(parts), in_cdata


class StopPull(Exception):
    """End a `pull_entries` parse early: an entry too large to hold, or a consumer that is done."""


def pull_entries(
    chunks: Iterator[bytes],
    entry_tags: tuple[str, ...],
    consume: Callable[[etree.XMLPullParser], bool],
    *,
    max_entry_bytes: int,
    name: str,
) -> Any:
    """Stream `chunks` through a safe pull parser that reports only the end of `entry_tags`.

    Bare ``&`` are escaped on the way in. After every chunk, and at the end, `consume(parser)`
    takes the finished entries from ``parser.read_events()`` (and frees them) and says whether
    there were any; it may raise `StopPull` to end the parse. Return the root element.

    Raise `StopPull` when more than `max_entry_bytes` arrive without an entry (one entry, or
    junk between entries, would otherwise be held in memory whole), and `XMLSyntaxError` after
    handing the entries queued before the error to `consume`.
    """
    parser = etree.XMLPullParser(events=("end",), tag=entry_tags, **SAFE_PARSER_OPTIONS)
    fed_since_entry = 0
    try:
        for chunk in escape_bare_ampersands(chunks):
            parser.feed(chunk)
            fed_since_entry = 0 if consume(parser) else fed_since_entry + len(chunk)
            if fed_since_entry > max_entry_bytes:
                raise StopPull(f"{name} entry larger than MAX_ENTRY_BYTES")
        root = parser.close()
        consume(parser)
    except etree.XMLSyntaxError:
        with contextlib.suppress(etree.XMLSyntaxError, StopPull):
            consume(parser)
        raise
    return root


def localname(element: Any) -> str:
    """Return the tag of an lxml element without its namespace ('' for comments, entities)."""
    tag = getattr(element, "tag", None)
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def element_text(element: Any) -> str:
    """Return the stripped text directly inside `element` (CDATA included, entities skipped)."""
    if not len(element):
        return (element.text or "").strip()
    parts = [element.text or ""]
    parts.extend(child.tail or "" for child in element)
    return "".join(parts).strip()


def strip_bom_and_space(head: bytes) -> bytes:
    """Return `head` without a UTF-8/UTF-16 BOM and leading whitespace."""
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        if head.startswith(bom):
            head = head[len(bom) :]
            break
    return head.lstrip()


def peek_head(body: bytes, size: int = 4096) -> bytes:
    """Return the first `size` bytes of `body` (gunzipped), lower-cased, BOM and space gone.

    Enough to tell what kind of document it is.
    """
    state = StreamState()
    out = b""
    for chunk in iter_body(body, size, state, chunk_size=size):
        out += chunk
        if len(out) >= size:
            break
    return strip_bom_and_space(out[:size]).lower()


def parse_datetime(value: str | None) -> datetime | None:
    """Parse a W3C/ISO 8601 or RFC 822 date into an aware datetime (UTC if no offset given).

    Returns None for anything unparseable or out of range; never raises. Results are cached:
    sitemaps repeat the same few ``lastmod`` values many times.
    """
    if not value:
        return None
    return _parse_datetime(value.strip())


@lru_cache(maxsize=4096)
def _parse_datetime(text: str) -> datetime | None:
    if not text or len(text) > 64:
        return None
    parsed: datetime | None = None
    if len(text) >= 10 and text[0].isdigit():
        try:
            parsed = datetime.fromisoformat(text)  # C fast path for the common forms
        except ValueError:
            parsed = None
    if parsed is None:
        match = _W3C_RE.match(text)
        try:
            parsed = _from_w3c(match) if match else parsedate_to_datetime(text)
        except (ValueError, TypeError, IndexError, OverflowError):
            return None
    if parsed is None:
        return None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def _from_w3c(match: re.Match[str]) -> datetime:
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    tz_text = "+00:00" if zone in (None, "Z", "z") else zone
    base = datetime(
        int(year),
        int(month or 1),
        int(day or 1),
        int(hour or 0),
        int(minute or 0),
        int(second or 0),
        micro,
    )
    sign = -1 if tz_text[0] == "-" else 1
    digits = tz_text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    if hours > 23 or minutes > 59:
        raise ValueError("bad offset")

    offset = timezone(sign * timedelta(hours=hours, minutes=minutes))
    return base.replace(tzinfo=offset)


def resolve_http_url(href: str | None, base_url: str) -> str | None:
    """Resolve `href` against `base_url`; return it only if it is an http(s) URL with a host."""
    if not href:
        return None
    href = href.strip()
    if not href or len(href) > 8192:
        return None
    if _SIMPLE_ABSOLUTE_RE.match(href):  # fast path: already absolute, plain host
        return href
    try:
        absolute = urljoin(base_url, href)
        parts = urlsplit(absolute)
        if parts.scheme.lower() not in _HTTP_SCHEMES or not parts.hostname:
            return None
        _ = parts.port  # raises ValueError on a bad port
    except ValueError:
        return None
    return absolute
