"""Conditional requests for sitemaps and feeds: what did not change is not downloaded again.

The last clean run recorded the ``ETag`` and ``Last-Modified`` of each feed and each sitemap of
article URLs it read whole (`IncrementalMiddleware` does; not of a sitemap index, which can stay
the same while the child sitemaps it lists change). This downloader middleware sends them back
(``If-None-Match``, ``If-Modified-Since``). A ``304 Not Modified`` answer ends the request with
`NotModified`, an `IgnoreRequest`: the clean run that recorded the validators handled every URL
the source lists, and the source has not changed since. News sitemaps and feeds named in
robots.txt, which carry no ``lastmod`` to compare, are the sources this saves most on.

After a ``304`` the recorded watermark is noted for this run again, with the new ``lastmod``
if the sitemap's index moved it (a clean run's watermarks replace whole records).

Settings: NEWSCRAWL_STATE_ENABLED (off: not configured), NEWSCRAWL_CONDITIONAL_ENABLED,
NEWSCRAWL_STATE_REFRESH (everything is fetched again: no conditional requests),
NEWSCRAWL_REDIS_URL (distributed runs: not configured, see `__init__`).
Stats: newscrawl/conditional/{sent,not_modified,listed} (``listed``: the article URLs the
unchanged sources listed when last read; the ``min articles`` monitor counts them as found).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from scrapy.exceptions import IgnoreRequest, NotConfigured

from newscrawl.run.ledger import ledger_of
from newscrawl.run.state.base import Watermark
from newscrawl.utils.settings import require_enabled
from newscrawl.utils.stats import StatsCounter

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

KINDS = frozenset({"sitemap", "feed"})
"""Request kinds (``nc_kind`` meta) sent as conditional requests."""
_META = "nc_watermark"
"""Request meta: the recorded `Watermark` whose validators were sent, as a dict."""


class NotModified(IgnoreRequest):
    """The source answered ``304 Not Modified`` to a conditional request."""


class ConditionalRequestMiddleware:
    """Send a source's validators from the last clean run; stop at ``304 Not Modified``."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        require_enabled(settings, "NEWSCRAWL_STATE_ENABLED")
        require_enabled(settings, "NEWSCRAWL_CONDITIONAL_ENABLED", default=True)
        if settings.getbool("NEWSCRAWL_STATE_REFRESH"):
            raise NotConfigured("NEWSCRAWL_STATE_REFRESH: everything is fetched again")
        if settings.get("NEWSCRAWL_REDIS_URL"):
            # Each worker judges only its own run clean: one worker's validators could make
            # the next round skip a source whose articles failed in another worker.
            raise NotConfigured("distributed runs read every feed and sitemap")
        self.ledger = ledger_of(crawler)
        self._inc = StatsCounter(crawler, "newscrawl/conditional")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        """Add the validators recorded for the requested sitemap or feed, if any."""
        if request.meta.get("nc_kind") not in KINDS:
            return
        # A redirect copies the headers and meta of the request it follows: those validators
        # belong to the other URL.
        request.meta.pop(_META, None)
        for name in ("If-None-Match", "If-Modified-Since"):
            request.headers.pop(name, None)
        run = self.ledger
        if run is None:
            return
        mark = run.state.watermarks([request.url]).get(request.url)
        if mark is None or not mark.validators:
            return
        for name, value in mark.validators.items():
            request.headers[name] = value
        request.meta[_META] = dataclasses.asdict(mark)
        self._inc("sent")

    def process_response(self, request: Request, response: Response) -> Response:
        """Stop at ``304 Not Modified``, keeping the validators for the next run."""
        recorded = request.meta.get(_META)
        if response.status != 304 or not recorded:
            return response
        self._inc("not_modified")
        self._inc("listed", recorded.get("listed") or 0)
        run = self.ledger
        if run is not None:
            # Noted for this run already (a new lastmod in the index), or to be noted later:
            # either way the validators stay with it.
            mark = Watermark(**recorded)
            noted = run.noted_watermark(request.url)
            run.note_watermark(
                dataclasses.replace(
                    noted, etag=mark.etag, last_modified=mark.last_modified, listed=mark.listed
                )
                if noted
                else mark
            )
        raise NotModified(f"not modified since the last clean run: {request.url}")
