"""Date parsing and normalisation to ISO 8601 with a UTC offset."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

_TZ_RE = re.compile(r"^([+-])(\d{2}):?(\d{2})$")
_ISO_FIX_RE = re.compile(
    r"^(\d{4}-\d{2}-\d{2})[T ](\d{1,2}:\d{2}(?::\d{2})?)(\.\d+)?\s*"
    r"(Z|[+-]\d{2}:?\d{2}|[+-]\d{2})?$",
    re.IGNORECASE,
)
_DATE_ONLY_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_COMPACT_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?)?(Z|[+-]\d{4})?$")
_URL_DATE_RE = re.compile(
    r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|-|$)"
)
_URL_DATE_COMPACT_RE = re.compile(
    r"[/_-]((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])[/_-]"
)


def parse_offset(offset: str | None) -> dt.tzinfo | None:
    """Return a tzinfo for a ``+03:00``-style offset or an IANA zone name (``Asia/Damascus``).

    A zone name gives each date its own offset (summer and winter time, changes of rule);
    None when absent or unknown.
    """
    if not offset:
        return None
    m = _TZ_RE.match(offset.strip())
    if not m:
        return _zone(offset.strip())
    sign = -1 if m.group(1) == "-" else 1
    minutes = int(m.group(2)) * 60 + int(m.group(3))
    return dt.timezone(sign * dt.timedelta(minutes=minutes))


def _zone(name: str) -> dt.tzinfo | None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if "/" not in name and name.upper() != "UTC":
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def format_iso(value: dt.datetime) -> str:
    """Format an aware datetime as ISO 8601 to the second, e.g. ``2018-12-17T14:05:00+02:00``."""
    return value.replace(microsecond=0).isoformat()


class ParsedDate:
    """A parsed date: the datetime, and whether the source gave a time and a zone."""

    __slots__ = ("has_time", "has_zone", "value")

    def __init__(self, value: dt.datetime, has_time: bool, has_zone: bool) -> None:
        self.value = value
        self.has_time = has_time
        self.has_zone = has_zone

    def resolve(self, tz: dt.tzinfo | None) -> str:
        """Return ISO 8601 with an offset, attaching `tz` (UTC when None) to a naive value."""
        value = self.value
        if value.tzinfo is None:
            # No zone on the page and none known: assume UTC (documented in the contract).
            value = value.replace(tzinfo=tz or dt.UTC)
        return format_iso(value)

    def __repr__(self) -> str:
        return f"ParsedDate({self.value!r}, time={self.has_time}, zone={self.has_zone})"


def parse_iso(text: str) -> ParsedDate | None:
    """Parse ISO 8601-like machine dates (JSON-LD, meta, ``<time datetime>``)."""
    text = text.strip()
    if not text or len(text) > 40:
        return None
    m = _ISO_FIX_RE.match(text)
    if m:
        day, clock, _frac, zone = m.groups()
        if len(clock.split(":")[0]) == 1:
            clock = "0" + clock
        if zone:
            zone = zone.upper()
            if zone != "Z":
                zone = zone.replace(":", "")
                zone = zone + "00" if len(zone) == 3 else zone
                zone = f"{zone[:3]}:{zone[3:]}"
        try:
            value = dt.datetime.fromisoformat(
                f"{day}T{clock}{'+00:00' if zone == 'Z' else zone or ''}"
            )
        except ValueError:
            return None
        if not 1990 <= value.year <= 2100:
            return None
        return ParsedDate(value, True, zone is not None)
    m2 = _DATE_ONLY_RE.match(text[:10]) if len(text) == 10 else None
    if m2:
        try:
            value = dt.datetime(int(m2.group(1)), int(m2.group(2)), int(m2.group(3)))
        except ValueError:
            return None
        return ParsedDate(value, False, False)
    m3 = _COMPACT_RE.match(text)
    if m3:
        y, mo, d, h, mi, s, zone = m3.groups()
        try:
            value = dt.datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0))
        except ValueError:
            return None
        tz = parse_offset(f"{zone[:3]}:{zone[3:]}") if zone and zone != "Z" else None
        if zone == "Z":
            tz = dt.UTC
        if tz:
            value = value.replace(tzinfo=tz)
        return ParsedDate(value, h is not None, tz is not None)
    return None


def parse_epoch(text: str) -> ParsedDate | None:
    """Parse a Unix timestamp in seconds or milliseconds."""
    if not text.isdigit() or len(text) not in (10, 13):
        return None
    seconds = int(text) / (1000 if len(text) == 13 else 1)
    value = dt.datetime.fromtimestamp(seconds, dt.UTC)
    if not 1990 <= value.year <= 2100:
        return None
    return ParsedDate(value, True, True)


_CLOCK_RE = re.compile(r"(?<![\d.])\d{1,2}(?:[:h]\d{2}|\.\d{2}(?![.\d]))")
"""A time of day in human text ("10:45", "10h45", "10.45 Uhr"), not a dotted date
("28.04.2023")."""


_DOTTED_DATE_RE = re.compile(r"(?<![\d.])\d{1,2}\.\s?\d{1,2}\.\s?(?:\d{4}|\d{2})(?![\d.])")
"""A numeric date written with dots (``06.10.2023``): day first in every locale that writes it."""


def parse_human(
    text: str, formats: Iterable[str] = (), languages: list[str] | None = None
) -> ParsedDate | None:
    """Parse a human-written date with `formats` (strptime) first, then dateparser."""
    text = " ".join(text.split())
    if not text or len(text) > 120:
        return None
    for fmt in formats:
        try:
            exact = dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
        return ParsedDate(exact, "%H" in fmt or "%I" in fmt, exact.tzinfo is not None)
    parsed = parse_iso(text) or parse_epoch(text)
    if parsed:
        return parsed
    import dateparser

    # A date needs its day, month and year: a time alone ("9:05 PM"), "March 30" or a
    # relative "3 hours ago" would be read against today, and a wrong date is worse than none.
    settings = {
        "PREFER_DAY_OF_MONTH": "first",
        "REQUIRE_PARTS": ["day", "month", "year"],
        "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
    }
    if _DOTTED_DATE_RE.search(text):
        settings["DATE_ORDER"] = "DMY"  # 06.10.2023 is the 6th of October wherever dots are used
    value: dt.datetime | None
    try:
        value = dateparser.parse(text, languages=languages, settings=settings)
    except (ValueError, TypeError, OverflowError, AttributeError):
        value = None
    if value is None or not 1990 <= value.year <= 2100:
        return None
    if value.tzinfo is not None:
        offset = value.utcoffset()
        value = value.replace(tzinfo=dt.timezone(offset) if offset is not None else None)
    has_time = bool(_CLOCK_RE.search(text))
    return ParsedDate(value, has_time, value.tzinfo is not None)


def parse_any(text: str) -> ParsedDate | None:
    """Parse a machine date, falling back to human formats."""
    return parse_iso(text) or parse_epoch(text.strip()) or parse_human(text)


def date_from_url(url: str) -> ParsedDate | None:
    """Return the date written in a URL path (``/2024/05/03/``, ``/20240503-``), if any."""
    m = _URL_DATE_RE.search(url) or _URL_DATE_COMPACT_RE.search(url)
    if not m:
        return None
    try:
        value = dt.datetime(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    return ParsedDate(value, False, False)
