"""What every demo theme serves alike, as WordPress does: feeds, sitemaps, robots.txt, files."""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING

from newscrawl.demo.model import (
    HTML,
    RSS,
    TEXT,
    XML,
    Page,
    SiteData,
    esc,
    http_date,
    iso,
    iso_utc,
    rfc822,
)

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import datetime

TINY_JPEG = base64.b64decode(
    "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////"
    "////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQAB"
    "PxA="
)
FEED_SIZE = 10
"""Items in the RSS feed (the newest posts)."""
NEWS_SITEMAP_HOURS = 48
"""A Google News sitemap lists the posts of the last two days (before the newest post)."""
Entry = tuple[str, "datetime | None"]
"""A sitemap entry: absolute URL and lastmod."""


def static(path: str) -> Page | None:
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


def paragraphs_html(paragraphs: Iterable[str]) -> str:
    """Return plain ``<p>`` markup of text paragraphs, one a line."""
    return "".join(f"<p>{esc(p)}</p>\n" for p in paragraphs)


def rss(site: SiteData, base: str, self_path: str) -> Page:
    """Return the RSS 2.0 feed of the newest posts, as WordPress writes it."""
    posts = site.newest(FEED_SIZE)
    items = []
    for post in posts:
        url = base + site.post_path(post)
        content = site.post_content(post)
        cats = [site.sections[post.section].name, *site.tag_names(post)]
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
            f"\t\t<content:encoded><![CDATA[{paragraphs_html(content.paragraphs)}]]>"
            "</content:encoded>\n"
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


def news_sitemap(site: SiteData, base: str) -> Page:
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


def _sitemap_xml(root: str, item: str, entries: Iterable[Entry], stylesheet: str) -> Page:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        *([stylesheet] if stylesheet else []),
        f'<{root} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for url, lastmod in entries:
        mod = f"\n\t\t<lastmod>{iso_utc(lastmod)}</lastmod>" if lastmod else ""
        lines.append(f"\t<{item}>\n\t\t<loc>{esc(url)}</loc>{mod}\n\t</{item}>")
    lines.append(f"</{root}>\n")
    return Page("\n".join(lines).encode(), XML)


def urlset(entries: Iterable[Entry], stylesheet: str = "") -> Page:
    """Return a sitemap of (absolute URL, lastmod) entries."""
    return _sitemap_xml("urlset", "url", entries, stylesheet)


def sitemapindex(entries: Iterable[Entry], stylesheet: str = "") -> Page:
    """Return a sitemap index of (absolute URL, lastmod) entries."""
    return _sitemap_xml("sitemapindex", "sitemap", entries, stylesheet)


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


def forbidden() -> Page:
    """Return the answer to anything under /wp-admin/."""
    return Page(b"<!DOCTYPE html><title>Forbidden</title><h1>Forbidden</h1>", HTML, 403)


def redirect(location: str, status: int = 301) -> Page:
    """Return a redirect to an absolute URL."""
    return Page(b"", HTML, status, {"Location": location})


def html_page(markup: str, last_modified: datetime | None = None, status: int = 200) -> Page:
    """Return an HTML page, with a ``Last-Modified`` header when the date is given."""
    headers = {"Last-Modified": http_date(last_modified)} if last_modified else {}
    return Page(markup.encode(), HTML, status, headers)


def excerpt(paragraphs: tuple[str, ...], n_words: int = 20) -> str:
    """Return the first `n_words` words of the body, as a WordPress excerpt starts."""
    return " ".join(" ".join(paragraphs).split()[:n_words])


def int_param(query: dict[str, str], name: str, default: int | None = None) -> int | None:
    """Return a positive integer query parameter, `default` when absent, or -1 when invalid."""
    value = query.get(name)
    if value is None or value == "":
        return default
    return int(value) if value.isdigit() and int(value) > 0 else -1
