"""Count the responses the size limits stop: oversized downloads and decompression bombs.

Scrapy enforces DOWNLOAD_MAXSIZE itself: the download handler cancels a body that grows past
it, and HttpCompressionMiddleware stops decompressing there (a gzip bomb costs at most
DOWNLOAD_MAXSIZE of memory). Both only log. This subclass of HttpCompressionMiddleware, in
its place, also counts them, so a run's stats say how many pages the limits dropped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.http import Response


class SizeLimitStatsMiddleware(HttpCompressionMiddleware):
    """Decompress responses (as Scrapy does) and count those over DOWNLOAD_MAXSIZE.

    Settings: DOWNLOAD_MAXSIZE, DOWNLOAD_WARNSIZE, COMPRESSION_ENABLED (Scrapy's own).
    Stats: newscrawl/limits/too_large/{download,decompressed}.
    """

    def process_response(  # type: ignore[override]
        self, request: Request, response: Response
    ) -> Request | Response:
        """Decompress `response`; count it when its decompressed size is over the limit."""
        try:
            return super().process_response(request, response)
        except IgnoreRequest:
            if self.stats is not None:
                self.stats.inc_value("newscrawl/limits/too_large/decompressed")
            raise

    def process_exception(self, request: Request, exception: Exception) -> None:
        """Count downloads cancelled for exceeding DOWNLOAD_MAXSIZE.

        A body announced too large is cancelled with a message naming the max size; one that
        grows too large while streaming is cancelled with no message.
        """
        if not isinstance(exception, DownloadCancelledError) or self.stats is None:
            return
        message = str(exception)
        if not message or "max size" in message:
            self.stats.inc_value("newscrawl/limits/too_large/download")
