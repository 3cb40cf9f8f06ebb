"""WARC files of demo-site pages for the import tests, as a crawler would have archived them."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    from newscrawl.demo.site import Site


def write_warc(path: Path, site: Site, base: str, rels: Iterable[str | tuple[str, bytes]]) -> Path:
    """Write one ``200`` response record per path of `rels` (served at `base`), in that order.

    An item may be a pair instead: (the URL's path, the HTML archived under that URL).
    """
    with path.open("wb") as file:
        writer = WARCWriter(file, gzip=True, warc_version="1.1")
        for item in rels:
            if isinstance(item, tuple):
                rel, body, content_type = item[0], item[1], "text/html; charset=utf-8"
            else:
                page = site.get(item, base_url=base)
                assert page is not None
                assert page.status == 200
                rel, body, content_type = item, page.body, page.content_type
            http = StatusAndHeaders(
                "200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                base.rstrip("/") + rel,
                "response",
                payload=io.BytesIO(body),
                http_headers=http,
                warc_headers_dict={"WARC-Date": "2026-12-01T10:00:00Z"},
            )
            writer.write_record(record)
    return path
