"""Scrapy's log formatter, with a dropped article logged as one line: its URL and the reason.

Scrapy logs a dropped item at WARNING with the whole item (the body included). An article
that is not exported is an expected outcome, not a warning, and its body has no place in a
log: it is logged at INFO as ``not exported: <url>: <reason> (<detail>)``, the `reason` of
its `newscrawl.exceptions.ArticleDropped` subclass. Other drops keep Scrapy's format.

Setting: LOG_FORMATTER (newscrawl.settings points it here).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy.logformatter import LogFormatter

from newscrawl.exceptions import ArticleDropped

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.http import Response
    from scrapy.logformatter import LogFormatterResult
    from twisted.python.failure import Failure


class NewsLogFormatter(LogFormatter):
    """Log a dropped article as one INFO line, never the item."""

    def dropped(
        self,
        item: Any,
        exception: BaseException,
        response: Response | Failure | None,
        spider: Spider,
    ) -> LogFormatterResult:
        """Return the one-line record of a dropped article (Scrapy's own for other drops)."""
        if not isinstance(exception, ArticleDropped):
            return super().dropped(item, exception, response, spider)
        return {
            "level": logging.INFO,
            "msg": "not exported: %(url)s: %(reason)s (%(detail)s)",
            "args": {
                "url": getattr(item, "url", None) or "?",
                "reason": exception.reason,
                "detail": str(exception),
            },
        }
