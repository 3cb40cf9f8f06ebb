"""The posts of a demo site: a small eager index and the lazily generated content of each post.

Everything derives from `seed` through `random.Random` (no wall clock, no global state), and
post *i* does not depend on how many posts follow it.
"""

from __future__ import annotations

import bisect
import functools
import random
import threading
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from newscrawl.demo.model import TZ, Author, Content, Post, Section, Tag
from newscrawl.demo.text import (
    Story,
    initials,
    make_paragraphs,
    make_person,
    make_story,
    slugify,
    topic_of,
)
from newscrawl.demo.themes import make_theme
from newscrawl.demo.vocab import CAPTIONS, COMMENTS, TAG_NAMES, WEEKDAYS

DEFAULT_BASE_URL = "http://127.0.0.1/"
"""Base of absolute links when the server does not pass its own URL."""

if TYPE_CHECKING:
    from collections.abc import Sequence

_SYNDICATED_ORIGINAL = 0
"""Index of the article that has a syndicated copy (stable whatever the number of articles)."""
_TITLE_ATTEMPTS = 3
"""Redraws of a title that an older article already has, before accepting the repeat."""
_FOREIGN_DATELINES = ("New York", "Moscow", "Beijing", "Baghdad", "Beirut", "Geneva")


class Archive:
    """A site's settings, its posts (index by id, section, tag, author, month, day) and content.

    `Site` adds the pages and the ground truth; the themes read an archive through
    `model.SiteData`.
    """

    def __init__(
        self,
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
    ) -> None:
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
        if n_articles < 1:
            raise ValueError("n_articles must be at least 1")
        self.theme_name = theme
        self.theme = make_theme(theme)
        self.seed = seed
        self.page_kb = page_kb
        self.per_page = per_page
        self.sitemap_size = sitemap_size
        self.traps = traps
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.site_name = self.theme.facts.site_name
        names = list(sections) if sections else list(self.theme.facts.default_sections)
        if len({slugify(n) for n in names}) != len(names):
            raise ValueError("section names must have distinct slugs")
        self.sections = tuple(
            Section(slug=slugify(n), name=n, cat_id=k + 2) for k, n in enumerate(names)
        )
        self.section_by_slug = {s.slug: k for k, s in enumerate(self.sections)}
        self.start = start or self.theme.facts.default_start
        rng = random.Random(f"newscrawl-demo/{seed}/people")
        people: list[str] = []
        while len(people) < 6:
            name = make_person(rng)
            if name not in people:
                people.append(name)
        self.authors = tuple(
            Author(slug=slugify(n), name=n, author_id=k + 2) for k, n in enumerate(people)
        )
        self.tags = tuple(Tag(slug=slugify(n), name=n) for n in TAG_NAMES)
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

    @property
    def n_articles(self) -> int:
        """Return the number of articles (the syndicated copy not counted)."""
        return len(self.article_posts)

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
            post_id = self.theme.facts.first_post_id + rng.randint(2, 40)
        else:
            published = prev.published + timedelta(
                minutes=rng.randint(50, 330), seconds=rng.randint(-20, 20)
            )
            post_id = prev.post_id + rng.randint(2, 40)
        section = rng.randrange(len(self.sections))
        topic = topic_of(self.sections[section].slug, section)
        authors: tuple[int, ...] = (rng.randrange(len(self.authors)),)
        if rng.random() < 0.12:
            other = rng.randrange(len(self.authors))
            if other != authors[0]:
                authors = (authors[0], other)
        attempt = 0
        while True:
            story = make_story(self._story_rng(i, attempt), topic, _weekday(published))
            if story.title not in self._titles or attempt == _TITLE_ATTEMPTS:
                break  # big sites run out of titles: recurring headlines are realistic
            attempt += 1
        self._titles.add(story.title)
        tags: set[int] = set()
        for place in (story.slots["city"],):
            slug = slugify(place)
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
        paragraphs = make_paragraphs(rng, story)
        city, prefix = self._dateline(post, story)
        names = [self.authors[a].name for a in post.authors]
        signed = initials(names[0])
        if rng.random() < 0.4:
            signed += " / " + initials(make_person(rng))
        modified = None
        if rng.random() < 0.25:
            modified = post.published + timedelta(
                minutes=rng.randint(10, 300), seconds=rng.randint(0, 59)
            )
        galleries = self.theme.facts.galleries
        n_captions = rng.choice((0, 0, 1, 3)) if galleries else rng.choice((0, 0, 1))
        captions = tuple(
            rng.choice(CAPTIONS).format(**story.slots) + f" ({k + 1})" for k in range(n_captions)
        )
        top_caption: str | None = rng.choice(CAPTIONS).format(**story.slots)
        if galleries and rng.random() < 0.7:
            top_caption = None
        read_also = rng.randrange(i) if i and rng.random() < 0.3 else None
        check_also = rng.randrange(max(0, i - 30), i) if i else None
        related = self._related(rng, post)
        comments: tuple[tuple[str, str], ...] = ()
        if rng.random() < 0.3:
            comments = tuple(
                (make_person(rng), rng.choice(COMMENTS)) for _ in range(rng.randint(1, 3))
            )
        empty_after = rng.randrange(len(paragraphs) - 1) if rng.random() < 0.15 else None
        for r in range(revision):
            update_rng = random.Random(f"newscrawl-demo/{self.seed}/{i}/revision/{r}")
            update = make_paragraphs(update_rng, story)[-1]
            paragraphs.append(f"Update {r + 1}: {update}")
        copy = post.copy_of is not None  # the syndicated copy: no dateline, its own furniture
        paragraphs[0] = prefix + paragraphs[0]
        return Content(
            paragraphs=tuple(paragraphs),
            dateline=city,
            initials=initials(make_person(rng)) if copy else signed,
            description=story.lead,
            modified=None if copy else modified,
            captions=() if copy else captions,
            top_caption=None if copy else top_caption,
            read_also=None if copy else read_also,
            check_also=check_also,
            related=related[:1] if copy else related,
            comments=() if copy else comments,
            empty_paragraph_after=None if copy else empty_after,
        )

    def _story(self, post: Post) -> Story:
        original = self.article_posts[post.index]
        rng = self._story_rng(post.index, post.attempt)
        return make_story(rng, post.topic, _weekday(original.published))

    def _dateline(self, post: Post, story: Story) -> tuple[str | None, str]:
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
    return WEEKDAYS[(dt.weekday() + 1) % 7]


def _post_key(post: Post) -> tuple[datetime, int]:
    return post.key
