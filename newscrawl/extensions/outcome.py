"""The run's verdict as a stat, and expected errors of the environment logged in one line.

`RunOutcome` sets the verdict of `newscrawl.run.outcome.run_failure` as the stat
``newscrawl/outcome/failure`` when the feed exporter is done, and again when the engine stops.
Expected errors of the environment (a site that cannot be reached, an output that cannot be
written) are logged by Scrapy with a traceback; `RunOutcome` makes those log records one line.

Stats: newscrawl/outcome/failure (the one-line reason, only when the run failed).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    ResponseDataLossError,
)
from twisted.internet import error as net_error

from newscrawl.exceptions import NewscrawlError
from newscrawl.run.outcome import FAILURE_STAT, run_failure

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

_NETWORK_ERRORS: tuple[type[BaseException], ...] = (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    ResponseDataLossError,
    net_error.ConnectError,
    net_error.DNSLookupError,
    net_error.TimeoutError,
    net_error.ConnectionLost,
)


class RunOutcome:
    """Set the run's verdict as a stat when the feed exporter is done and when the engine stops.

    Listed in ``EXTENSIONS`` (`newscrawl.settings`).
    Stats: newscrawl/outcome/failure.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.failure: str | None = None
        _quiet_expected_errors()
        crawler.signals.connect(self.update, signal=signals.feed_exporter_closed)
        crawler.signals.connect(self.update, signal=signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def update(self) -> None:
        """Judge the run from what is known now; record the verdict in the stats."""
        state = self.crawler.settings.getbool("NEWSCRAWL_STATE_ENABLED")
        self.failure = run_failure(self.crawler, state=state)
        if self.failure is not None:
            assert self.crawler.stats is not None
            self.crawler.stats.set_value(FAILURE_STAT, self.failure)


class _OneLineErrors(logging.Filter):
    """Log an expected error in one line: the message and the error, no traceback."""

    def __init__(self, expected: tuple[type[BaseException], ...]) -> None:
        super().__init__()
        self.expected = expected

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if exc is None or not isinstance(exc, self.expected):
            return True
        message = record.getMessage()
        detail = str(exc)
        if detail and detail not in message:
            message = f"{message}: {detail}"
        record.msg, record.args = message, None
        record.exc_info = record.exc_text = None
        return True


_QUIET_LOGGERS: dict[str, tuple[type[BaseException], ...]] = {
    # robots.txt for the rules could not be downloaded (the site is down or unknown)
    "scrapy.downloadermiddlewares.robotstxt": _NETWORK_ERRORS,
    # the feed storage could not write the output (`newscrawl.run.feeds.OutputError`)
    "scrapy.extensions.feedexport": (NewscrawlError,),
    "scrapy.utils.signal": (NewscrawlError,),
    "scrapy.core.engine": (NewscrawlError,),
}


def _quiet_expected_errors() -> None:
    for name, expected in _QUIET_LOGGERS.items():
        logger = logging.getLogger(name)
        if not any(isinstance(f, _OneLineErrors) for f in logger.filters):
            logger.addFilter(_OneLineErrors(expected))
