"""The "sahifa" theme: SANA's archive site (WordPress, Sahifa theme, plain ``?p=ID`` permalinks).

Routing, sitemaps, listings and static pages; the URL layout and page chrome are in
`sahifa_chrome`, the article pages in `sahifa_article`.
"""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING, ClassVar

from newscrawl.demo.model import MONTHS, esc, long_date
from newscrawl.demo.themes.base import Head, page_class
from newscrawl.demo.themes.sahifa_article import SahifaPages
from newscrawl.demo.themes.sahifa_chrome import ABOUT_ID, CONTACT_ID
from newscrawl.demo.themes.wordpress import (
    html_page,
    int_param,
    paragraphs_html,
)

if TYPE_CHECKING:
    from newscrawl.demo.model import Page, Post, SiteData
    from newscrawl.demo.themes.base import Listing

_MONTH_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})?$")


class SahifaTheme(SahifaPages):
    """The sahifa theme: routes, sitemaps, listings, static pages."""

    # -- routing ----------------------------------------------------------------------------

    def route_theme(
        self, site: SiteData, path: str, query: dict[str, str], base: str
    ) -> Page | None:
        return self._route_query(site, query, base) if path == "/" else None

    def _route_query(self, site: SiteData, query: dict[str, str], base: str) -> Page | None:
        page = int_param(query, "paged", 1)
        if page is None or page < 1:
            return None
        post_id = int_param(query, "p")
        if post_id is not None:
            post = site.by_id.get(post_id)
            if post is None:
                return None
            if query.get("print"):
                return html_page(self.print_view(site, post, base))
            return self.article_page(site, post, base)
        if "feed" in query:
            return self.feed_query(site, base, query)
        page_id = int_param(query, "page_id")
        if page_id is not None:
            if page_id == ABOUT_ID:
                return html_page(self._about(site, base))
            if page_id == CONTACT_ID:
                return html_page(self._contact(site, base))
            return None
        if "cat" in query:
            cats = {s.cat_id: k for k, s in enumerate(site.sections)}
            k = cats.get(int_param(query, "cat") or -1)
            if k is None:
                return None
            name = site.sections[k].name
            return self.listing(
                site, base, site.by_section[k], page, self.section_path(site, k), name, "category"
            )
        if "tag" in query:
            t = site.tag_by_slug.get(query["tag"])
            if t is None or not site.by_tag[t]:
                return None
            path = f"/?tag={site.tags[t].slug}"
            return self.listing(
                site, base, site.by_tag[t], page, path, f"Tag Archives: {site.tags[t].name}", "tag"
            )
        if "author" in query:
            ids = {a.author_id: k for k, a in enumerate(site.authors)}
            a = ids.get(int_param(query, "author") or -1)
            if a is None or not site.by_author[a]:
                return None
            path = f"/?author={site.authors[a].author_id}"
            title = f"Author Archives: {site.authors[a].name}"
            return self.listing(site, base, site.by_author[a], page, path, title, "author")
        if "m" in query:
            return self._date_archive(site, base, query["m"], page)
        if "s" in query:
            term = query["s"].strip().lower()
            found = self.search(site, term)
            title = f"Search Results for: {query['s']}"
            return self.listing(site, base, found, page, f"/?s={term}", title, "search")
        return self.listing(site, base, site.posts, page, "/", "", "home")

    def _date_archive(self, site: SiteData, base: str, value: str, page: int) -> Page | None:
        m = _MONTH_RE.match(value)
        if not m:
            return None
        y, mo = int(m.group(1)), int(m.group(2))
        if not 1 <= mo <= 12 or y < 1:
            return None
        if m.group(3):
            d = int(m.group(3))
            posts = site.by_day.get((y, mo, d))
            if not posts:
                return None
            title = f"Daily Archives: {MONTHS[mo - 1]} {d}, {y}"
            return self.listing(site, base, posts, page, f"/?m={value}", title, "date")
        posts = site.by_month.get((y, mo), [])
        if not posts and not site.traps:
            return None
        title = f"Monthly Archives: {MONTHS[mo - 1]} {y}"
        return self.listing(site, base, posts, page, f"/?m={value}", title, "date", (y, mo))

    def not_found(self, site: SiteData, base: str) -> Page:
        markup = (
            self.head(site, base, Head("Page not found", None, "error404"))
            + '<div class="content"><div id="post-0" class="post error404 not-found">'
            '<h2 class="post-title">Not Found</h2><div class="entry"><p>Apologies, but the page '
            "you requested could not be found. Perhaps searching will help.</p></div></div></div>"
            + self.sidebar(site, base, full=False)
            + self.foot(site, base)
        )
        return html_page(markup, status=404)

    # -- markup -----------------------------------------------------------------------------

    def card(self, site: SiteData, base: str, post: Post) -> str:
        purl = esc(base + site.post_path(post))
        return (
            '<article class="item-list">\n'
            f'<h2 class="post-box-title"><a href="{purl}">{esc(post.title)}</a></h2>\n'
            '<p class="post-meta"><span class="tie-date"><i class="fa fa-clock-o"></i>'
            f"{long_date(post.published)}</span></p>\n"
            f'<div class="post-thumbnail"><a href="{purl}"><img width="310" height="165" '
            f'src="{base}{self.image_path(site, post)}" alt="" /></a></div>\n'
            '<div class="entry">\n'
            f"<p>{esc(site.teaser(post, 30))} &hellip;</p>\n"
            f'<a class="more-link" href="{purl}">Read More &raquo;</a>\n'
            "</div>\n"
            '<div class="clear"></div>\n</article><!-- .item-list -->\n'
        )

    no_posts: ClassVar[str] = (
        '<div id="post-0" class="post not-found post-listing"><h1 class="post-title">'
        'Nothing Found</h1><div class="entry"><p>Sorry, but nothing matched your search '
        "criteria.</p></div></div>\n"
    )

    def listing_page(self, site: SiteData, base: str, listing: Listing) -> str:
        kind, path, page, title = listing.kind, listing.path, listing.page, listing.title
        extra = ""
        if kind == "home" and page == 1:
            extra = self._home_boxes(site, base)
        if site.traps:
            sid = hashlib.sha1((path + str(page)).encode()).hexdigest()[:26]
            extra += (
                f'<p class="login-link"><a href="{base}/?cat={site.sections[0].cat_id}&amp;'
                f'PHPSESSID={sid}">Members area</a></p>\n'
            )
        heading = (
            f'<div class="page-head"><h1 class="page-title">{esc(title)}</h1>'
            '<div class="stripe-line"></div></div>\n'
            if title
            else ""
        )
        canonical = base + self.paged(path, page)
        body_class = {"home": "home blog", "category": "archive category"}.get(kind, f"{kind}")
        calendar = kind == "home" or (listing.month and site.traps)
        return (
            self.head(site, base, Head(title if kind != "home" else "", canonical, body_class))
            + '<div class="content">\n'
            + heading
            + extra
            + '<div class="post-listing archive-box">\n'
            + listing.cards
            + "</div>\n"
            + listing.pagination
            + "</div><!-- .content -->\n"
            + self.sidebar(site, base, full=True)
            + (self.calendar(site, base, listing.month) if calendar else "")
            + self.foot(site, base)
        )

    def pagination(self, page: int, n_pages: int, links: str) -> str:
        return (
            f'<div class="pagination"><span class="pages">Page {page} of {n_pages}</span>'
            f"{links}</div>\n"
        )

    page_link_markup: ClassVar[dict[str, str]] = {
        "prev": '<a class="previouspostslink" rel="prev" href="{href}">&laquo;</a>',
        "next": '<a class="nextpostslink" rel="next" href="{href}">&raquo;</a>',
        "current": '<span class="current">{page}</span>',
        "page": '<a class="page" title="{page}" href="{href}">{page}</a>',
    }

    def _home_boxes(self, site: SiteData, base: str) -> str:
        boxes = []
        for k, posts in enumerate(site.by_section):
            items = "".join(
                f'<li><a href="{esc(base + site.post_path(p))}">{esc(p.title)}</a></li>'
                for p in posts[::-1][:4]
            )
            boxes.append(
                f'<section class="cat-box list-box tie-cat-{site.sections[k].cat_id}">'
                '<div class="cat-box-title"><h2><a href="'
                f'{esc(base + self.section_path(site, k))}">'
                f'{esc(site.sections[k].name)}</a></h2></div><div class="cat-box-content">'
                f"<ul>{items}</ul></div></section>\n"
            )
        most_read = "".join(
            f'<li><a href="{esc(base + path)}">{esc(p.title)}</a></li>'
            for p, path in self.tracked(site)
        )
        return (
            "".join(boxes)
            + '<section class="cat-box most-read"><div class="cat-box-title"><h2>Most Read</h2>'
            f"</div><ul>{most_read}</ul></section>\n"
        )

    def _about(self, site: SiteData, base: str) -> str:
        paras = (
            "The Syrian Arab News Agency (SANA) is the official news agency of Syria. It was "
            "founded in 1965 and is based in Damascus.",
            "SANA publishes news, reports, photos and videos about Syria and the world around "
            "the clock, in several languages, through its website and its social media "
            "accounts.",
            "The agency has offices in all Syrian governorates and correspondents in a number "
            "of Arab and foreign capitals. Its English service was launched in 1998 and "
            "publishes dozens of stories every day, covering politics, the economy, culture "
            "and sports.",
        )
        return self._static_page(site, base, ABOUT_ID, "About Us", paras)

    def _contact(self, site: SiteData, base: str) -> str:
        paras = (
            "Address: Baramkeh, Damascus, Syria. Phone: +963 11 2222222.",
            "Please use the form below to send us your questions and comments.",
        )
        form = (
            f'<form action="{base}/?page_id={CONTACT_ID}" method="post" class="wpcf7-form">'
            '<p>Your Name<br /><input type="text" name="your-name" /></p><p>Your Email<br />'
            '<input type="email" name="your-email" /></p><p>Your Message<br /><textarea '
            'name="your-message"></textarea></p><p><input type="submit" value="Send" /></p>'
            "</form>\n"
        )
        return self._static_page(site, base, CONTACT_ID, "Contact Us", paras, form)

    def _static_page(
        self,
        site: SiteData,
        base: str,
        page_id: int,
        title: str,
        paras: tuple[str, ...],
        extra: str = "",
    ) -> str:
        url = f"{base}/?page_id={page_id}"
        meta = (
            '<meta property="og:type" content="website" />\n'
            f'<meta property="og:title" content="{esc(title)} - {esc(site.site_name)}" />\n'
            f'<meta property="og:url" content="{esc(url)}" />\n'
        )
        body = paragraphs_html(paras)
        return (
            self.head(site, base, Head(title, url, page_class(page_id), meta))
            + '<div class="content">\n'
            f'<article class="post-listing post-{page_id} page type-page status-publish hentry"'
            ' id="the-post">\n<div class="post-inner">\n'
            f'<h1 class="name post-title entry-title"><span itemprop="name">{esc(title)}</span>'
            "</h1>\n"
            '<div class="entry">\n'
            f"{body}{extra}"
            "</div><!-- .entry /-->\n</div>\n</article>\n</div><!-- .content -->\n"
            + self.sidebar(site, base, full=True)
            + self.foot(site, base)
        )
