"""Download a remote WARC file, resuming where a dropped connection left it.

`fetch_archive` writes ``<downloads>/<name>.part`` and renames it to ``<name>`` once whole. A
connection that drops mid-file (the server closes it, a reset, a timeout, fewer bytes than
announced) is resumed at once with a ``Range: bytes=<have>-`` request, up to `ATTEMPTS` tries
in all; a part left by an earlier run is resumed the same way. A server that ignores ``Range``
(``200`` instead of ``206``, or a ``206`` from another offset) sends the whole file again: the
part is rewritten from its start, so no byte is doubled. Whether a file is whole is known from
``Content-Length`` (``200``) or the total of ``Content-Range`` (``206``); a server that gives
neither is trusted when it ends the body.
"""

from __future__ import annotations

import http.client
import re
import time
import urllib.request
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit

from newscrawl.exceptions import NewscrawlError

ATTEMPTS = 5
"""Requests made for one file before giving up (the part is kept: a later run resumes it)."""
TIMEOUT = 60.0
"""Seconds without a byte before a connection counts as dropped."""
_CHUNK = 1 << 20
_CONTENT_RANGE = re.compile(r"bytes (\d+)-\d+/(\d+|\*)")


class _Dropped(Exception):
    """The body ended before the announced length."""


def fetch_archive(url: str, downloads: Path) -> Path:
    """Download `url` into `downloads` (resuming a part left by an earlier try); return it.

    Raise `NewscrawlError` (one line) when the server refuses it or the connection keeps dropping.
    """
    name = Path(urlsplit(url).path).name or "archive.warc.gz"
    target = downloads / name
    if target.exists():
        return target
    downloads.mkdir(parents=True, exist_ok=True)
    part = target.with_name(name + ".part")
    reason = ""
    for attempt in range(ATTEMPTS):
        if attempt:
            time.sleep(min(attempt - 1, 4))  # resume at once, then back off
        try:
            _download(url, part)
        except HTTPError as exc:
            if exc.code == 416 and part.exists() and part.stat().st_size:
                break  # nothing after the bytes we have: the part is whole
            raise NewscrawlError(f"{url}: download failed: HTTP {exc.code}") from None
        except (_Dropped, URLError, OSError, http.client.HTTPException) as exc:
            reason = str(getattr(exc, "reason", None) or exc) or type(exc).__name__
            continue
        break
    else:
        raise NewscrawlError(
            f"{url}: download failed after {ATTEMPTS} tries (run again to resume): {reason}"
        )
    part.replace(target)
    return target


def _download(url: str, part: Path) -> None:
    """Add to `part` what the server sends of `url` after its bytes; raise `_Dropped` if cut."""
    have = part.stat().st_size if part.exists() else 0
    request = urllib.request.Request(url, headers={"Range": f"bytes={have}-"} if have else {})
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
        total: int | None
        if response.status == 206:
            match = _CONTENT_RANGE.match(response.headers.get("Content-Range") or "")
            if match is None or int(match.group(1)) != have:
                part.unlink()  # not the range asked for: start again from the first byte
                raise _Dropped(f"bad Content-Range for bytes={have}-: {match and match.group()}")
            total = int(match.group(2)) if match.group(2) != "*" else None
            mode = "ab"
        else:  # the whole file (no part yet, or the server ignored Range): rewrite the part
            length = response.headers.get("Content-Length") or ""
            total = int(length) if length.isdigit() else None
            mode = "wb"
        with part.open(mode) as file:
            while chunk := response.read(_CHUNK):
                file.write(chunk)
            size = file.tell()
    if total is not None and size < total:
        raise _Dropped(f"connection dropped after {size} of {total} bytes")
