"""Exceptions: one `DropItem` subclass per drop reason, and the errors that stop a run."""

from __future__ import annotations

from scrapy.exceptions import DropItem


class IncompleteArticle(DropItem):
    """The page has no usable body or title."""


class DuplicateArticle(DropItem):
    """Same canonical URL or same body as an article already exported."""


class NearDuplicateArticle(DuplicateArticle):
    """Body nearly identical (MinHash Jaccard above the threshold) to an exported article."""


class OutOfRangeArticle(DropItem):
    """Published outside the `since`/`until` window of the crawl."""


class ArticleLimitReached(DropItem):
    """The crawl already exported ``max_articles`` articles."""


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


class UnchangedArticle(DuplicateArticle):
    """Refetched because its sitemap lastmod moved, but its body has not changed."""
