"""Data types of the demo sites: served pages, expected articles and the internal post records."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Protocol

TZ = timezone(timedelta(hours=3))
"""Local time of the demo sites (Damascus, UTC+03:00)."""
HTML = "text/html; charset=UTF-8"
XML = "application/xml; charset=UTF-8"
RSS = "application/rss+xml; charset=UTF-8"
TEXT = "text/plain; charset=UTF-8"


@dataclass(frozen=True, slots=True)
class Page:
    """One HTTP response of a demo site."""

    body: bytes
    content_type: str = HTML
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    """Extra response headers, e.g. ``Location`` for redirects or ``Last-Modified``."""


@dataclass(frozen=True, slots=True)
class ExpectedArticle:
    """Ground truth for one article: what a correct crawl exports for it.

    Field values are in the Article item's formats (see DESIGN.md): `published` and `modified`
    are ISO 8601 with offset; `body_paragraphs` are the paragraphs a correct extractor outputs
    (dateline kept; no editor initials, captions, "Read also" lines, "Check Also" box, related
    posts or tags).
    """

    url_path: str
    """Canonical path (+query) of the article, e.g. ``/?p=150123`` or ``/politics/200456/``."""
    title: str
    """Headline without the site-name suffix."""
    body_paragraphs: tuple[str, ...]
    published: str
    """ISO 8601 with offset, e.g. ``2018-12-03T14:05:09+03:00``."""
    modified: str | None
    """ISO 8601 with offset, or None when the page states no modification date."""
    section: str
    tags: tuple[str, ...]
    authors: tuple[str, ...]
    dateline: str | None
    """Place of the dateline (``Damascus``), or None for an article without one."""
    description: str
    """The meta/og description: the lead sentence without the dateline."""
    image_path: str
    """Path of the main image (og:image)."""
    post_id: int
    index: int
    """Position in publication order: 0 is the oldest article."""
    language: str = "en"
    revision: int = 1
    """1, plus one for each `Site.revise_article` call on this article."""
    duplicate_paths: tuple[str, ...] = ()
    """Paths of near-duplicate copies of this article (the syndicated copy) that must not be
    exported besides it."""

    @property
    def body(self) -> str:
        """Return the body as the Article item holds it: paragraphs joined by a blank line."""
        return "\n\n".join(self.body_paragraphs)

    def url(self, base_url: str) -> str:
        """Return the absolute URL of the article on a site served at `base_url`."""
        return base_url.rstrip("/") + self.url_path

    def urls(self, base_url: str) -> set[str]:
        """Return the article's URL and those of its copies.

        Exactly one of them is exported: which one depends on download order (the later one is
        the near-duplicate).
        """
        base = base_url.rstrip("/")
        return {base + self.url_path, *(base + path for path in self.duplicate_paths)}


@dataclass(frozen=True, slots=True)
class Section:
    slug: str
    name: str
    cat_id: int


@dataclass(frozen=True, slots=True)
class Author:
    slug: str
    name: str
    author_id: int


@dataclass(frozen=True, slots=True)
class Tag:
    slug: str
    name: str


@dataclass(frozen=True, slots=True)
class Post:
    """Eagerly generated, small record of one post (an article or the syndicated copy)."""

    index: int
    """Article index; for the syndicated copy, the index of its original."""
    post_id: int
    section: int
    published: datetime
    title: str
    authors: tuple[int, ...]
    tags: tuple[int, ...]
    topic: str
    attempt: int = 0
    """Retry number of the title draw (titles are unique within a site)."""
    copy_of: int | None = None
    """Article index of the original when this post is the syndicated copy."""

    @property
    def key(self) -> tuple[datetime, int]:
        """Return the sort key (publication order)."""
        return (self.published, self.post_id)


@dataclass(frozen=True, slots=True)
class Content:
    """Lazily generated body and page furniture of one post."""

    paragraphs: tuple[str, ...]
    """Body paragraphs as the extractor should output them."""
    dateline: str | None
    initials: str
    description: str
    modified: datetime | None
    captions: tuple[str, ...]
    """Gallery (sahifa) or inline figure (modern) captions; empty for none."""
    top_caption: str | None
    read_also: int | None
    """Index of an older article linked by a "Read also" line inside the body."""
    check_also: int | None
    related: tuple[int, ...]
    comments: tuple[tuple[str, str], ...]
    """(author, text) pairs."""
    empty_paragraph_after: int | None
    """Insert a ``<p>&nbsp;</p>`` after this paragraph (WordPress leftovers)."""


def esc(text: str) -> str:
    """Escape text for HTML/XML content and attributes."""
    return html.escape(text, quote=True)


def iso(dt: datetime) -> str:
    """Return ISO 8601 with offset, seconds precision: ``2018-12-03T14:05:09+03:00``."""
    return dt.isoformat(timespec="seconds")


def iso_utc(dt: datetime) -> str:
    """Return ISO 8601 in UTC with a ``+00:00`` offset (Yoast/WordPress sitemap style)."""
    return dt.astimezone(UTC).isoformat(timespec="seconds")


def rfc822(dt: datetime) -> str:
    """Return an RFC 822 date in GMT as WordPress feeds write it.

    Example: ``Mon, 03 Dec 2018 11:05:09 +0000``.
    """
    days = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    u = dt.astimezone(UTC)
    return (
        f"{days[u.weekday()]}, {u.day:02d} {months[u.month - 1]} {u.year} "
        f"{u.hour:02d}:{u.minute:02d}:{u.second:02d} +0000"
    )


def http_date(dt: datetime) -> str:
    """Return an HTTP date (``Last-Modified`` header)."""
    return rfc822(dt).replace("+0000", "GMT")


MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(dt: datetime) -> str:
    """Return ``December 3, 2018``."""
    return f"{MONTHS[dt.month - 1]} {dt.day}, {dt.year}"


class SiteData(Protocol):
    """What a theme reads of a `Site`: its settings, the post index and the generated content.

    Themes see the site through this protocol, so that they need not import `site`.
    """

    seed: int
    page_kb: int | None
    per_page: int
    sitemap_size: int
    traps: bool
    site_name: str
    start: date
    sections: tuple[Section, ...]
    section_by_slug: dict[str, int]
    tags: tuple[Tag, ...]
    tag_by_slug: dict[str, int]
    authors: tuple[Author, ...]
    author_by_slug: dict[str, int]
    article_posts: list[Post]
    posts: list[Post]
    by_id: dict[int, Post]
    by_section: list[list[Post]]
    by_tag: list[list[Post]]
    by_author: list[list[Post]]
    by_month: dict[tuple[int, int], list[Post]]
    by_day: dict[tuple[int, int, int], list[Post]]
    syndicated: Post | None

    @property
    def n_articles(self) -> int: ...

    def post_path(self, post: Post) -> str: ...

    def post_content(self, post: Post) -> Content: ...

    def tag_names(self, post: Post) -> tuple[str, ...]: ...

    def modified(self, post: Post) -> datetime | None: ...

    def lastmod(self, post: Post) -> datetime: ...

    def newest(self, n: int) -> list[Post]: ...

    def teaser(self, post: Post, n_words: int) -> str: ...
