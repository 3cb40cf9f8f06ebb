"""Archive every fetch of a crawl to WARC, and point each exported article at its page.

`WarcArchiveMiddleware` is a downloader middleware placed next to the downloader (after the
decompression middleware), so it sees each response as received: status line, headers and the
body still content-encoded. It writes a WARC/1.1 ``request`` and ``response`` record per fetch
(robots.txt, sitemaps, feeds, pages, redirects and errors alike) through `RunWarcWriter`, and
keeps the response record's place in ``request.meta["nc_warc"]``. `WarcPointerMiddleware`, a
spider middleware, copies that place into the ``warc`` key of the article the page gave.

Headers are those Scrapy kept (names in its capitalisation, repeated headers in order). A body
that reached us already decoded (no gzip magic under ``Content-Encoding: gzip``, or a
``decompressed`` flag) is written decoded, its ``Content-Encoding`` renamed
``X-Newscrawl-Decoded-Content-Encoding`` and the record marked ``WARC-Newscrawl-Decoded``; a
chunked body is written de-chunked, its ``Transfer-Encoding`` renamed
``X-Newscrawl-Transfer-Encoding``. The page's discovery hints (sitemap lastmod, feed title)
ride along in ``WARC-Newscrawl-Hints`` (JSON), so `newscrawl reextract` extracts as the crawl did.

Settings: NEWSCRAWL_WARC_ENABLED, NEWSCRAWL_WARC_MAX_SIZE, NEWSCRAWL_OUTPUT_DIR,
NEWSCRAWL_RUN_ID, NEWSCRAWL_SITE.
Stats: newscrawl/warc/{records,files,recovered,errors,bytes}.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.web.http import RESPONSES

from newscrawl.archive.files import Exchange, RunWarcWriter, recover_parts
from newscrawl.items import ArticleItem
from newscrawl.run.names import new_run_id
from newscrawl.run.names import safe_name as _safe_name
from newscrawl.run.outcome import record_failure

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Iterable
    from typing import Self

    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

META_KEY = "nc_warc"
HINTS_HEADER = "WARC-Newscrawl-Hints"
DECODED_HEADER = "WARC-Newscrawl-Decoded"


class WarcArchiveMiddleware:
    """Write every fetch as WARC request/response records; remember where each response went."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not settings.getbool("NEWSCRAWL_WARC_ENABLED"):
            raise NotConfigured("NEWSCRAWL_WARC_ENABLED is False")
        site = settings.get("NEWSCRAWL_SITE") or getattr(crawler.spider, "site_name", "") or ""
        if not site:
            raise NotConfigured("the WARC archive needs the site's name (NEWSCRAWL_SITE)")
        self.crawler = crawler
        self.directory = (Path(settings.get("NEWSCRAWL_OUTPUT_DIR")) / _safe_name(site)).absolute()
        run_id = settings.get("NEWSCRAWL_RUN_ID") or new_run_id()
        self.recovered = recover_parts(self.directory)
        for name in self.recovered:
            logger.info("recovered the WARC file of a killed run: %s", self.directory / name)
        info = {
            "newscrawl-site": site,
            "newscrawl-run-id": run_id,
            "newscrawl-profile-source": settings.get("NEWSCRAWL_PROFILE_SOURCE") or "",
            "newscrawl-start-urls": " ".join(getattr(crawler.spider, "start_urls", []) or []),
        }
        target = getattr(crawler.spider, "target", None)
        profile = getattr(target, "profile", None)
        if profile is not None:
            info["newscrawl-start-urls"] = " ".join(profile.start_urls)
        self.writer = RunWarcWriter(
            self.directory, run_id, settings.getint("NEWSCRAWL_WARC_MAX_SIZE"), info
        )
        self.failed = False
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def _inc(self, key: str, count: int = 1) -> None:
        if self.crawler.stats is not None and count:
            self.crawler.stats.inc_value(f"newscrawl/warc/{key}", count)

    def spider_opened(self) -> None:
        self._inc("recovered", len(self.recovered))

    def spider_closed(self) -> None:
        """Complete the last WARC file."""
        try:
            self.writer.close()
        except OSError as exc:
            self._failed(exc)
        self._inc("files", len(self.writer.completed))

    def _failed(self, exc: OSError) -> None:
        self._inc("errors")
        if not self.failed:
            self.failed = True
            reason = f"WARC archive in {self.directory} not written: {exc.strerror or exc}"
            logger.error("%s", reason)
            record_failure(self.crawler, "output", reason)

    def process_response(self, request: Request, response: Response) -> Response:
        """Archive `response` as received; keep its record's place in the request's meta."""
        if self.failed or _not_fetched(response):
            return response
        exchange = exchange_of(request, response)
        try:
            pointer = self.writer.write(exchange)
        except OSError as exc:
            self._failed(exc)
            return response
        self._inc("records")
        self._inc("bytes", pointer.length)
        request.meta[META_KEY] = pointer.to_dict()
        return response


class WarcPointerMiddleware:
    """Give each article the ``warc`` pointer of the response it was extracted from.

    Settings: NEWSCRAWL_WARC_ENABLED.
    """

    def __init__(self, crawler: Crawler) -> None:
        if not crawler.settings.getbool("NEWSCRAWL_WARC_ENABLED"):
            raise NotConfigured("NEWSCRAWL_WARC_ENABLED is False")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    async def process_spider_output(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        pointer = response.meta.get(META_KEY)
        async for output in result:
            if pointer is not None and isinstance(output, ArticleItem):
                output.warc = dict(pointer)
            yield output


def exchange_of(request: Request, response: Response) -> Exchange:
    """Return the fetch of `request` and `response` as it goes into the archive."""
    extra: dict[str, str] = {}
    headers: list[tuple[str, str]] = []
    flags = set(response.flags or ())
    body = response.body
    for name, value in _pairs(response.headers.items()):
        lname = name.lower()
        if lname == "transfer-encoding":
            name = "X-Newscrawl-Transfer-Encoding"
        elif lname == "content-encoding" and _decoded(value, body, flags):
            name = "X-Newscrawl-Decoded-Content-Encoding"
            extra[DECODED_HEADER] = f"content-encoding={value}"
        headers.append((name, value))
    hints = request.meta.get("nc_hints")
    if hints:
        extra[HINTS_HEADER] = json.dumps(dict(hints), sort_keys=True)
    protocol = (response.protocol or "HTTP/1.1").upper()
    if protocol == "H2":
        protocol = "HTTP/2"
    reason = RESPONSES.get(response.status, b"").decode("latin-1")
    return Exchange(
        url=response.url,
        method=request.method,
        request_headers=list(_pairs(request.headers.items())),
        request_body=request.body or b"",
        status=response.status,
        reason=reason,
        protocol=protocol if protocol.startswith("HTTP/") else "HTTP/1.1",
        response_headers=headers,
        body=body,
        fetched=dt.datetime.now(dt.UTC),
        ip_address=str(response.ip_address) if response.ip_address else None,
        extra=extra,
    )


def _not_fetched(response: Response) -> bool:
    """Say whether `response` was not downloaded now (a cached or shared copy)."""
    from newscrawl.middlewares.robots import SHARED_FLAG

    flags = set(response.flags or ())
    return "cached" in flags or SHARED_FLAG in flags


def _pairs(items: Iterable[tuple[Any, Any]]) -> Iterable[tuple[str, str]]:
    for name, values in items:
        key = name.decode("latin-1") if isinstance(name, bytes) else str(name)
        for value in values if isinstance(values, list) else [values]:
            text = value.decode("latin-1") if isinstance(value, bytes) else str(value)
            yield key, text


def _decoded(encoding: str, body: bytes, flags: set[str]) -> bool:
    """Say whether a body labelled with Content-Encoding `encoding` was decoded already."""
    if "decompressed" in flags or "decoded" in flags:
        return True
    if encoding.strip().lower() in ("gzip", "x-gzip"):
        return bool(body) and not body.startswith(b"\x1f\x8b")
    return False
