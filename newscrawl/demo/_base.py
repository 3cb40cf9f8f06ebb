"""What the demo themes share: feeds, sitemaps, robots.txt, padding, static files."""

from __future__ import annotations

import base64
import random
from typing import TYPE_CHECKING, ClassVar

from newscrawl.demo.model import (
    HTML,
    RSS,
    TEXT,
    XML,
    Page,
    Post,
    esc,
    http_date,
    iso,
    iso_utc,
    rfc822,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from datetime import date, datetime

    from newscrawl.demo.site import Site

TINY_JPEG = base64.b64decode(
    "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////"
    "////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQAB"
    "PxA="
)
FEED_SIZE = 10
"""Items in the RSS feed (the newest posts)."""
NEWS_SITEMAP_HOURS = 48
"""A Google News sitemap lists the posts of the last two days (before the newest post)."""


class Theme:
    """Base of a demo theme: URL layout, markup and routing of one kind of WordPress site."""

    name: ClassVar[str]
    site_name: ClassVar[str]
    default_sections: ClassVar[tuple[str, ...]]
    default_start: ClassVar[date]
    first_post_id: ClassVar[int]
    galleries: ClassVar[bool]
    """Sahifa articles carry galleries with captions; modern ones inline figures."""
    always_modified: ClassVar[bool]
    """Whether pages state a modification date even when the post was never modified."""
    feed_paths: ClassVar[tuple[str, ...]] = ("/feed/", "/?feed=rss2")

    def __init__(self) -> None:
        self._padding: dict[str, list[str]] = {}

    # -- layout (per theme) -------------------------------------------------------------------

    def post_path(self, site: Site, post: Post) -> str:
        raise NotImplementedError

    def image_path(self, site: Site, post: Post) -> str:
        d = post.published
        return f"/wp-content/uploads/{d.year}/{d.month:02d}/{post.post_id}-1.jpg"

    def dateline_prefix(self, city: str, published: datetime, rng: random.Random) -> str:
        raise NotImplementedError

    def route(self, site: Site, path: str, query: dict[str, str], base: str) -> Page | None:
        raise NotImplementedError

    def not_found(self, site: Site, base: str) -> Page:
        raise NotImplementedError

    def non_article_paths(self, site: Site) -> Iterator[str]:
        raise NotImplementedError

    def variant_paths(self, site: Site) -> Iterator[str]:
        raise NotImplementedError

    def sitemap_paths(self, site: Site) -> Iterator[str]:
        raise NotImplementedError

    # -- shared -------------------------------------------------------------------------------

    def static(self, path: str) -> Page | None:
        """Serve images, stylesheets and scripts under ``/wp-content/`` and ``/wp-includes/``."""
        if not path.startswith(("/wp-content/", "/wp-includes/")):
            return None
        if path.endswith((".jpg", ".jpeg", ".png")):
            return Page(TINY_JPEG, "image/jpeg")
        if path.endswith(".css"):
            return Page(b"body{margin:0;font:14px/1.5 sans-serif}\n", "text/css")
        if path.endswith(".js"):
            return Page(b"/* demo */\n", "application/javascript")
        return None

    def rss(self, site: Site, base: str, self_path: str) -> Page:
        """Return the RSS 2.0 feed of the newest posts, as WordPress writes it."""
        posts = site.newest(FEED_SIZE)
        items = []
        for post in posts:
            url = base + site.post_path(post)
            content = site.post_content(post)
            cats = [site.sections[post.section].name, *site.tag_names(post)]
            encoded = "".join(f"<p>{esc(p)}</p>\n" for p in content.paragraphs)
            items.append(
                "\t<item>\n"
                f"\t\t<title>{esc(post.title)}</title>\n"
                f"\t\t<link>{esc(url)}</link>\n"
                f"\t\t<comments>{esc(url)}#respond</comments>\n"
                f"\t\t<dc:creator><![CDATA[{site.authors[post.authors[0]].name}]]></dc:creator>\n"
                f"\t\t<pubDate>{rfc822(post.published)}</pubDate>\n"
                + "".join(f"\t\t<category><![CDATA[{c}]]></category>\n" for c in cats)
                + f'\t\t<guid isPermaLink="false">{esc(base)}/?p={post.post_id}</guid>\n'
                f"\t\t<description><![CDATA[{excerpt(content.paragraphs)} [&#8230;]]]>"
                "</description>\n"
                f"\t\t<content:encoded><![CDATA[{encoded}]]></content:encoded>\n"
                f"\t\t<slash:comments>{len(content.comments)}</slash:comments>\n"
                "\t</item>\n"
            )
        build = rfc822(site.lastmod(posts[0])) if posts else ""
        body = (
            '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"\n'
            '\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
            '\txmlns:wfw="http://wellformedweb.org/CommentAPI/"\n'
            '\txmlns:dc="http://purl.org/dc/elements/1.1/"\n'
            '\txmlns:atom="http://www.w3.org/2005/Atom"\n'
            '\txmlns:sy="http://purl.org/rss/1.0/modules/syndication/"\n'
            '\txmlns:slash="http://purl.org/rss/1.0/modules/slash/"\n\t>\n\n'
            "<channel>\n"
            f"\t<title>{esc(site.site_name)}</title>\n"
            f'\t<atom:link href="{esc(base + self_path)}" rel="self" '
            'type="application/rss+xml" />\n'
            f"\t<link>{esc(base)}</link>\n"
            "\t<description>News from Syria and the world</description>\n"
            f"\t<lastBuildDate>{build}</lastBuildDate>\n"
            "\t<language>en-US</language>\n"
            "\t<sy:updatePeriod>\n\thourly\t</sy:updatePeriod>\n"
            "\t<sy:updateFrequency>\n\t1\t</sy:updateFrequency>\n"
            "\t<generator>https://wordpress.org/?v=4.9.8</generator>\n"
            + "".join(items)
            + "</channel>\n</rss>\n"
        )
        return Page(body.encode(), RSS)

    def news_sitemap(self, site: Site, base: str) -> Page:
        """Return a Google News sitemap of the posts of the last 48 hours."""
        newest = site.newest(1)[0].published
        entries = []
        for post in site.newest(1000):
            if (newest - post.published).total_seconds() > NEWS_SITEMAP_HOURS * 3600:
                break
            entries.append(
                "<url>\n"
                f"\t<loc>{esc(base + site.post_path(post))}</loc>\n"
                "\t<news:news>\n"
                "\t\t<news:publication>\n"
                f"\t\t\t<news:name>{esc(site.site_name)}</news:name>\n"
                "\t\t\t<news:language>en</news:language>\n"
                "\t\t</news:publication>\n"
                f"\t\t<news:publication_date>{iso(post.published)}</news:publication_date>\n"
                f"\t\t<news:title>{esc(post.title)}</news:title>\n"
                f"\t\t<news:keywords>{esc(', '.join(site.tag_names(post)))}</news:keywords>\n"
                "\t</news:news>\n"
                "</url>\n"
            )
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n'
            + "".join(entries)
            + "</urlset>\n"
        )
        return Page(body.encode(), XML)

    @staticmethod
    def urlset(entries: Iterable[tuple[str, datetime | None]], stylesheet: str = "") -> Page:
        """Return a sitemap of (absolute URL, lastmod) entries."""
        lines = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            *([stylesheet] if stylesheet else []),
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
        ]
        for url, lastmod in entries:
            mod = f"\n\t\t<lastmod>{iso_utc(lastmod)}</lastmod>" if lastmod else ""
            lines.append(f"\t<url>\n\t\t<loc>{esc(url)}</loc>{mod}\n\t</url>")
        lines.append("</urlset>\n")
        return Page("\n".join(lines).encode(), XML)

    @staticmethod
    def sitemapindex(entries: Iterable[tuple[str, datetime | None]], stylesheet: str = "") -> Page:
        """Return a sitemap index of (absolute URL, lastmod) entries."""
        lines = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            *([stylesheet] if stylesheet else []),
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
        ]
        for url, lastmod in entries:
            mod = f"\n\t\t<lastmod>{iso_utc(lastmod)}</lastmod>" if lastmod else ""
            lines.append(f"\t<sitemap>\n\t\t<loc>{esc(url)}</loc>{mod}\n\t</sitemap>")
        lines.append("</sitemapindex>\n")
        return Page("\n".join(lines).encode(), XML)

    @staticmethod
    def robots(base: str, sitemaps: Iterable[str]) -> Page:
        """Return robots.txt with ``Sitemap:`` lines."""
        lines = [
            "User-agent: *",
            "Disallow: /wp-admin/",
            "Allow: /wp-admin/admin-ajax.php",
            "",
            *(f"Sitemap: {base}{path}" for path in sitemaps),
            "",
        ]
        return Page("\n".join(lines).encode(), TEXT)

    @staticmethod
    def forbidden() -> Page:
        """Return the answer to anything under /wp-admin/."""
        return Page(b"<!DOCTYPE html><title>Forbidden</title><h1>Forbidden</h1>", HTML, 403)

    @staticmethod
    def redirect(location: str, status: int = 301) -> Page:
        """Return a redirect to an absolute URL."""
        return Page(b"", HTML, status, {"Location": location})

    @staticmethod
    def html_page(markup: str, last_modified: datetime | None = None) -> Page:
        headers = {"Last-Modified": http_date(last_modified)} if last_modified else {}
        return Page(markup.encode(), HTML, 200, headers)

    @staticmethod
    def paginate(posts: list[Post], page: int, per_page: int) -> tuple[list[Post], int] | None:
        """Return the newest-first slice for listing page `page` and the page count.

        Return None when the page is out of range (WordPress answers 404); page 1 of an empty
        listing exists.
        """
        pages = max(1, -(-len(posts) // per_page))
        if page < 1 or page > pages:
            return None
        end = len(posts) - (page - 1) * per_page
        return posts[max(0, end - per_page) : end][::-1], pages

    @staticmethod
    def n_pages(count: int, per_page: int) -> int:
        return max(1, -(-count // per_page))

    def padding(self, site: Site, base: str, post: Post, size: int) -> tuple[str, str]:
        """Return (head, footer) markup of about `size` bytes: scripts, styles, hidden menus."""
        if size <= 0:
            return "", ""
        blocks = self._padding.get(base)
        if blocks is None:
            blocks = self._padding[base] = self._padding_blocks(site, base)
        head: list[str] = []
        foot: list[str] = []
        total = 0
        k = post.post_id % len(blocks)
        while total < size:
            block = blocks[k % len(blocks)]
            (head if block.startswith(("<style", "<script")) and len(head) < 6 else foot).append(
                block
            )
            total += len(block)
            k += 1
        return "\n".join(head), "\n".join(foot)

    def _padding_blocks(self, site: Site, base: str) -> list[str]:
        rng = random.Random(f"newscrawl-demo/{site.seed}/padding")
        links = [base + "/"]
        links += [base + p for p in self.section_paths(site)]
        blocks: list[str] = []
        for k in range(48):
            kind = k % 4
            if kind == 0:
                rules = "\n".join(
                    f".tie-{k}-{j} .post-box-title a, .widget-{j} li:hover"
                    f"{{color:#{rng.randrange(16**6):06x};"
                    f"margin:{rng.randint(0, 30)}px {rng.randint(0, 30)}px;"
                    f"font-size:{rng.randint(11, 22)}px;line-height:{rng.randint(12, 30)}px}}"
                    for j in range(20)
                )
                blocks.append(f"<style id='tie-inline-{k}' type='text/css'>\n{rules}\n</style>")
            elif kind == 1:
                pairs = ",".join(
                    f'"opt_{k}_{j}":"{rng.randrange(16**12):012x}"' for j in range(40)
                )
                blocks.append(
                    f"<script type='text/javascript'>\n/* <![CDATA[ */\nvar tieCfg{k} = "
                    f"{{{pairs}}};\n/* ]]> */\n</script>"
                )
            elif kind == 2:
                items = "".join(
                    f'<li id="menu-item-{k * 100 + j}" class="menu-item menu-item-type-taxonomy">'
                    f'<a href="{esc(rng.choice(links))}">'
                    f"{esc(rng.choice(site.sections).name)}</a></li>\n"
                    for j in range(16)
                )
                blocks.append(
                    f'<div class="mega-menu-block" style="display:none"><ul class="sub-menu">\n'
                    f"{items}</ul></div>"
                )
            else:
                paths = " ".join(
                    f"M{rng.randint(0, 99)} {rng.randint(0, 99)}L{rng.randint(0, 99)} "
                    f"{rng.randint(0, 99)}"
                    for _ in range(60)
                )
                blocks.append(
                    f'<svg style="display:none" aria-hidden="true"><symbol id="icon-{k}" '
                    f'viewBox="0 0 100 100"><path d="{paths}"/></symbol></svg>'
                )
        return blocks

    def section_paths(self, site: Site) -> list[str]:
        raise NotImplementedError


def excerpt(paragraphs: tuple[str, ...], n_words: int = 20) -> str:
    """Return the first `n_words` words of the body, as a WordPress excerpt starts."""
    return " ".join(" ".join(paragraphs).split()[:n_words])


def int_param(query: dict[str, str], name: str, default: int | None = None) -> int | None:
    """Return a positive integer query parameter, `default` when absent, or -1 when invalid."""
    value = query.get(name)
    if value is None or value == "":
        return default
    return int(value) if value.isdigit() and int(value) > 0 else -1
