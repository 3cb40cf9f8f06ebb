"""How the spider counts a request that failed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError

if TYPE_CHECKING:
    from twisted.python.failure import Failure


def failure_stat(failure: Failure) -> str:
    """Return the ``newscrawl/spider/`` stat of a failed request.

    Requests a middleware refused on purpose (`IgnoreRequest`: SSRF guard, content filter,
    size and redirect limits, not modified) are ``skipped/ignored``, not errors; the
    middleware that refused them counts the reason. So is a page answered with a client error
    (404, 410: gone for good), and any HTTP error of a sitemap or feed path only guessed (meta
    ``nc_guessed``). A server error, 408 or 429 left after the retries is ``errors/<request
    kind>``: the page may answer next time, so the run is not clean and records no watermark
    that would let the next run skip it. So is every other failure (DNS, refused, timeout).
    """
    request = getattr(failure, "request", None)
    if isinstance(failure.value, HttpError):
        status = failure.value.response.status
        transient = status >= 500 or status in (408, 429)
        if not transient or (request is not None and request.meta.get("nc_guessed")):
            return "skipped/ignored"
    elif isinstance(failure.value, IgnoreRequest):
        return "skipped/ignored"
    kind = request.meta.get("nc_kind", "page") if request is not None else "page"
    return f"errors/{kind}"
