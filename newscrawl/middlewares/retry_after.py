"""Honour ``Retry-After`` on 429 and 503 responses, up to a bound, by pausing the download slot.

Scrapy's RetryMiddleware retries these statuses at once; a server that asked us to come back
in 30 seconds is then hit again immediately, and the retries are spent in a burst. This
middleware sees the response first, records "not before <time>" for the response's download
slot (its host), and holds every request to that slot until then, the retry included.

A ``Retry-After`` longer than NEWSCRAWL_RETRY_AFTER_MAX_DELAY waits only that long (the retry
then most likely meets the same answer, and RetryMiddleware's RETRY_TIMES ends it).
"""

from __future__ import annotations

import email.utils
import logging
import time
from typing import TYPE_CHECKING

from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import task

from newscrawl.middlewares.slot_delay import SlotDelayMiddleware

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)


def parse_retry_after(value: bytes | str | None, now: float | None = None) -> float | None:
    """Return the seconds a ``Retry-After`` value asks to wait, or None when it is invalid.

    The value is either delay-seconds (``120``) or an HTTP date; a date in the past is 0.
    """
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return float(int(text[:12]))
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when is None or when.tzinfo is None:
        return None
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)


class RetryAfterMiddleware(SlotDelayMiddleware):
    """Pause a download slot for the ``Retry-After`` a 429/503 response asks for (bounded).

    Settings: NEWSCRAWL_RETRY_AFTER_ENABLED (default True), NEWSCRAWL_RETRY_AFTER_MAX_DELAY
    (seconds, default 60), NEWSCRAWL_RETRY_AFTER_HTTP_CODES (default [429, 503]),
    NEWSCRAWL_RETRY_AFTER_DEFAULT_429_DELAY (pause after a 429 without a usable Retry-After;
    default 5 s, 0 to retry at once).
    Stats: newscrawl/retry_after/{honoured,capped,default_429,held_requests}.
    """

    enabled_setting = "NEWSCRAWL_RETRY_AFTER_ENABLED"
    max_delay_setting = "NEWSCRAWL_RETRY_AFTER_MAX_DELAY"
    stats_name = "retry_after"

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        settings = crawler.settings
        self.codes = {int(c) for c in settings.getlist("NEWSCRAWL_RETRY_AFTER_HTTP_CODES")}
        self.default_429 = min(
            settings.getfloat("NEWSCRAWL_RETRY_AFTER_DEFAULT_429_DELAY"), self.max_delay
        )
        self.not_before: dict[str, float] = {}
        """Download slot key -> `time.monotonic()` before which no request is sent to it."""

    async def process_request(self, request: Request) -> None:
        """Hold `request` while its slot is paused."""
        key = self.slot_key(request)
        until = self.not_before.get(key)
        if until is None:
            return
        remaining = until - time.monotonic()
        if remaining <= 0:
            self.not_before.pop(key, None)
            return
        self.stats.inc_value("newscrawl/retry_after/held_requests")
        from twisted.internet import reactor

        await maybe_deferred_to_future(task.deferLater(reactor, remaining))

    def process_response(self, request: Request, response: Response) -> Response:
        """Record the pause a 429/503 response asks for; pass the response on for retrying."""
        if response.status not in self.codes:
            return response
        wait = parse_retry_after(response.headers.get(b"Retry-After"))
        if wait is None:
            if response.status != 429 or self.default_429 <= 0:
                return response
            # "Too Many Requests" without a usable Retry-After: back off all the same
            wait = self.default_429
            self.stats.inc_value("newscrawl/retry_after/default_429")
        else:
            if wait > self.max_delay:
                logger.info(
                    "retry-after %.0fs from %s is above the bound; waiting %.0fs",
                    wait,
                    request.url,
                    self.max_delay,
                )
            wait = self.bounded(wait)
            self.stats.inc_value("newscrawl/retry_after/honoured")
        key = self.slot_key(request)
        until = time.monotonic() + wait
        self.not_before[key] = max(until, self.not_before.get(key, 0.0))
        return response
