"""Scrapy's meta-refresh redirects, without decoding pages that cannot hold one.

Scrapy's MetaRefreshMiddleware looks for ``<meta http-equiv="refresh" …>`` in the first 4,096
characters of every HTML response, and to get them decodes the whole body (``response.text``):
a 60 KB page decoded in the crawl process for a tag almost no page has (the workers decode
it again for the extraction).

w3lib takes a meta element for a refresh only when its attributes, lower-cased, hold
"refresh" (``str.lower`` turns no other character into one of these letters). In an encoding
that writes each ASCII character as its own single byte and holds no state (UTF-8, ASCII, the
ISO-8859 and Windows code pages) those characters are the bytes ``refresh``, and 4,096
characters are at most 4 times 4,096 bytes after a byte order mark: a body whose first 16,387
bytes, lower-cased, do not hold ``refresh`` has no meta refresh, and is passed on untouched.
Every other response goes through Scrapy's middleware.
"""

from __future__ import annotations

import codecs
import functools
from typing import TYPE_CHECKING

from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.http import HtmlResponse

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.http import Response

_SCANNED_BYTES = 3 + 4 * 4096
"""A UTF-8 byte order mark, then 4,096 characters of at most 4 bytes each."""
_UTF16_32_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")
"""Byte order marks that make Scrapy decode a body as UTF-16 or UTF-32, whatever its label."""
_ASCII_CODECS = frozenset(
    ["utf-8", "ascii", "latin-1"]
    + [f"iso8859-{n}" for n in (*range(2, 12), *range(13, 17))]
    + [f"cp{n}" for n in range(1250, 1259)]
)
"""Python's names of the encodings whose bytes below 0x80 are always ASCII characters alone."""


@functools.lru_cache(maxsize=64)
def _ascii_transparent(encoding: str) -> bool:
    """Say whether `encoding` writes every ASCII character as its own byte, statelessly."""
    try:
        return codecs.lookup(encoding).name in _ASCII_CODECS
    except LookupError:
        return False


def may_hold_meta_refresh(response: HtmlResponse) -> bool:
    """Say whether Scrapy's `get_meta_refresh` could find a refresh in `response`.

    False only when it surely cannot (see the module docstring).
    """
    head = response.body[:_SCANNED_BYTES]
    if head.startswith(_UTF16_32_BOMS) or not _ascii_transparent(response.encoding):
        return True
    return b"refresh" in head.lower()


class QuickMetaRefreshMiddleware(MetaRefreshMiddleware):
    """Scrapy's MetaRefreshMiddleware, skipping the pages that cannot hold a meta refresh.

    Settings: METAREFRESH_ENABLED, METAREFRESH_IGNORE_TAGS, METAREFRESH_MAXDELAY (Scrapy's).
    """

    def process_response(  # type: ignore[override]
        self, request: Request, response: Response
    ) -> Request | Response:
        if isinstance(response, HtmlResponse) and not may_hold_meta_refresh(response):
            return response
        return super().process_response(request, response)
