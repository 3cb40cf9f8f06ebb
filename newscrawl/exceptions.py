"""Exceptions: one `DropItem` subclass per drop reason, and the errors that stop a run."""

from __future__ import annotations

from scrapy.exceptions import DropItem


class ArticleDropped(DropItem):
    """An article not exported; `reason` names why in stats and logs (``not_exported/…``)."""

    reason = "dropped"


class IncompleteArticle(ArticleDropped):
    """The page has no usable body or title."""

    reason = "no_body"


class ShortArticle(IncompleteArticle):
    """The body is shorter than NEWSCRAWL_CLEAN_MIN_BODY_WORDS."""

    reason = "short_body"


class DuplicateArticle(ArticleDropped):
    """Same canonical URL or same body as an article already exported."""

    reason = "duplicate"


class NearDuplicateArticle(DuplicateArticle):
    """Body nearly identical (MinHash Jaccard above the threshold) to an exported article."""

    reason = "near_duplicate"


class OutOfRangeArticle(ArticleDropped):
    """Published outside the `since`/`until` window of the crawl."""

    reason = "out_of_window"


class ArticleLimitReached(ArticleDropped):
    """The crawl already exported ``max_articles`` articles."""

    reason = "over_limit"


class NewscrawlError(Exception):
    """An error that ends a run with one readable line and a non-zero exit."""


class ProfileError(NewscrawlError):
    """A site profile that cannot be loaded: names the file, the key and the problem."""


class ArgumentError(NewscrawlError):
    """A bad spider or command-line argument."""


class StateError(NewscrawlError):
    """The run state cannot be opened, read or written."""


class AlreadyExportedArticle(DuplicateArticle):
    """Exported by an earlier run, and not changed since (by its modified date)."""

    reason = "already_exported"


class UnchangedArticle(DuplicateArticle):
    """Refetched because its sitemap lastmod moved, but its body has not changed."""

    reason = "unchanged"
