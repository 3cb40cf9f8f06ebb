"""Deterministic synthetic WordPress-like news sites, generated lazily, with their ground truth.

`Site()` returns a `Site`: a small eager index of posts (ids, dates, titles, sections, tags,
authors) plus lazily generated pages. `Site.get(path)` renders one response on demand, so a site
of 50,000 articles costs a few megabytes; `Site.articles` gives the expected export of every
article. Everything derives from `seed` through `random.Random` (no wall clock, no global state):
the same arguments give the same bytes, and article *i* does not depend on how many articles
follow it, so ``Site(n_articles=N + k)`` keeps the first N articles (and their pages)
identical. `Site.add_articles(k)` does the same in place, for a site that is being served.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import overload
from urllib.parse import parse_qsl, urlsplit

from newscrawl.demo.archive import Archive
from newscrawl.demo.model import ExpectedArticle, Page


class Site(Archive):
    """A generated news site: pages served by `get`, ground truth in `articles`.

    `Site(theme=…, n_articles=…)` makes one. The site may grow or change while it is served:
    `add_articles`, `revise_article` and `touch_article` are thread-safe.
    """

    # -- public API -------------------------------------------------------------------------

    @property
    def articles(self) -> Sequence[ExpectedArticle]:
        """Return the ground truth of every article, oldest first (generated on access)."""
        return _ArticleList(self)

    def article(self, index: int) -> ExpectedArticle:
        """Return the ground truth of article `index` (0 is the oldest)."""
        with self._lock:
            post = self.article_posts[index]
            revision = self._revisions.get(index, 0)
        content = self.content(post, revision)
        duplicates: tuple[str, ...] = ()
        if self.syndicated is not None and self.syndicated.copy_of == index:
            duplicates = (self.post_path(self.syndicated),)
        modified = self.modified(post)
        return ExpectedArticle(
            url_path=self.post_path(post),
            title=post.title,
            body_paragraphs=content.paragraphs,
            published=post.published.isoformat(timespec="seconds"),
            modified=(
                modified.isoformat(timespec="seconds")
                if modified is not None
                else (
                    post.published.isoformat(timespec="seconds")
                    if self.theme.facts.always_modified
                    else None
                )
            ),
            section=self.sections[post.section].name,
            tags=self.tag_names(post),
            authors=tuple(self.authors[a].name for a in post.authors),
            dateline=content.dateline,
            description=content.description,
            image_path=self.theme.image_path(self, post),
            post_id=post.post_id,
            index=index,
            revision=1 + revision,
            duplicate_paths=duplicates,
        )

    def get(self, path: str, base_url: str | None = None) -> Page | None:
        """Return the response for `path` (path and query, any parameter order), or None (404).

        Links in the page are absolute, built on `base_url` (default: `self.base_url`).
        """
        base = (base_url or self.base_url).rstrip("/")
        parts = urlsplit(path)
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        return self.theme.route(self, parts.path or "/", query, base)

    def not_found(self, base_url: str | None = None) -> Page:
        """Return the 404 page."""
        return self.theme.not_found(self, (base_url or self.base_url).rstrip("/"))

    @property
    def pages(self) -> Mapping[str, Page]:
        """Return a lazy mapping of every linked path to its page (rendered on access)."""
        return _PageMap(self)

    def article_paths(self) -> list[str]:
        """Return the canonical paths of all articles, oldest first."""
        with self._lock:
            return [self.post_path(p) for p in self.article_posts]

    def non_article_paths(self) -> list[str]:
        """Return every linked HTML page that must never be exported as an article.

        Home and its pagination, sections, tags, authors and date archives (with pagination),
        about, contact and a search page, the print/AMP and tracking variants of articles (their
        canonical URL is the article's), and the syndicated copy (a near-duplicate).
        """
        with self._lock:
            return list(self.theme.non_article_paths(self))

    def variant_paths(self) -> list[str]:
        """Return the linked print/AMP and tracking variants (a subset of non-article paths)."""
        with self._lock:
            return list(self.theme.variant_paths(self))

    def feed_paths(self) -> list[str]:
        """Return the RSS feed paths."""
        return list(self.theme.feed_paths)

    def sitemap_paths(self) -> list[str]:
        """Return every sitemap path (index first)."""
        with self._lock:
            return list(self.theme.sitemap_paths(self))

    def paths(self) -> list[str]:
        """Return every linked path: robots.txt, sitemaps, feeds, articles and other pages."""
        return [
            "/robots.txt",
            *self.sitemap_paths(),
            *self.feed_paths(),
            *self.article_paths(),
            *self.non_article_paths(),
        ]

    def syndicated_path(self) -> str | None:
        """Return the path of the syndicated copy (a near-duplicate of article 0)."""
        return self.post_path(self.syndicated) if self.syndicated else None

    def add_articles(self, k: int) -> list[ExpectedArticle]:
        """Publish `k` new articles (newer than all others) and return their ground truth.

        Existing articles and their pages stay byte-identical; listings, feeds and sitemaps
        change as on a real site.
        """
        with self._lock:
            first = self.n_articles
            self._grow(first + k)
        return [self.article(i) for i in range(first, first + k)]

    def revise_article(self, index: int) -> ExpectedArticle:
        """Change article `index`: add an update paragraph and move its modification date.

        The sitemap lastmod, `article:modified_time`/`dateModified` and Last-Modified header move
        on; the new ground truth (``revision`` + 1) is returned.
        """
        with self._lock:
            self._revisions[index] = self._revisions.get(index, 0) + 1
        return self.article(index)

    def touch_article(self, index: int) -> ExpectedArticle:
        """Move the modification date of article `index` without changing its text."""
        with self._lock:
            self._touches[index] = self._touches.get(index, 0) + 1
        return self.article(index)


class _ArticleList(Sequence[ExpectedArticle]):
    """A read-only view of `Site.articles`, generated on access."""

    def __init__(self, site: Site) -> None:
        self._site = site

    def __len__(self) -> int:
        return self._site.n_articles

    @overload
    def __getitem__(self, index: int) -> ExpectedArticle: ...

    @overload
    def __getitem__(self, index: slice) -> list[ExpectedArticle]: ...

    def __getitem__(self, index: int | slice) -> ExpectedArticle | list[ExpectedArticle]:
        if isinstance(index, slice):
            return [self._site.article(i) for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._site.article(index)


class _PageMap(Mapping[str, Page]):
    """A lazy mapping of the linked paths of a site to their pages."""

    def __init__(self, site: Site) -> None:
        self._site = site
        self._paths = site.paths()

    def __getitem__(self, path: str) -> Page:
        page = self._site.get(path)
        if page is None:
            raise KeyError(path)
        return page

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)
