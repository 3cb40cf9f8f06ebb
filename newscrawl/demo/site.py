"""Deterministic synthetic WordPress-like news sites, generated lazily, with their ground truth.

`build_site()` returns a `Site`: a small eager index of posts (ids, dates, titles, sections, tags,
authors) plus lazily generated pages. `Site.get(path)` renders one response on demand, so a site
of 50,000 articles costs a few megabytes; `Site.articles` gives the expected export of every
article. Everything derives from `seed` through `random.Random` (no wall clock, no global state):
the same arguments give the same bytes, and article *i* does not depend on how many articles
follow it, so ``build_site(n_articles=N + k)`` keeps the first N articles (and their pages)
identical. `Site.add_articles(k)` does the same in place, for a site that is being served.
"""

from __future__ import annotations

import bisect
import functools
import random
import threading
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, overload
from urllib.parse import parse_qsl, urlsplit

from newscrawl.demo import text, vocab
from newscrawl.demo.model import TZ, Author, Content, ExpectedArticle, Page, Post, Section, Tag

if TYPE_CHECKING:
    from newscrawl.demo._base import Theme

THEMES = ("sahifa", "modern")
DEFAULT_BASE_URL = "http://127.0.0.1/"
_SYNDICATED_ORIGINAL = 0
"""Index of the article that has a syndicated copy (stable whatever the number of articles)."""
_TITLE_ATTEMPTS = 3
"""Redraws of a title that an older article already has, before accepting the repeat."""
_FOREIGN_DATELINES = ("New York", "Moscow", "Beijing", "Baghdad", "Beirut", "Geneva")


def _theme(name: str) -> Theme:
    if name == "sahifa":
        from newscrawl.demo._sahifa import SahifaTheme

        return SahifaTheme()
    if name == "modern":
        from newscrawl.demo._modern import ModernTheme

        return ModernTheme()
    raise ValueError(f"unknown demo theme {name!r}; choose one of {', '.join(THEMES)}")


class Site:
    """A generated news site: pages served by `get`, ground truth in `articles`.

    Use `build_site` to make one. The site may grow or change while it is served:
    `add_articles`, `revise_article` and `touch_article` are thread-safe.
    """

    def __init__(
        self,
        *,
        theme: str,
        n_articles: int,
        seed: int,
        page_kb: int | None,
        sections: Sequence[str] | None,
        start: date | None,
        per_page: int,
        sitemap_size: int,
        traps: bool,
        base_url: str,
    ) -> None:
        if n_articles < 1:
            raise ValueError("n_articles must be at least 1")
        self.theme_name = theme
        self.theme = _theme(theme)
        self.seed = seed
        self.page_kb = page_kb
        self.per_page = per_page
        self.sitemap_size = sitemap_size
        self.traps = traps
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.site_name = self.theme.site_name
        names = list(sections) if sections else list(self.theme.default_sections)
        if len({text.slugify(n) for n in names}) != len(names):
            raise ValueError("section names must have distinct slugs")
        self.sections = tuple(
            Section(slug=text.slugify(n), name=n, cat_id=k + 2) for k, n in enumerate(names)
        )
        self.section_by_slug = {s.slug: k for k, s in enumerate(self.sections)}
        self.start = start or self.theme.default_start
        rng = random.Random(f"newscrawl-demo/{seed}/people")
        people: list[str] = []
        while len(people) < 6:
            name = text.make_person(rng)
            if name not in people:
                people.append(name)
        self.authors = tuple(
            Author(slug=text.slugify(n), name=n, author_id=k + 2) for k, n in enumerate(people)
        )
        self.tags = tuple(Tag(slug=text.slugify(n), name=n) for n in vocab.TAG_NAMES)
        self.tag_by_slug = {t.slug: k for k, t in enumerate(self.tags)}
        self.author_by_slug = {a.slug: k for k, a in enumerate(self.authors)}
        self._lock = threading.RLock()
        self._titles: set[str] = set()
        self.article_posts: list[Post] = []
        self.posts: list[Post] = []
        """All posts (articles and the syndicated copy) in publication order, oldest first."""
        self.by_id: dict[int, Post] = {}
        self.by_section: list[list[Post]] = [[] for _ in self.sections]
        self.by_tag: list[list[Post]] = [[] for _ in self.tags]
        self.by_author: list[list[Post]] = [[] for _ in self.authors]
        self.by_month: dict[tuple[int, int], list[Post]] = {}
        self.by_day: dict[tuple[int, int, int], list[Post]] = {}
        self._revisions: dict[int, int] = {}
        self._touches: dict[int, int] = {}
        self.content = functools.lru_cache(maxsize=4096)(self._make_content)
        self.syndicated: Post | None = None
        self._grow(n_articles)
        self._add_syndicated_copy()

    # -- public API -------------------------------------------------------------------------

    @property
    def n_articles(self) -> int:
        """Return the number of articles (the syndicated copy not counted)."""
        return len(self.article_posts)

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
                    if self.theme.always_modified
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

    # -- helpers for themes -----------------------------------------------------------------

    def post_path(self, post: Post) -> str:
        """Return the canonical path of a post."""
        return self.theme.post_path(self, post)

    def tag_names(self, post: Post) -> tuple[str, ...]:
        """Return the tag names of a post in display order."""
        return tuple(self.tags[t].name for t in post.tags)

    def revision(self, post: Post) -> int:
        """Return how many times the post was revised (0 for the syndicated copy)."""
        if post.copy_of is not None:
            return 0
        return self._revisions.get(post.index, 0)

    def post_content(self, post: Post) -> Content:
        """Return the (cached) content of a post in its current revision."""
        return self.content(post, self.revision(post))

    def modified(self, post: Post) -> datetime | None:
        """Return the modification time a page states, or None when never modified."""
        base = self.content(post, 0).modified
        if post.copy_of is not None:
            return base
        bumps = self._revisions.get(post.index, 0) + self._touches.get(post.index, 0)
        if not bumps:
            return base
        return (base or post.published) + timedelta(days=bumps)

    def lastmod(self, post: Post) -> datetime:
        """Return the sitemap lastmod of a post."""
        return self.modified(post) or post.published

    def newest(self, n: int) -> list[Post]:
        """Return the `n` newest posts, newest first."""
        with self._lock:
            return self.posts[::-1][:n]

    # -- generation -------------------------------------------------------------------------

    def _grow(self, n: int) -> None:
        with self._lock:
            while len(self.article_posts) < n:
                post = self._make_post(len(self.article_posts))
                self.article_posts.append(post)
                self._index(post)

    def _index(self, post: Post) -> None:
        key = _post_key
        bisect.insort(self.posts, post, key=key)
        self.by_id[post.post_id] = post
        bisect.insort(self.by_section[post.section], post, key=key)
        for t in post.tags:
            bisect.insort(self.by_tag[t], post, key=key)
        for a in post.authors:
            bisect.insort(self.by_author[a], post, key=key)
        p = post.published
        bisect.insort(self.by_month.setdefault((p.year, p.month), []), post, key=key)
        bisect.insort(self.by_day.setdefault((p.year, p.month, p.day), []), post, key=key)

    def _make_post(self, i: int) -> Post:
        rng = random.Random(f"newscrawl-demo/{self.seed}/{i}/post")
        prev = self.article_posts[i - 1] if i else None
        if prev is None:
            start = datetime(self.start.year, self.start.month, self.start.day, 8, 0, tzinfo=TZ)
            published = start + timedelta(minutes=rng.randint(0, 90), seconds=rng.randint(0, 59))
            post_id = self.theme.first_post_id + rng.randint(2, 40)
        else:
            published = prev.published + timedelta(
                minutes=rng.randint(50, 330), seconds=rng.randint(-20, 20)
            )
            post_id = prev.post_id + rng.randint(2, 40)
        section = rng.randrange(len(self.sections))
        topic = text.topic_of(self.sections[section].slug, section)
        authors: tuple[int, ...] = (rng.randrange(len(self.authors)),)
        if rng.random() < 0.12:
            other = rng.randrange(len(self.authors))
            if other != authors[0]:
                authors = (authors[0], other)
        attempt = 0
        while True:
            story = text.make_story(self._story_rng(i, attempt), topic, _weekday(published))
            if story.title not in self._titles or attempt == _TITLE_ATTEMPTS:
                break  # big sites run out of titles: recurring headlines are realistic
            attempt += 1
        self._titles.add(story.title)
        tags: set[int] = set()
        for place in (story.slots["city"],):
            slug = text.slugify(place)
            if slug in self.tag_by_slug:
                tags.add(self.tag_by_slug[slug])
        tags.update(rng.sample(range(len(self.tags)), rng.randint(1, 2)))
        ordered = tuple(sorted(tags, key=lambda t: self.tags[t].name))
        return Post(
            index=i,
            post_id=post_id,
            section=section,
            published=published,
            title=story.title,
            authors=authors,
            tags=ordered,
            topic=topic,
            attempt=attempt,
        )

    def _story_rng(self, i: int, attempt: int) -> random.Random:
        return random.Random(f"newscrawl-demo/{self.seed}/{i}/story/{attempt}")

    def _add_syndicated_copy(self) -> None:
        original = self.article_posts[_SYNDICATED_ORIGINAL]
        title = f"{original.title} (full text)"
        self._titles.add(title)
        copy = Post(
            index=original.index,
            post_id=original.post_id + 1,
            section=(original.section + 1) % len(self.sections),
            published=original.published + timedelta(hours=2, minutes=7),
            title=title,
            authors=original.authors,
            tags=original.tags,
            topic=original.topic,
            attempt=original.attempt,
            copy_of=original.index,
        )
        self.syndicated = copy
        self._index(copy)

    def _make_content(self, post: Post, revision: int) -> Content:
        i = post.index
        rng = random.Random(f"newscrawl-demo/{self.seed}/{i}/content")
        story = self._story(post)
        paragraphs = text.make_paragraphs(rng, story)
        city, prefix = self._dateline(post, story)
        names = [self.authors[a].name for a in post.authors]
        initials = text.initials(names[0])
        if rng.random() < 0.4:
            initials += " / " + text.initials(text.make_person(rng))
        modified = None
        if rng.random() < 0.25:
            modified = post.published + timedelta(
                minutes=rng.randint(10, 300), seconds=rng.randint(0, 59)
            )
        n_captions = rng.choice((0, 0, 1, 3)) if self.theme.galleries else rng.choice((0, 0, 1))
        captions = tuple(
            rng.choice(vocab.CAPTIONS).format(**story.slots) + f" ({k + 1})"
            for k in range(n_captions)
        )
        top_caption: str | None = rng.choice(vocab.CAPTIONS).format(**story.slots)
        if self.theme.galleries and rng.random() < 0.7:
            top_caption = None
        read_also = rng.randrange(i) if i and rng.random() < 0.3 else None
        check_also = rng.randrange(max(0, i - 30), i) if i else None
        related = self._related(rng, post)
        comments: tuple[tuple[str, str], ...] = ()
        if rng.random() < 0.3:
            comments = tuple(
                (text.make_person(rng), rng.choice(vocab.COMMENTS))
                for _ in range(rng.randint(1, 3))
            )
        empty_after = rng.randrange(len(paragraphs) - 1) if rng.random() < 0.15 else None
        for r in range(revision):
            update_rng = random.Random(f"newscrawl-demo/{self.seed}/{i}/revision/{r}")
            update = text.make_paragraphs(update_rng, story)[-1]
            paragraphs.append(f"Update {r + 1}: {update}")
        if post.copy_of is not None:
            # The syndicated copy: same text without the dateline, its own furniture.
            return Content(
                paragraphs=tuple(paragraphs),
                dateline=None,
                initials=text.initials(text.make_person(rng)),
                description=story.lead,
                modified=None,
                captions=(),
                top_caption=None,
                read_also=None,
                check_also=check_also,
                related=related[:1],
                comments=(),
                empty_paragraph_after=None,
            )
        paragraphs[0] = prefix + paragraphs[0]
        return Content(
            paragraphs=tuple(paragraphs),
            dateline=city,
            initials=initials,
            description=story.lead,
            modified=modified,
            captions=captions,
            top_caption=top_caption,
            read_also=read_also,
            check_also=check_also,
            related=related,
            comments=comments,
            empty_paragraph_after=empty_after,
        )

    def _story(self, post: Post) -> text.Story:
        original = self.article_posts[post.index]
        rng = self._story_rng(post.index, post.attempt)
        return text.make_story(rng, post.topic, _weekday(original.published))

    def _dateline(self, post: Post, story: text.Story) -> tuple[str | None, str]:
        """Return the dateline place (or None) and the text that opens the first paragraph."""
        i = post.index
        rng = random.Random(f"newscrawl-demo/{self.seed}/{i}/dateline")
        has_dateline = rng.random() < 0.88 or i == _SYNDICATED_ORIGINAL
        places = ["Damascus", "Damascus", story.slots["city"]]
        if post.topic == "world":
            places += list(_FOREIGN_DATELINES)
        city = rng.choice(places)
        published = self.article_posts[i].published
        prefix = self.theme.dateline_prefix(city, published, rng)
        if not has_dateline or post.copy_of is not None:
            return None, ""
        return city, prefix

    def teaser(self, post: Post, n_words: int) -> str:
        """Return the first `n_words` words of the post's first paragraph (cheap: no body)."""
        story = self._story(post)
        first = self._dateline(post, story)[1] + story.lead
        return " ".join(first.split()[:n_words])

    def _related(self, rng: random.Random, post: Post) -> tuple[int, ...]:
        i = post.index
        if not i:
            return ()
        same = [
            p.index for p in self.article_posts[max(0, i - 60) : i] if p.section == post.section
        ]
        pool = same if len(same) >= 3 else list(range(max(0, i - 60), i))
        return tuple(rng.sample(pool, min(3, len(pool))))


def _weekday(dt: datetime) -> str:
    return vocab.WEEKDAYS[(dt.weekday() + 1) % 7]


def _post_key(post: Post) -> tuple[datetime, int]:
    return post.key


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


def build_site(
    *,
    theme: str = "sahifa",
    n_articles: int = 40,
    seed: int = 0,
    page_kb: int | None = None,
    sections: Sequence[str] | None = None,
    start: date | None = None,
    per_page: int = 10,
    sitemap_size: int = 25,
    traps: bool = False,
    base_url: str = DEFAULT_BASE_URL,
) -> Site:
    """Generate a news site.

    Args:
        theme: ``"sahifa"`` (SANA-archive markup, ``?p=ID`` URLs) or ``"modern"`` (a current
            WordPress theme, ``/<section>/<id>/`` URLs, JSON-LD; crawled without a profile).
        n_articles: number of articles (a syndicated copy of article 0 comes on top).
        seed: everything derives from it.
        page_kb: pad article pages with nav, scripts, styles and footer markup to about this
            many KB (None: natural size, 12-20 KB).
        sections: section names (default: the theme's six).
        start: date of the first article (default 2018-12-01 for sahifa, 2025-09-01 for
            modern); articles follow every 1-5.5 hours.
        per_page: posts per listing page.
        sitemap_size: URLs per post sitemap (the post sitemap is split into files this size).
        traps: add crawler traps: an endless calendar (date archives of any month, linked
            month to month) and session-id links.
        base_url: default base of absolute links (the server passes its own URL instead).
    """
    return Site(
        theme=theme,
        n_articles=n_articles,
        seed=seed,
        page_kb=page_kb,
        sections=sections,
        start=start,
        per_page=per_page,
        sitemap_size=sitemap_size,
        traps=traps,
        base_url=base_url,
    )
