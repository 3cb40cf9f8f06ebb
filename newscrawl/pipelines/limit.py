"""Stop exporting once ``-a max_articles`` articles have passed every other pipeline.

The spider also sets CLOSESPIDER_ITEMCOUNT so the crawl winds down, but pages already in
flight still arrive; this pipeline keeps the output at exactly the limit.

Stats: newscrawl/limit/dropped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newscrawl.exceptions import ArticleLimitReached

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

    from newscrawl.items import ArticleItem


class ArticleLimitPipeline:
    """Drop every article after the first ``max_articles``."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.passed = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def open_spider(self) -> None:
        self.limit: int | None = self.crawler.settings.getint("NEWSCRAWL_MAX_ARTICLES") or None

    def process_item(self, item: ArticleItem) -> ArticleItem:
        if self.limit is not None and self.passed >= self.limit:
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("newscrawl/limit/dropped")
            raise ArticleLimitReached(
                f"max_articles={self.limit} reached: {item.url}", log_level="INFO"
            )
        self.passed += 1
        return item
