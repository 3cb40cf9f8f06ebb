"""Exceptions: one `DropItem` subclass per drop reason, and the errors that stop a run."""

from __future__ import annotations

from scrapy.exceptions import DropItem


class ArticleDropped(DropItem):
    """An article not exported; `reason` names why in stats and logs (``not_exported/…``).

    A subclass names its reason in the class line: ``class X(ArticleDropped, reason="…")``.
    """

    reason = "dropped"

    def __init_subclass__(cls, *, reason: str, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        cls.reason = reason


class IncompleteArticle(ArticleDropped, reason="no_body"):
    """The page has no usable body or title."""


class ShortArticle(IncompleteArticle, reason="short_body"):
    """The body is shorter than NEWSCRAWL_CLEAN_MIN_BODY_WORDS."""


class DuplicateArticle(ArticleDropped, reason="duplicate"):
    """Same canonical URL or same body as an article already exported."""


class NearDuplicateArticle(DuplicateArticle, reason="near_duplicate"):
    """Body nearly identical (MinHash Jaccard above the threshold) to an exported article."""


class AlreadyExportedArticle(DuplicateArticle, reason="already_exported"):
    """Exported by an earlier run, and not changed since (by its modified date)."""


class UnchangedArticle(DuplicateArticle, reason="unchanged"):
    """Refetched because its sitemap lastmod moved, but its body has not changed."""


class OutOfRangeArticle(ArticleDropped, reason="out_of_window"):
    """Published outside the `since`/`until` window of the crawl."""


class ArticleLimitReached(ArticleDropped, reason="over_limit"):
    """The crawl already exported ``max_articles`` articles."""


class NewscrawlError(Exception):
    """An error that ends a run with one readable line and a non-zero exit."""


class ProfileError(NewscrawlError):
    """A site profile that cannot be loaded: names the file, the key and the problem."""


class ArgumentError(NewscrawlError):
    """A bad spider or command-line argument."""


class StateError(NewscrawlError):
    """The run state cannot be opened, read or written."""
