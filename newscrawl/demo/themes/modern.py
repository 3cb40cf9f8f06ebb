# ruff: noqa: RUF001 -- typographic quotes and dashes belong to the generated text
"""The "modern" theme: a current WordPress news theme (like SANA's 2025 relaunch), no profile.

Routing, sitemaps, listings, search and static pages; the URL layout, page chrome and article
pages are in `modern_article`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from newscrawl.demo.model import MONTHS, Page, esc, iso, long_date
from newscrawl.demo.themes.base import Head, adjacent_months, page_class
from newscrawl.demo.themes.modern_article import ModernPages, jsonld_script
from newscrawl.demo.themes.wordpress import (
    html_page,
    paragraphs_html,
    redirect,
)

if TYPE_CHECKING:
    from newscrawl.demo.model import Post, SiteData
    from newscrawl.demo.themes.base import Listing

XSL = Page(
    b'<?xml version="1.0"?><xsl:stylesheet version="1.0" '
    b'xmlns:xsl="http://www.w3.org/1999/XSL/Transform"/>',
    "text/xsl",
)
_PAGE_RE = re.compile(r"^(.*/)page/(\d+)/$")
_POST_RE = re.compile(r"^/([a-z0-9-]+)/(\d+)(/|/amp/)?$")
_MONTH_RE = re.compile(r"^/(\d{4})/(\d{2})/$")


class ModernTheme(ModernPages):
    """The modern theme: routes, sitemaps, listings, search, static pages."""

    # -- routing ----------------------------------------------------------------------------

    def route_theme(
        self, site: SiteData, path: str, query: dict[str, str], base: str
    ) -> Page | None:
        if path == "/" and "p" in query:
            post = site.by_id.get(int(query["p"])) if query["p"].isdigit() else None
            return redirect(base + site.post_path(post)) if post else None
        if path == "/" and "feed" in query:
            return self.feed_query(site, base, query)
        if path == "/" and "s" in query:
            return self._search(site, base, query["s"])
        if path.startswith("/wp-sitemap"):  # the stylesheets (the sitemaps are routed already)
            return XSL if path.endswith(".xsl") else None
        if path == "/about-us/":
            return html_page(self._static_page(site, base, 2, "About Us", path))
        if path == "/contact-us/":
            return html_page(self._static_page(site, base, 3, "Contact Us", path))
        m = _POST_RE.match(path)
        post = site.by_id.get(int(m.group(2))) if m and not m.group(1).isdigit() else None
        if m and post is not None:
            canonical = site.post_path(post)
            if m.group(3) is None or m.group(1) != site.sections[post.section].slug:
                return redirect(base + canonical + ("amp/" if m.group(3) == "/amp/" else ""))
            if m.group(3) == "/amp/":
                return html_page(self.amp(site, post, base))
            return self.article_page(site, post, base)
        page = 1
        pm = _PAGE_RE.match(path)
        if pm:
            path, page = pm.group(1), int(pm.group(2))
            if page < 2:
                return None
        for listing_path, posts in self.listings(site):
            if listing_path == path:
                return self.listing(site, base, posts, page, path, self._title(site, path))
        mm = _MONTH_RE.match(path)
        if mm and site.traps:
            return self.listing(site, base, [], page, path, self._title(site, path))
        return None

    def _title(self, site: SiteData, path: str) -> str:
        if path == "/":
            return ""
        parts = path.strip("/").split("/")
        if parts[0] == "tag":
            return site.tags[site.tag_by_slug[parts[1]]].name
        if parts[0] == "author":
            return site.authors[site.author_by_slug[parts[1]]].name
        if parts[0].isdigit():
            return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
        return site.sections[site.section_by_slug[parts[0]]].name

    # -- markup ----------------------------------------------------------------------------

    def card(self, site: SiteData, base: str, p: Post) -> str:
        section = site.sections[p.section]
        purl = esc(base + site.post_path(p))
        return (
            '<div class="p-wrap p-list p-list-2"><div class="list-holder"><div class="list-feat-'
            f'holder"><a href="{purl}"><img src="{base}{self.image_path(site, p)}" alt="" />'
            '</a></div><div class="p-content"><div class="p-categories"><a class="p-category" '
            f'href="{base}/{section.slug}/">{esc(section.name)}'
            f'</a></div><h3 class="entry-title"><a class="p-url" href="{purl}" rel="bookmark">'
            f'{esc(p.title)}</a></h3><p class="entry-summary">'
            f"{esc(site.teaser(p, 25))}&hellip;</p>"
            f'<div class="p-meta"><time datetime="{iso(p.published)}">{long_date(p.published)}'
            "</time></div></div></div></div>\n"
        )

    no_posts: ClassVar[str] = (
        '<p class="no-posts">It seems we can’t find what you’re looking for.</p>\n'
    )

    def listing_page(self, site: SiteData, base: str, listing: Listing) -> str:
        path, page, title = listing.path, listing.page, listing.title
        extra = ""
        if path == "/" and page == 1:
            trending = "".join(
                f'<li><a href="{esc(base + tracked)}">{esc(p.title)}</a></li>'
                for p, tracked in self.tracked(site)
            )
            extra = (
                '<div class="block-wrap block-trending"><div class="block-h"><h3 class="heading-'
                f'title">Trending</h3></div><ul class="trending-list">{trending}</ul></div>\n'
            )
            for k, sposts in enumerate(site.by_section):
                extra += (
                    f'<div class="block-wrap block-small block-list"><div class="block-h"><h3 '
                    f'class="heading-title"><a href="{base}/{site.sections[k].slug}/">'
                    f"{esc(site.sections[k].name)}</a></h3></div>"
                    + "".join(self.card(site, base, p) for p in sposts[::-1][:3])
                    + "</div>\n"
                )
        if site.traps and _MONTH_RE.match(path):
            prev_m, next_m = adjacent_months(int(path[1:5]), int(path[6:8]))
            extra += (
                f'<div class="calendar-nav"><a href="{base}{self.month_path(*prev_m)}">&laquo; '
                f'Previous month</a> <a href="{base}{self.month_path(*next_m)}">Next month '
                "&raquo;</a></div>\n"
            )
        heading = (
            f'<div class="archive-header"><h1 class="archive-title">{esc(title)}</h1></div>\n'
            if title
            else ""
        )
        body_class = "home blog" if path == "/" else "archive"
        url = base + self.paged(path, page)
        meta = '<meta property="og:type" content="website" />\n' + jsonld_script(
            [
                {
                    "@type": "CollectionPage",
                    "@id": url,
                    "url": url,
                    "name": f"{title} - {site.site_name}" if title else site.site_name,
                    "isPartOf": {"@id": f"{base}/#website"},
                },
                self.website(site, base),
            ]
        )
        return (
            self.head(site, base, Head(title, url, body_class, meta))
            + '<div class="archive-outer rb-container edge-padding">\n'
            + heading
            + extra
            + f'<div class="block-wrap block-list">{listing.cards}</div>\n'
            + listing.pagination
            + "</div>\n"
            + self.foot(site, base)
        )

    def pagination(self, page: int, n_pages: int, links: str) -> str:
        return f'<nav class="pagination-wrap pagination-number">{links}</nav>\n'

    page_link_markup: ClassVar[dict[str, str]] = {
        "prev": '<a class="prev page-numbers" href="{href}">Previous</a>',
        "next": '<a class="next page-numbers" href="{href}">Next</a>',
        "current": '<span aria-current="page" class="page-numbers current">{page}</span>',
        "page": '<a class="page-numbers" href="{href}">{page}</a>',
    }

    def _search(self, site: SiteData, base: str, term: str) -> Page | None:
        found = self.search(site, term)
        cards = "".join(self.card(site, base, p) for p in found[::-1])
        markup = (
            self.head(
                site,
                base,
                Head(
                    f"You searched for {term}",
                    None,
                    "search search-results",
                    '<meta name="robots" content="noindex, follow" />\n',
                ),
            )
            + '<div class="archive-outer rb-container edge-padding">\n'
            f'<div class="archive-header"><h1 class="archive-title">Search Results for: '
            f"{esc(term)}</h1></div>\n"
            f'<div class="block-wrap block-list">{cards}</div>\n</div>\n' + self.foot(site, base)
        )
        return html_page(markup)

    def _static_page(self, site: SiteData, base: str, page_id: int, title: str, path: str) -> str:
        url = base + path
        paras = (
            "SANA English is the English-language service of the Syrian Arab News Agency. It "
            "publishes news, reports and photos about Syria and the world around the clock.",
            "Our correspondents work in all Syrian governorates and in several Arab and foreign "
            "capitals. The service publishes dozens of stories every day.",
            "For questions about our content, corrections or cooperation, please write to the "
            "editorial team using the contact page.",
        )
        meta = (
            '<meta property="og:type" content="article" />\n'
            f'<meta property="og:title" content="{esc(title)}" />\n'
            f'<meta property="og:url" content="{esc(url)}" />\n'
            + jsonld_script(
                [
                    {
                        "@type": "WebPage",
                        "@id": url,
                        "url": url,
                        "name": f"{title} - {site.site_name}",
                        "isPartOf": {"@id": f"{base}/#website"},
                        "inLanguage": "en-US",
                    },
                    self.website(site, base),
                ]
            )
        )
        body = paragraphs_html(paras)
        return (
            self.head(site, base, Head(title, url, page_class(page_id), meta))
            + '<div class="single-page rb-container edge-padding">\n'
            f'<article id="post-{page_id}" class="post-{page_id} page type-page status-publish">'
            f'<header class="single-header"><h1 class="s-title">{esc(title)}</h1></header>\n'
            f'<div class="entry-content rbct clearfix">\n{body}</div></article>\n</div>\n'
            + self.foot(site, base)
        )
