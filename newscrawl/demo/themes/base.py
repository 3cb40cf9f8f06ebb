"""The base of the demo themes: what every theme does alike, with hooks for its own markup.

A theme's facts (`ThemeFacts`: names, sections, URL templates, sitemaps, tracked links) come from
``newscrawl/demo/themes.yaml``; its code says how its pages are marked up (`head`, `foot`,
`card`, `article`, ...) and routes what is its own. The base derives from these the list of
linked pages and the sitemaps, routes what all WordPress sites answer alike (feeds, robots.txt,
sitemaps, static files, /wp-admin/), and lays out listings with their pagination, article
bodies and padded article pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from newscrawl.demo.model import esc
from newscrawl.demo.themes.facts import theme_facts
from newscrawl.demo.themes.padding import Padding
from newscrawl.demo.themes.wordpress import (
    Entry,
    forbidden,
    html_page,
    news_sitemap,
    redirect,
    robots,
    rss,
    sitemapindex,
    static,
    urlset,
)

if TYPE_CHECKING:
    import random
    from collections.abc import Iterator
    from datetime import datetime

    from newscrawl.demo.model import Author, Content, Page, Post, SiteData, Tag


@dataclass(frozen=True, slots=True)
class Head:
    """What the ``<head>`` of a page says: title, canonical URL, meta tags; the body's class."""

    title: str
    """Page title without the site name ("" for the home page)."""
    canonical: str | None
    body_class: str
    meta: str = ""
    """Meta tags (and scripts) after the canonical link."""
    extra_head: str = ""
    """Markup after the theme's stylesheets and scripts."""


@dataclass(frozen=True, slots=True)
class Listing:
    """One page of a listing (home, section, tag, author, date archive or search)."""

    path: str
    """Path of the listing's first page."""
    page: int
    n_pages: int
    title: str
    kind: str
    """``home``, ``category``, ``tag``, ``author``, ``date``, ``search`` or ``archive``."""
    cards: str
    """Markup of the posts shown (or of the theme's "nothing found" notice)."""
    pagination: str
    month: tuple[int, int] | None = None
    """(year, month) of a month archive."""


class Theme:
    """Base of a demo theme: URL layout, markup and routing of one kind of WordPress site."""

    name: ClassVar[str]
    feed_paths: ClassVar[tuple[str, ...]] = ("/feed/", "/?feed=rss2")
    no_posts: ClassVar[str]
    """Markup of a listing without posts."""
    empty_paragraph: ClassVar[str]
    """The empty paragraph WordPress leaves behind in some bodies."""
    page_link_markup: ClassVar[dict[str, str]]
    """Pagination links by kind (``prev``, ``next``, ``page``, ``current``), with ``{href}``
    and ``{page}``."""

    def __init__(self) -> None:
        self.facts = theme_facts(self.name)
        self.padding = Padding()

    # -- URL layout ---------------------------------------------------------------------------

    def post_path(self, site: SiteData, post: Post) -> str:
        section = site.sections[post.section].slug
        return self.facts.permalinks["post"].format(post_id=post.post_id, section=section)

    def variant_path(self, site: SiteData, post: Post) -> str:
        """Return the path of the print or AMP view of a post."""
        section = site.sections[post.section].slug
        return self.facts.permalinks["variant"].format(post_id=post.post_id, section=section)

    def section_path(self, site: SiteData, k: int) -> str:
        section = site.sections[k]
        return self.facts.permalinks["section"].format(cat_id=section.cat_id, slug=section.slug)

    def tag_path(self, tag: Tag) -> str:
        return self.facts.permalinks["tag"].format(slug=tag.slug)

    def author_path(self, author: Author) -> str:
        template = self.facts.permalinks["author"]
        return template.format(author_id=author.author_id, slug=author.slug)

    def month_path(self, year: int, month: int) -> str:
        return self.facts.permalinks["month"].format(year=year, month=month)

    @staticmethod
    def paged(path: str, page: int) -> str:
        """Return the path of page `page` of the listing at `path`."""
        raise NotImplementedError

    def dateline_prefix(self, city: str, published: datetime, rng: random.Random) -> str:
        raise NotImplementedError

    def image_path(self, site: SiteData, post: Post) -> str:
        d = post.published
        return f"/wp-content/uploads/{d.year}/{d.month:02d}/{post.post_id}-1.jpg"

    # -- linked pages ---------------------------------------------------------------------------

    def section_paths(self, site: SiteData) -> list[str]:
        return [self.section_path(site, k) for k in range(len(site.sections))]

    def tracking_path(self, site: SiteData, post: Post, query: str) -> str:
        path = self.post_path(site, post)
        return f"{path}{'&' if '?' in path else '?'}{query}"

    def tracked(self, site: SiteData) -> Iterator[tuple[Post, str]]:
        """Yield the posts linked with tracking parameters and the paths of those links."""
        for index, query in self.facts.tracking:
            if index < site.n_articles:
                post = site.article_posts[index]
                yield post, self.tracking_path(site, post, query)

    def listings(self, site: SiteData) -> Iterator[tuple[str, list[Post]]]:
        """Yield the path of every listing and its posts (oldest first)."""
        yield "/", site.posts
        for kind in ("sections", "tags", "authors"):
            yield from self._taxonomy(site, kind)
        for (y, m), posts in sorted(site.by_month.items()):
            yield self.month_path(y, m), posts

    def variant_paths(self, site: SiteData) -> Iterator[str]:
        for post in site.posts:
            yield self.variant_path(site, post)
        for _, path in self.tracked(site):
            yield path

    def non_article_paths(self, site: SiteData) -> Iterator[str]:
        for path, posts in self.listings(site):
            for page in range(1, self.n_pages(len(posts), site.per_page) + 1):
                yield self.paged(path, page)
        yield from self.facts.static_pages.values()
        for term in self.facts.search_terms:
            yield f"/?s={term}"
        if site.syndicated is not None:
            yield site.post_path(site.syndicated)
        yield from self.variant_paths(site)

    def sitemap_paths(self, site: SiteData) -> Iterator[str]:
        """Yield every sitemap path, the index first."""
        yield self.facts.robots_sitemaps[0]
        for k in range(len(self.post_sitemaps(site))):
            yield self.post_sitemap_path(k)
        yield from self.facts.sitemap_files

    def post_sitemap_path(self, k: int) -> str:
        """Return the path of post sitemap `k` (0 is the first)."""
        first, nth = self.facts.post_sitemaps
        return nth.format(n=k + 1) if k else first

    def sitemap_stylesheet(self, base: str, *, index: bool) -> str:
        """Return the ``<?xml-stylesheet …?>`` line of a sitemap ("" for none)."""
        if not self.facts.sitemap_stylesheets:
            return ""
        path = self.facts.sitemap_stylesheets[0 if index else 1]
        return f'<?xml-stylesheet type="text/xsl" href="{base}{path}" ?>'

    @staticmethod
    def post_sitemaps(site: SiteData) -> list[list[Post]]:
        """Return the posts of each post sitemap (publication order, `sitemap_size` a file)."""
        size = site.sitemap_size
        return [site.posts[k : k + size] for k in range(0, len(site.posts), size)]

    # -- routing ------------------------------------------------------------------------------

    def route(self, site: SiteData, path: str, query: dict[str, str], base: str) -> Page | None:
        """Return the response for a path, or None (404)."""
        if path == "/feed/":
            return rss(site, base, "/feed/")
        if path == "/robots.txt":
            return robots(base, self.facts.robots_sitemaps)
        if path == "/sitemap.xml":
            return redirect(base + self.facts.robots_sitemaps[0])
        if path.startswith("/wp-admin"):
            return forbidden()
        if path.startswith(("/wp-content/", "/wp-includes/")):
            return static(path)
        if path == self.facts.robots_sitemaps[0]:
            return self.sitemap_index(site, base)
        if path in self.facts.sitemap_files:
            return self.sitemap(site, base, self.facts.sitemap_files[path])
        chunks = self.post_sitemaps(site)
        chunk = next((c for k, c in enumerate(chunks) if self.post_sitemap_path(k) == path), None)
        if chunk is not None:
            return urlset(
                ((base + site.post_path(p), site.lastmod(p)) for p in chunk),
                self.sitemap_stylesheet(base, index=False),
            )
        return self.route_theme(site, path, query, base)

    def route_theme(
        self, site: SiteData, path: str, query: dict[str, str], base: str
    ) -> Page | None:
        """Return the response for a path of the theme's own layout."""
        raise NotImplementedError

    def sitemap_index(self, site: SiteData, base: str) -> Page:
        entries: list[Entry] = []
        for k, chunk in enumerate(self.post_sitemaps(site)):
            lastmod = max(map(site.lastmod, chunk)) if self.facts.sitemap_lastmods else None
            entries.append((base + self.post_sitemap_path(k), lastmod))
        newest = self._lastmod(site, site.posts)
        entries += [(base + path, newest) for path in self.facts.sitemap_files]
        return sitemapindex(entries, self.sitemap_stylesheet(base, index=True))

    def sitemap(self, site: SiteData, base: str, kinds: tuple[str, ...]) -> Page:
        if kinds == ("news",):
            return news_sitemap(site, base)
        entries: list[Entry] = []
        for kind in kinds:
            if kind == "home":
                entries.append((base + "/", self._lastmod(site, site.posts)))
            elif kind == "pages":
                entries += [(base + path, None) for path in self.facts.static_pages.values()]
            else:
                entries += [
                    (base + path, self._lastmod(site, posts))
                    for path, posts in self._taxonomy(site, kind)
                ]
        return urlset(entries, self.sitemap_stylesheet(base, index=False))

    def _taxonomy(self, site: SiteData, kind: str) -> Iterator[tuple[str, list[Post]]]:
        if kind == "sections":
            for k, posts in enumerate(site.by_section):
                yield self.section_path(site, k), posts
        elif kind == "tags":
            for k, posts in enumerate(site.by_tag):
                if posts:
                    yield self.tag_path(site.tags[k]), posts
        elif kind == "authors":
            for k, posts in enumerate(site.by_author):
                if posts:
                    yield self.author_path(site.authors[k]), posts

    def _lastmod(self, site: SiteData, posts: list[Post]) -> datetime | None:
        return site.lastmod(posts[-1]) if posts and self.facts.sitemap_lastmods else None

    @staticmethod
    def feed_query(site: SiteData, base: str, query: dict[str, str]) -> Page | None:
        """Answer ``/?feed=…``: the RSS feed for ``rss2``, 404 for anything else."""
        return rss(site, base, "/?feed=rss2") if query["feed"] == "rss2" else None

    # -- pages --------------------------------------------------------------------------------

    def not_found(self, site: SiteData, base: str) -> Page:
        raise NotImplementedError

    def foot(self, site: SiteData, base: str, padding: str = "") -> str:
        """Return the markup from the end of the content to ``</html>``."""
        raise NotImplementedError

    def article(self, site: SiteData, post: Post, base: str) -> str:
        """Return the article page without padding."""
        raise NotImplementedError

    def article_page(self, site: SiteData, post: Post, base: str) -> Page:
        """Return the article page, padded to the site's `page_kb` if set."""
        markup = self.article(site, post, base)
        if site.page_kb:
            foot = self.foot(site, base)
            links = ["/", *self.section_paths(site)]
            size = site.page_kb * 1024 - len(markup)  # the foot included
            pad_head, pad_foot = self.padding(site, base, links, post, size)
            markup = markup.replace("</head>\n", pad_head + "\n</head>\n", 1)
            markup = markup[: -len(foot)] + self.foot(site, base, pad_foot)
        return html_page(markup, site.lastmod(post))

    def entry(self, site: SiteData, base: str, post: Post, content: Content) -> str:
        """Return the markup of an article body: paragraphs, with what the theme inserts."""
        parts = [self.entry_top(site, base, post, content)]
        for k, para in enumerate(content.paragraphs):
            parts.append(self.paragraph(site, base, post, k, para))
            parts.append(self.after_paragraph(site, base, post, content, k))
            if k == content.empty_paragraph_after:
                parts.append(self.empty_paragraph)
        parts.append(self.entry_bottom(site, base, post, content))
        parts.append(f"<p>{esc(content.initials)}</p>\n")
        return "".join(parts)

    def entry_top(self, site: SiteData, base: str, post: Post, content: Content) -> str:
        return ""

    def paragraph(self, site: SiteData, base: str, post: Post, k: int, para: str) -> str:
        return f"<p>{esc(para)}</p>\n"

    def after_paragraph(
        self, site: SiteData, base: str, post: Post, content: Content, k: int
    ) -> str:
        return ""

    def entry_bottom(self, site: SiteData, base: str, post: Post, content: Content) -> str:
        return ""

    @staticmethod
    def article_meta(site: SiteData, title: str, url: str, content: Content, end: str) -> str:
        """Return the description and Open Graph tags that open an article's meta tags.

        `title` is the og:title; `end` closes the description tag (``/>`` or `` />``).
        """
        return (
            f'<meta name="description" content="{esc(content.description)}"{end}\n'
            '<meta property="og:locale" content="en_US" />\n'
            '<meta property="og:type" content="article" />\n'
            f'<meta property="og:title" content="{esc(title)}" />\n'
            f'<meta property="og:description" content="{esc(content.description)}" />\n'
            f'<meta property="og:url" content="{esc(url)}" />\n'
            f'<meta property="og:site_name" content="{esc(site.site_name)}" />\n'
        )

    def section_menu(self, site: SiteData, base: str, first_id: int, label: str = "{}") -> str:
        """Return the menu items of the sections; `label` wraps each name."""
        return "".join(
            f'<li id="menu-item-{first_id + k}" class="menu-item menu-item-type-taxonomy '
            f'menu-item-object-category"><a href="{esc(base + self.section_path(site, k))}">'
            f"{label.format(esc(s.name))}</a></li>\n"
            for k, s in enumerate(site.sections)
        )

    # -- listings -----------------------------------------------------------------------------

    def card(self, site: SiteData, base: str, post: Post) -> str:
        """Return the markup of a post in a listing."""
        raise NotImplementedError

    def page_link(self, base: str, path: str, rel: str, page: int) -> str:
        """Return one pagination link; `rel` is ``prev``, ``next``, ``page`` or ``current``."""
        href = esc(base + self.paged(path, page))
        return self.page_link_markup[rel].format(href=href, page=page)

    def pagination(self, page: int, n_pages: int, links: str) -> str:
        raise NotImplementedError

    def listing_page(self, site: SiteData, base: str, listing: Listing) -> str:
        """Return the markup of a listing page."""
        raise NotImplementedError

    def listing(
        self,
        site: SiteData,
        base: str,
        posts: list[Post],
        page: int,
        path: str,
        title: str,
        kind: str = "archive",
        month: tuple[int, int] | None = None,
    ) -> Page | None:
        """Return page `page` of a listing of `posts` (newest first), or None (404)."""
        sliced = self.paginate(posts, page, site.per_page)
        if sliced is None:
            return None
        shown, n_pages = sliced
        cards = "".join(self.card(site, base, p) for p in shown) or self.no_posts
        pagination = ""
        if n_pages > 1:
            links = "".join(
                self.page_link(base, path, rel, q)
                for rel, q in page_links(page, n_pages, self.facts.page_window)
            )
            pagination = self.pagination(page, n_pages, links)
        listing = Listing(path, page, n_pages, title, kind, cards, pagination, month)
        return html_page(self.listing_page(site, base, listing))

    @staticmethod
    def paginate(posts: list[Post], page: int, per_page: int) -> tuple[list[Post], int] | None:
        """Return the newest-first slice for listing page `page` and the page count.

        Return None when the page is out of range (WordPress answers 404); page 1 of an empty
        listing exists.
        """
        pages = Theme.n_pages(len(posts), per_page)
        if page < 1 or page > pages:
            return None
        end = len(posts) - (page - 1) * per_page
        return posts[max(0, end - per_page) : end][::-1], pages

    @staticmethod
    def n_pages(count: int, per_page: int) -> int:
        return max(1, -(-count // per_page))

    @staticmethod
    def search(site: SiteData, term: str) -> list[Post]:
        """Return the newest posts (at most a page, oldest first) whose title holds `term`."""
        low = term.strip().lower()
        return [p for p in site.posts if low and low in p.title.lower()][-site.per_page :]


def canonical_link(url: str | None) -> str:
    """Return the ``rel=canonical`` link to `url` (none for None)."""
    return f'<link rel="canonical" href="{esc(url)}" />\n' if url else ""


def page_class(page_id: int) -> str:
    """Return the body class of a static page."""
    return f"page-template-default page page-id-{page_id}"


def page_links(page: int, n_pages: int, window: int) -> Iterator[tuple[str, int]]:
    """Yield the pagination links of page `page`: prev, pages near it and the ends, next."""
    if page > 1:
        yield "prev", page - 1
    for q in range(1, n_pages + 1):
        if q == page:
            yield "current", q
        elif abs(q - page) <= window or q in (1, n_pages):
            yield "page", q
    if page < n_pages:
        yield "next", page + 1


def adjacent_months(year: int, month: int) -> tuple[tuple[int, int], tuple[int, int]]:
    """Return the (year, month) before and after a month."""
    prev = (year, month - 1) if month > 1 else (year - 1, 12)
    after = (year, month + 1) if month < 12 else (year + 1, 1)
    return prev, after
