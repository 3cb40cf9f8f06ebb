"""Drop articles published outside the crawl's ``since``/``until`` window.

The spider already skips sitemap and feed entries whose dates fall outside the window
before fetching them; this catches the articles found through listing pages. Articles
without a published date are kept (and counted): nothing says they are out of range.

Settings: NEWSCRAWL_SINCE, NEWSCRAWL_UNTIL (the run context, `newscrawl.addons.run_context`).
Stats: newscrawl/window/{dropped/before,dropped/after,undated}.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from newscrawl.exceptions import OutOfRangeArticle
from newscrawl.run.context import window_of

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

    from newscrawl.items import ArticleItem


class DateWindowPipeline:
    """Drop articles published before ``-a since`` or after ``-a until``."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def open_spider(self) -> None:
        self.since, self.until = window_of(self.crawler.settings)

    def process_item(self, item: ArticleItem) -> ArticleItem:
        if self.since is None and self.until is None:
            return item
        stats = self.crawler.stats
        assert stats is not None
        published = _parse(item.published)
        if published is None:
            stats.inc_value("newscrawl/window/undated")
            return item
        if self.since is not None and published < self.since:
            stats.inc_value("newscrawl/window/dropped/before")
            raise OutOfRangeArticle(f"published {item.published} before since: {item.url}")
        if self.until is not None and published > self.until:
            stats.inc_value("newscrawl/window/dropped/after")
            raise OutOfRangeArticle(f"published {item.published} after until: {item.url}")
        return item


def _parse(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
