"""Count every article that was extracted but not exported, by reason.

The spider counts the candidate article URLs whose page was no article
(``newscrawl/not_exported/not_article``); this extension counts the articles the pipelines
dropped, by the `reason` of their `newscrawl.exceptions.ArticleDropped` subclass (``no_body``,
``short_body``, ``duplicate``, ``near_duplicate``, ``already_exported``, ``unchanged``,
``out_of_window``, ``over_limit``). The run manifest lists them under
``articles.not_exported``; `newscrawl.console.logformatter` logs each once, at INFO.

Stats: newscrawl/not_exported/<reason>.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy import signals

from newscrawl.exceptions import ArticleDropped

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler


class NotExportedCounter:
    """Count dropped articles by reason (``newscrawl/not_exported/<reason>``)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def item_dropped(self, item: Any, exception: BaseException, **kwargs: Any) -> None:
        """Count one dropped item under its reason."""
        assert self.crawler.stats is not None
        reason = exception.reason if isinstance(exception, ArticleDropped) else "dropped"
        self.crawler.stats.inc_value(f"newscrawl/not_exported/{reason}")
