"""Clean and validate articles: Unicode NFC, entities, zero-width characters, whitespace.

Settings: NEWSCRAWL_CLEAN_MIN_BODY_WORDS.
Stats: newscrawl/clean/{cleaned,dropped/no_body,dropped/short_body,missing/<field>}.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newscrawl.exceptions import IncompleteArticle, ShortArticle
from newscrawl.extract.text import body_hash, count_words, normalize_text

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

    from newscrawl.items import ArticleItem

_TEXT_FIELDS = ("title", "description", "section", "dateline")
_REPORTED_MISSING = ("title", "published", "language", "authors")


class CleanArticlePipeline:
    """Normalise every text field, recompute `body_hash`/`word_count`, drop bodiless pages."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.min_words = crawler.settings.getint("NEWSCRAWL_CLEAN_MIN_BODY_WORDS")
        if self.min_words < 0:
            raise ValueError(f"NEWSCRAWL_CLEAN_MIN_BODY_WORDS must be >= 0, got {self.min_words}")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_item(self, item: ArticleItem) -> ArticleItem:
        assert self.stats is not None
        for name in _TEXT_FIELDS:
            value = getattr(item, name)
            if value is not None:
                setattr(item, name, normalize_text(value) or None)
        item.authors = _unique(normalize_text(a) for a in item.authors)
        item.tags = _unique(normalize_text(t) for t in item.tags)
        item.body = normalize_text(item.body or "")
        if not item.body:
            self.stats.inc_value("newscrawl/clean/dropped/no_body")
            raise IncompleteArticle(f"no body text in {item.url}")
        item.word_count = count_words(item.body)
        if item.word_count < self.min_words:
            self.stats.inc_value("newscrawl/clean/dropped/short_body")
            raise ShortArticle(f"body of {item.word_count} words in {item.url}")
        item.body_hash = body_hash(item.body, normalized=True)
        for name in _REPORTED_MISSING:
            if not getattr(item, name):
                self.stats.inc_value(f"newscrawl/clean/missing/{name}")
        self.stats.inc_value("newscrawl/clean/cleaned")
        return item


def _unique(values: object) -> list[str]:
    out: dict[str, None] = {}
    for value in values:  # type: ignore[attr-defined]
        if value and value.casefold() not in {k.casefold() for k in out}:
            out[value] = None
    return list(out)
