"""WARC files of a run: written as a part, one gzip member per record, renamed when complete.

A run writes ``<output dir>/<site>/<run-id>.warc.gz`` (then ``<run-id>-001.warc.gz``, … after
each rotation at NEWSCRAWL_WARC_MAX_SIZE). Each file is written as ``<name>.part`` under an
exclusive ``flock`` and renamed when complete, like the JSONL feed (`newscrawl.feeds`). Every
record is one gzip member, flushed to the file before the article pointing at it can be
exported, so after a SIGKILL the part holds every record an exported (or recovered) article
points at, plus at most one torn member at its end: `recover_parts` cuts that member and renames
the part, and the pointers of the recovered JSONL lines read back their pages.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import io
import logging
import os
import zlib
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newscrawl import __version__
from newscrawl.run.durable import fsync_dir

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from pathlib import Path

logger = logging.getLogger(__name__)

WARC_SUFFIX = ".warc.gz"
PART_SUFFIX = ".part"
_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class RecordPointer:
    """Where one record is in a WARC file: what an article's ``warc`` key holds."""

    file: str
    """File name, relative to the site's output directory."""
    offset: int
    """Byte offset of the record's gzip member."""
    length: int
    """Length in bytes of the gzip member."""
    record_id: str
    """The record's ``WARC-Record-ID`` (``<urn:uuid:…>``)."""

    def to_dict(self) -> dict[str, Any]:
        """Return the pointer as the JSONL ``warc`` value."""
        return {
            "file": self.file,
            "offset": self.offset,
            "length": self.length,
            "record_id": self.record_id,
        }


@dataclass(slots=True)
class Exchange:
    """One fetch, as it goes into the archive."""

    url: str
    method: str
    request_headers: Sequence[tuple[str, str]]
    request_body: bytes
    status: int
    reason: str
    protocol: str
    response_headers: Sequence[tuple[str, str]]
    body: bytes
    fetched: dt.datetime
    ip_address: str | None = None
    extra: Mapping[str, str] | None = None
    """More ``WARC-*`` headers of the response record (e.g. ``WARC-Newscrawl-Hints``)."""


def warc_name(run_id: str, index: int) -> str:
    """Return the name of the `index`-th WARC file of a run (0: ``<run-id>.warc.gz``)."""
    return f"{run_id}{WARC_SUFFIX}" if index == 0 else f"{run_id}-{index:03d}{WARC_SUFFIX}"


class RunWarcWriter:
    """Write a run's fetches to rotated, atomically completed WARC/1.1 files.

    `info` goes into the ``warcinfo`` record opening each file (site, run id, profile).
    """

    def __init__(
        self, directory: Path, run_id: str, max_size: int, info: Mapping[str, str]
    ) -> None:
        if max_size <= 0:
            raise ValueError(f"NEWSCRAWL_WARC_MAX_SIZE must be > 0, got {max_size}")
        self.directory = directory
        self.run_id = run_id
        self.max_size = max_size
        self.info = dict(info)
        self.index = 0
        self.completed: list[str] = []
        self.records = 0
        self._file: IO[bytes] | None = None
        self._writer: WARCWriter | None = None
        self._name = ""
        self._has_records = False

    # ------------------------------------------------------------------ files

    def _open(self) -> None:
        while True:
            name = warc_name(self.run_id, self.index)
            if not (self.directory / name).exists():
                break
            self.index += 1
        self.directory.mkdir(parents=True, exist_ok=True)
        part = self.directory / (name + PART_SUFFIX)
        fd = os.open(part, os.O_WRONLY | os.O_CREAT, 0o644)
        file = os.fdopen(fd, "wb")
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            file.close()
            raise OSError(f"{part} is being written by another run") from None
        file.truncate(0)
        self._file, self._name, self._has_records = file, name, False
        self._writer = WARCWriter(file, gzip=True, warc_version="1.1")
        info = {"software": f"newscrawl/{__version__}", "format": "WARC File Format 1.1"}
        info.update(self.info)
        record = self._writer.create_warcinfo_record(name, info)
        self._writer.write_record(record)
        file.flush()

    def _complete(self) -> None:
        """Flush, fsync and rename the current part to its final name."""
        if self._file is None:
            return
        file, name = self._file, self._name
        self._file = self._writer = None
        try:
            file.flush()
            os.fsync(file.fileno())
            part = self.directory / (name + PART_SUFFIX)
            part.replace(self.directory / name)
            fsync_dir(self.directory)
        finally:
            file.close()
        self.completed.append(name)
        self.index += 1

    def close(self) -> None:
        """Complete the current file (a run that fetched nothing leaves no file)."""
        if self._file is not None and not self._has_records:
            part = self.directory / (self._name + PART_SUFFIX)
            self._file.close()
            self._file = self._writer = None
            part.unlink(missing_ok=True)
            return
        self._complete()

    # ------------------------------------------------------------------ records

    def write(self, exchange: Exchange) -> RecordPointer:
        """Write the request and response records of `exchange`; return the response's place."""
        if self._file is not None and self._has_records and self._file.tell() >= self.max_size:
            self._complete()
        if self._file is None:
            self._open()
        assert self._file is not None
        assert self._writer is not None
        writer, file = self._writer, self._file
        date = _warc_date(exchange.fetched)
        request = _request_record(writer, exchange, date)
        writer.write_record(request)
        response_headers = {"WARC-Date": date, "WARC-Concurrent-To": _id_of(request)}
        if exchange.ip_address:
            response_headers["WARC-IP-Address"] = exchange.ip_address
        response_headers.update(exchange.extra or {})
        http = StatusAndHeaders(
            f"{exchange.status} {exchange.reason}".strip(),
            list(exchange.response_headers),
            protocol=exchange.protocol,
        )
        response = writer.create_warc_record(
            exchange.url,
            "response",
            payload=io.BytesIO(exchange.body),
            http_headers=http,
            warc_headers_dict=response_headers,
        )
        offset = file.tell()
        writer.write_record(response)
        file.flush()  # the record is in the file before any article points at it
        self._has_records = True
        self.records += 1
        return RecordPointer(self._name, offset, file.tell() - offset, _id_of(response))


def _request_record(writer: WARCWriter, exchange: Exchange, date: str) -> Any:
    from urllib.parse import urlsplit

    parts = urlsplit(exchange.url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = list(exchange.request_headers)
    if not any(name.lower() == "host" for name, _ in headers):
        headers.insert(0, ("Host", parts.netloc))
    http = StatusAndHeaders(f"{exchange.method} {target} HTTP/1.1", headers, is_http_request=True)
    return writer.create_warc_record(
        exchange.url,
        "request",
        payload=io.BytesIO(exchange.request_body),
        http_headers=http,
        warc_headers_dict={"WARC-Date": date},
    )


def _id_of(record: Any) -> str:
    return str(record.rec_headers.get_header("WARC-Record-ID"))


def _warc_date(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


# ---------------------------------------------------------------------- recovery


def complete_members_length(path: Path) -> int:
    """Return the length of the leading run of complete gzip members of `path`."""
    good = 0
    consumed = 0  # bytes of the file fed to decompressors so far
    decomp = zlib.decompressobj(16 + zlib.MAX_WBITS)
    with path.open("rb") as file:
        while chunk := file.read(_CHUNK):
            data = chunk
            while data:
                try:
                    decomp.decompress(data)
                except zlib.error:
                    return good
                if decomp.eof:
                    rest = decomp.unused_data
                    consumed += len(data) - len(rest)
                    good = consumed
                    decomp = zlib.decompressobj(16 + zlib.MAX_WBITS)
                    data = rest
                else:
                    consumed += len(data)
                    data = b""
    return good


def recover_parts(directory: Path) -> list[str]:
    """Complete the WARC parts of killed runs in `directory`; return the names completed.

    A part still locked by a live writer is left alone. A torn last record is cut; a part with
    no complete record besides its ``warcinfo`` is completed all the same (it is harmless).
    """
    recovered: list[str] = []
    if not directory.is_dir():
        return recovered
    for part in sorted(directory.glob(f"*{WARC_SUFFIX}{PART_SUFFIX}")):
        try:
            fd = os.open(part, os.O_RDWR)
        except OSError:
            continue
        with os.fdopen(fd, "r+b") as file:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # a live run writes it
            good = complete_members_length(part)
            if good == 0:
                part.unlink()
                continue
            file.truncate(good)
            file.flush()
            os.fsync(fd)
            final = part.with_name(part.name[: -len(PART_SUFFIX)])
            if final.exists():
                logger.warning("not recovering %s: %s exists", part, final.name)
                continue
            part.replace(final)
            with contextlib.suppress(OSError):
                fsync_dir(directory)
            recovered.append(final.name)
    return recovered
