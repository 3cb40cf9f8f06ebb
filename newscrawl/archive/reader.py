"""Read WARC files, any of them, streamed: find the HTML responses worth extracting.

`scan` walks one file record by record (never more than one record's headers in memory) and
yields a `ResponseRef` (where the record is, its URL, date and hints) for each HTTP ``200``
HTML response that passes the `RecordFilter`; `read_response` reads one such record back.
What is skipped is counted by reason in a `Counter`, and a file that cannot be read further
(a truncated or corrupt gzip member) ends with one counted error and one log line, never an
exception. `check_archive` refuses, before anything is read, what is not a WARC at all (an
ARC file, an HTML page, a missing file) with an `ArchiveError` (one line, exit code 2).

Skip reasons (``newscrawl/archive/skipped/<reason>``): ``warcinfo``, ``request``,
``metadata``, ``revisit``, ``resource``, ``other_type``, ``not_http``, ``status``,
``not_html``, ``too_large``, ``host``, ``url``, ``date``, ``site``. Errors
(``newscrawl/archive/errors/<reason>``): ``truncated`` (a file or record cut short),
``corrupt`` (a gzip member or record that cannot be read: reading goes on at the next one).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy.http import Headers
from scrapy.responsetypes import responsetypes
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from newscrawl.archive.files import WARC_SUFFIX
from newscrawl.archive.middleware import HINTS_HEADER
from newscrawl.exceptions import NewscrawlError

if TYPE_CHECKING:
    import re
    from collections import Counter
    from collections.abc import Iterable, Iterator

    from scrapy.http import Request, Response

logger = logging.getLogger(__name__)

_TYPES = ("warcinfo", "request", "metadata", "revisit", "resource")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_WARC_SUFFIXES = (".warc", ".warc.gz")
_CHUNK = 1 << 20


class ArchiveError(NewscrawlError):
    """A file that is not a readable WARC (an ARC file, not an archive, missing)."""


@dataclass(frozen=True, slots=True)
class RecordFilter:
    """Which response records to keep, by what their headers say (before any extraction)."""

    hosts: frozenset[str] = frozenset()
    """Host names to keep (``www.`` ignored, subdomains included); empty keeps every host."""
    url_pattern: re.Pattern[str] | None = None
    """Keep URLs this pattern finds (``re.search``)."""
    since: dt.datetime | None = None
    """Keep records fetched at or after this time (``WARC-Date``)."""
    until: dt.datetime | None = None
    """Keep records fetched at or before this time."""
    site: str | None = None
    """Keep records of archives written by a crawl of this site (their ``warcinfo``)."""
    max_record_size: int = 64 * 1024 * 1024
    """Skip records whose content is larger (bytes)."""

    def host_ok(self, url: str) -> bool:
        if not self.hosts:
            return True
        host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
        return any(host == h or host.endswith("." + h) for h in self.hosts)


@dataclass(frozen=True, slots=True)
class ResponseRef:
    """One archived HTTP response worth extracting: where it is and what it is."""

    path: str
    """The WARC file."""
    offset: int
    """Offset of the record (of its gzip member in a ``.warc.gz``)."""
    url: str
    """``WARC-Target-URI``."""
    fetched_at: str
    """``WARC-Date``, ISO 8601 UTC (seconds)."""
    record_id: str
    length: int = 0
    """Length of the record (of its gzip member)."""
    hints: dict[str, str] = field(default_factory=dict)
    """Discovery hints the crawl recorded (``WARC-Newscrawl-Hints``)."""
    site: str | None = None
    """Site of the crawl that wrote the file (its ``warcinfo``), if newscrawl wrote it."""


def archive_files(sources: Iterable[str]) -> list[Path]:
    """Return the WARC files named by `sources` (files, or directories searched for them)."""
    files: list[Path] = []
    for source in sources:
        path = Path(source)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.name.endswith(_WARC_SUFFIXES)
            )
            if not found:
                raise ArchiveError(f"{path}: no WARC file (*.warc, *.warc.gz) in this directory")
            files.extend(found)
        else:
            files.append(path)
    return files


def check_archive(path: Path) -> None:
    """Raise `ArchiveError` unless `path` starts like a WARC file (gzipped or not)."""
    try:
        with path.open("rb") as file:
            head = file.read(64 * 1024)
    except OSError as exc:
        raise ArchiveError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    start = head
    if head[:2] == b"\x1f\x8b":
        try:
            start = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
        except zlib.error:
            start = b""
        if not start:
            raise ArchiveError(f"{path}: not a WARC file (a corrupt gzip stream)")
    if start.startswith(b"WARC/"):
        return
    if start.startswith(b"filedesc://"):
        raise ArchiveError(
            f"{path}: an ARC file (the format before WARC), not read here: convert it to WARC "
            "first (e.g. `warcio recompress` or JWAT's arc2warc)"
        )
    what = "an empty file" if not start.strip() else f"it starts with {start[:16]!r}"
    raise ArchiveError(f"{path}: not a WARC file ({what})")


def scan(path: Path, accept: RecordFilter, counts: Counter[str]) -> Iterator[ResponseRef]:
    """Yield the HTML responses of the WARC `path` that `accept` keeps; count the rest.

    A corrupt gzip member is skipped: reading goes on at the next member that holds a WARC
    record. A truncated last record (a file cut short) is counted and skipped.
    """
    site: str | None = None
    size = path.stat().st_size
    with path.open("rb") as file:
        gzipped = file.read(2) == b"\x1f\x8b"
        start: int | None = 0
        while start is not None:
            file.seek(start)
            end = start
            try:
                records = ArchiveIterator(file, check_digests=False)
                for record in records:
                    counts["records"] += 1
                    kind = record.rec_type
                    ref = None
                    if kind == "warcinfo":
                        site = _warcinfo_site(record) or site
                    if kind == "response":
                        ref = _accept(record, str(path), site, accept, counts)
                    else:
                        counts[f"skipped/{kind if kind in _TYPES else 'other_type'}"] += 1
                    offset, length = records.get_record_offset(), records.get_record_length()
                    end = offset + length
                    if getattr(record.raw_stream, "limit", 0) > 0:  # fewer bytes than announced
                        counts["errors/truncated"] += 1
                        logger.warning("%s: record at byte %d is truncated, skipped", path, offset)
                        continue
                    if ref is not None:
                        counts["responses"] += 1
                        yield dataclasses.replace(ref, offset=offset, length=length)
                start = None
                if size - end > (0 if gzipped else 4):
                    counts["errors/truncated"] += 1
                    logger.warning(
                        "%s: truncated after byte %d (%d bytes of a cut record skipped)",
                        path, end, size - end,
                    )  # fmt: skip
            except (ArchiveLoadFailed, EOFError, zlib.error, OSError, ValueError) as exc:
                counts["errors/corrupt"] += 1
                start = _next_member(file, end + 1) if gzipped else None
                then = f"read on at byte {start}" if start else "rest of file skipped"
                logger.warning(
                    "%s: corrupt record at byte %d (%s), %s", path, end, _kind(exc), then
                )


def _next_member(file: IO[bytes], position: int) -> int | None:
    """Return the offset of the next gzip member after `position` that holds a WARC record."""
    while True:
        file.seek(position)
        chunk = file.read(_CHUNK)
        if not chunk:
            return None
        found = chunk.find(b"\x1f\x8b\x08")
        if found < 0:
            position += max(1, len(chunk) - 2)
            continue
        candidate = position + found
        file.seek(candidate)
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(file.read(4096), 16)
        except zlib.error:
            head = b""
        if head.startswith(b"WARC/"):
            return candidate
        position = candidate + 1


def _kind(exc: BaseException) -> str:
    if isinstance(exc, ArchiveLoadFailed):
        return "not a WARC record"
    if isinstance(exc, (zlib.error, EOFError)):
        return "bad gzip data"
    return _line(exc)


def _accept(
    record: Any,
    path: str,
    site: str | None,
    accept: RecordFilter,
    counts: Counter[str],
) -> ResponseRef | None:
    headers = record.rec_headers
    url = str(headers.get_header("WARC-Target-URI") or "").strip("<>")
    http = record.http_headers
    reason = None
    if http is None or not url.startswith(("http://", "https://")):
        reason = "not_http"
    elif int(headers.get_header("Content-Length") or 0) > accept.max_record_size:
        reason = "too_large"
    elif http.get_statuscode() != "200":
        reason = "status"
    elif (http.get_header("Content-Type") or "text/html").split(";")[0].strip().lower() not in (
        _HTML_TYPES
    ):
        reason = "not_html"
    elif accept.site and site != accept.site:
        reason = "site"
    elif not accept.host_ok(url):
        reason = "host"
    elif accept.url_pattern is not None and not accept.url_pattern.search(url):
        reason = "url"
    date = _parse_date(headers.get_header("WARC-Date"))
    if reason is None and (
        (accept.since and (date is None or date < accept.since))
        or (accept.until and (date is None or date > accept.until))
    ):
        reason = "date"
    if reason is not None:
        counts[f"skipped/{reason}"] += 1
        return None
    hints: dict[str, str] = {}
    raw_hints = headers.get_header(HINTS_HEADER)
    if raw_hints:
        try:
            hints = {str(k): str(v) for k, v in json.loads(raw_hints).items()}
        except (ValueError, AttributeError):
            hints = {}
    fetched = (date or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
    return ResponseRef(
        path=path,
        offset=0,
        url=url,
        fetched_at=fetched,
        record_id=str(headers.get_header("WARC-Record-ID") or ""),
        hints=hints,
        site=site,
    )


def _warcinfo_site(record: Any) -> str | None:
    try:
        text = record.content_stream().read(64 * 1024).decode("utf-8", "replace")
    except Exception:  # a broken warcinfo only loses the site name
        return None
    for line in text.splitlines():
        name, sep, value = line.partition(":")
        if sep and name.strip() == "newscrawl-site":
            return value.strip() or None
    return None


def read_warcinfo(path: Path) -> dict[str, str]:
    """Return the fields of the first ``warcinfo`` record of `path` ({} when none)."""
    try:
        with path.open("rb") as file:
            for record in ArchiveIterator(file, check_digests=False):
                if record.rec_type != "warcinfo":
                    return {}
                text = record.content_stream().read(64 * 1024).decode("utf-8", "replace")
                fields = {}
                for line in text.splitlines():
                    name, sep, value = line.partition(":")
                    if sep:
                        fields[name.strip()] = value.strip()
                return fields
    except Exception:  # unreadable files are reported when scanned
        return {}
    return {}


def read_response(
    path: str, offset: int, max_size: int, request: Request | None = None
) -> Response:
    """Read the response record at `offset` of `path` as a Scrapy response to `request`.

    The body is decoded (chunks and Content-Encoding undone); the response class follows its
    headers (`HtmlResponse`, `XmlResponse`, …) and it is flagged ``warc``. Raise ValueError
    (one line) when the record cannot be read or decoded, or is larger than `max_size`.
    """
    with Path(path).open("rb") as file:
        file.seek(offset)
        try:
            record = next(iter(ArchiveIterator(file, check_digests=False)))
            url = str(record.rec_headers.get_header("WARC-Target-URI") or "").strip("<>")
            http = record.http_headers
            body = record.content_stream().read(max_size + 1)
        except StopIteration:
            raise ValueError("no record at this offset") from None
        except (EOFError, zlib.error, OSError, ArchiveLoadFailed) as exc:
            raise ValueError(f"unreadable record: {_line(exc)}") from None
    if len(body) > max_size:
        raise ValueError(f"body larger than {max_size} bytes")
    headers = Headers(
        [
            (name, value)
            for name, value in http.headers
            if name.lower() not in ("content-encoding", "transfer-encoding", "content-length")
        ]
    )
    if request is not None:
        url = request.url
    cls = responsetypes.from_args(headers=headers, url=url, body=body)
    return cls(
        url=url,
        status=int(http.get_statuscode() or 0),
        headers=headers,
        body=body,
        request=request,
        flags=["warc"],
    )


def _parse_date(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__


def is_warc_name(name: str) -> bool:
    """Say whether a file name looks like a WARC file."""
    return name.endswith(_WARC_SUFFIXES) or name.endswith(WARC_SUFFIX)
