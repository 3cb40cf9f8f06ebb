"""Scrapy's log formatter, with a dropped article logged as one line: its URL and the reason.

Scrapy logs a dropped item at WARNING with the whole item (the body included). An article
that is not exported is an expected outcome, not a warning, and its body has no place in a
log: it is logged at INFO as ``not exported: <url>: <reason> (<detail>)``, the `reason` of
its `newscrawl.exceptions.ArticleDropped` subclass. No other record carries an item either:
another drop is ``dropped: <url>: <exception>`` (at the drop's level), a scraped item is
``scraped: <url>`` (DEBUG) and a pipeline error is ``error processing <url>`` (ERROR, with the
traceback).

A newscrawl component that is off by design (``NotConfigured("NEWSCRAWL_STATE_ENABLED is
False")``) is not a warning either: Scrapy's ``Disabled <component>: <reason>`` line is
logged at INFO for ``newscrawl.*`` components (`OffByDesignFilter`, installed on the
``scrapy.middleware`` logger when the formatter is built, before any component).

Setting: LOG_FORMATTER (newscrawl.settings points it here).
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

from scrapy.logformatter import LogFormatter

from newscrawl.exceptions import ArticleDropped

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.logformatter import LogFormatterResult
    from twisted.python.failure import Failure


_OFF_SWITCH = re.compile(r"\bNEWSCRAWL_[A-Z_]+\b|^distributed runs ")
"""A reason that names the setting that turns the component off (or the Redis mode)."""


class OffByDesignFilter(logging.Filter):
    """Lower Scrapy's ``Disabled newscrawl.…: <reason>`` warning to INFO.

    Only for a reason that names the setting that switched it off (``NEWSCRAWL_…_ENABLED is
    False``, ``NEWSCRAWL_REDIS_URL is not set``): any other reason stays a warning.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        """Return True (keep the record), at INFO when it is a newscrawl component's."""
        if (
            record.levelno == logging.WARNING
            and isinstance(record.msg, str)
            and record.msg.startswith("Disabled %(clspath)s")
            and isinstance(record.args, dict)
            and str(record.args.get("clspath", "")).startswith("newscrawl.")
            and _OFF_SWITCH.search(str(record.args.get("eargs", "")))
        ):
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True


def install_off_by_design_filter() -> None:
    """Add `OffByDesignFilter` to the ``scrapy.middleware`` logger (once)."""
    middleware_logger = logging.getLogger("scrapy.middleware")
    if not any(isinstance(f, OffByDesignFilter) for f in middleware_logger.filters):
        middleware_logger.addFilter(OffByDesignFilter())


class NewsLogFormatter(LogFormatter):
    """Log a dropped article as one INFO line, never the item."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Build the formatter; install `OffByDesignFilter` first."""
        install_off_by_design_filter()
        return cls()

    def dropped(
        self, item: Any, exception: BaseException, response: Response | Failure | None,
        spider: Spider,
    ) -> LogFormatterResult:  # fmt: skip
        """Return the one-line record of a dropped article (Scrapy's own for other drops)."""
        if not isinstance(exception, ArticleDropped):
            result = super().dropped(item, exception, response, spider)
            return {
                "level": result["level"],
                "msg": "dropped: %(url)s: %(exception)s",
                "args": {"url": _url(item), "exception": exception},
            }
        return {
            "level": logging.INFO,
            "msg": "not exported: %(url)s: %(reason)s (%(detail)s)",
            "args": {
                "url": _url(item),
                "reason": exception.reason,
                "detail": str(exception),
            },
        }

    def scraped(
        self, item: Any, response: Response | Failure | None, spider: Spider
    ) -> LogFormatterResult:
        """Return ``scraped: <url>`` at DEBUG (Scrapy's record holds the whole item)."""
        return {"level": logging.DEBUG, "msg": "scraped: %(url)s", "args": {"url": _url(item)}}

    def item_error(
        self, item: Any, exception: BaseException, response: Response | Failure | None,
        spider: Spider,
    ) -> LogFormatterResult:  # fmt: skip
        """Return ``error processing <url>`` at ERROR (without the item)."""
        return {
            "level": logging.ERROR,
            "msg": "error processing %(url)s",
            "args": {"url": _url(item)},
        }


def _url(item: Any) -> str:
    """Return the URL of an item (attribute or key), or ``?``."""
    url = getattr(item, "url", None)
    if url is None and isinstance(item, dict):
        url = item.get("url")
    return str(url or "?")
