"""The "sahifa" theme: SANA's archive site (WordPress, Sahifa theme, plain ``?p=ID`` permalinks).

URL layout (all on one host):
    /                         home (latest posts, section boxes, most read, calendar)
    /?paged=P                 home pagination (P >= 2)
    /?p=ID                    article (any extra parameter such as utm_* or fbclid is ignored)
    /?p=ID&print=1            print view (``rel=canonical`` to the article)
    /?cat=N[&paged=P]         section;  /?tag=SLUG[&paged=P] tag;  /?author=N[&paged=P] author
    /?m=YYYYMM[&paged=P]      month archive;  /?m=YYYYMMDD day archive
    /?s=TERM                  search;  /?page_id=2 about;  /?page_id=3 contact
    /?feed=rss2, /feed/       RSS (newest 10 posts)
    /robots.txt, /sitemap_index.xml -> /post-sitemap.xml, /post-sitemap2.xml ...,
    /page-sitemap.xml, /category-sitemap.xml, /news-sitemap.xml (Google News);
    /sitemap.xml redirects to the index
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime
from typing import TYPE_CHECKING, ClassVar
from urllib.parse import quote

from newscrawl.demo._base import Theme, int_param
from newscrawl.demo.model import HTML, MONTHS, Page, Post, esc, iso, long_date

if TYPE_CHECKING:
    import random
    from collections.abc import Iterator, Sequence

    from newscrawl.demo.site import Site

ABOUT_ID = 2
CONTACT_ID = 3
SEARCH_TERMS = ("economy", "damascus")
_TRACKING = (
    (0, "utm_source=twitter&utm_medium=social"),
    (1, "utm_source=facebook&utm_medium=social&utm_campaign=sana"),
    (2, "fbclid=IwAR2x7Qd1vLmT0"),
    (3, "utm_source=newsletter&utm_medium=email"),
    (4, "fbclid=IwAR0kP9sZq4Hc1"),
)
"""Article index and query of the tracking variants linked from the home page."""
_MONTH_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})?$")


class SahifaTheme(Theme):
    name: ClassVar[str] = "sahifa"
    site_name: ClassVar[str] = "Syrian Arab News Agency"
    default_sections: ClassVar[tuple[str, ...]] = (
        "Politics",
        "Local",
        "Economy",
        "Culture",
        "Sports",
        "World",
    )
    default_start: ClassVar[date] = date(2018, 12, 1)
    first_post_id: ClassVar[int] = 150000
    galleries: ClassVar[bool] = True
    always_modified: ClassVar[bool] = False

    # -- layout ---------------------------------------------------------------------------

    def post_path(self, site: Site, post: Post) -> str:
        return f"/?p={post.post_id}"

    def dateline_prefix(self, city: str, published: datetime, rng: random.Random) -> str:
        return f"{city}, SANA-" + rng.choice(("", "", " "))

    def section_paths(self, site: Site) -> list[str]:
        return [self._cat(site, k) for k in range(len(site.sections))]

    @staticmethod
    def _cat(site: Site, k: int, page: int = 1) -> str:
        cat = site.sections[k].cat_id
        return f"/?cat={cat}" + (f"&paged={page}" if page > 1 else "")

    @staticmethod
    def _paged(path: str, page: int) -> str:
        if page <= 1:
            return path
        return f"{path}&paged={page}" if "?" in path else f"/?paged={page}"

    def variant_paths(self, site: Site) -> Iterator[str]:
        for post in site.posts:
            yield f"/?p={post.post_id}&print=1"
        for index, query in _TRACKING:
            if index < site.n_articles:
                yield f"/?p={site.article_posts[index].post_id}&{query}"

    def non_article_paths(self, site: Site) -> Iterator[str]:
        per = site.per_page
        yield "/"
        for page in range(2, self.n_pages(len(site.posts), per) + 1):
            yield f"/?paged={page}"
        for k, posts in enumerate(site.by_section):
            for page in range(1, self.n_pages(len(posts), per) + 1):
                yield self._cat(site, k, page)
        for k, posts in enumerate(site.by_tag):
            if posts:
                for page in range(1, self.n_pages(len(posts), per) + 1):
                    yield self._paged(f"/?tag={site.tags[k].slug}", page)
        for k, posts in enumerate(site.by_author):
            if posts:
                for page in range(1, self.n_pages(len(posts), per) + 1):
                    yield self._paged(f"/?author={site.authors[k].author_id}", page)
        for (y, m), posts in sorted(site.by_month.items()):
            for page in range(1, self.n_pages(len(posts), per) + 1):
                yield self._paged(f"/?m={y}{m:02d}", page)
        for y, m, d in self._calendar_days(site):
            for page in range(1, self.n_pages(len(site.by_day[y, m, d]), per) + 1):
                yield self._paged(f"/?m={y}{m:02d}{d:02d}", page)
        yield f"/?page_id={ABOUT_ID}"
        yield f"/?page_id={CONTACT_ID}"
        for term in SEARCH_TERMS:
            yield f"/?s={term}"
        if site.syndicated is not None:
            yield site.post_path(site.syndicated)
        yield from self.variant_paths(site)

    def _post_sitemaps(self, site: Site) -> list[list[Post]]:
        size = site.sitemap_size
        return [site.posts[k : k + size] for k in range(0, len(site.posts), size)]

    def sitemap_paths(self, site: Site) -> Iterator[str]:
        yield "/sitemap_index.xml"
        for k in range(len(self._post_sitemaps(site))):
            yield f"/post-sitemap{k + 1 if k else ''}.xml"
        yield "/page-sitemap.xml"
        yield "/category-sitemap.xml"
        yield "/news-sitemap.xml"

    # -- routing ----------------------------------------------------------------------------

    def route(self, site: Site, path: str, query: dict[str, str], base: str) -> Page | None:
        if path == "/":
            return self._route_query(site, query, base)
        if path == "/feed/":
            return self.rss(site, base, "/feed/")
        if path == "/robots.txt":
            return self.robots(base, ["/sitemap_index.xml", "/news-sitemap.xml"])
        if path == "/sitemap.xml":
            return self.redirect(base + "/sitemap_index.xml")
        if path == "/sitemap_index.xml":
            return self._sitemap_index(site, base)
        if path == "/news-sitemap.xml":
            return self.news_sitemap(site, base)
        if path == "/page-sitemap.xml":
            newest = site.newest(1)[0]
            return self.urlset(
                [
                    (base + "/", site.lastmod(newest)),
                    (f"{base}/?page_id={ABOUT_ID}", None),
                    (f"{base}/?page_id={CONTACT_ID}", None),
                ]
            )
        if path == "/category-sitemap.xml":
            return self.urlset(
                (base + self._cat(site, k), site.lastmod(posts[-1]) if posts else None)
                for k, posts in enumerate(site.by_section)
            )
        m = re.fullmatch(r"/post-sitemap(\d*)\.xml", path)
        if m:
            k = int(m.group(1) or 1) - 1
            chunks = self._post_sitemaps(site)
            if m.group(1) == "1" or not 0 <= k < len(chunks):
                return None
            return self.urlset((base + site.post_path(p), site.lastmod(p)) for p in chunks[k])
        if path.startswith("/wp-admin"):
            return self.forbidden()
        return self.static(path)

    def _sitemap_index(self, site: Site, base: str) -> Page:
        entries: list[tuple[str, datetime | None]] = []
        for k, chunk in enumerate(self._post_sitemaps(site)):
            entries.append(
                (f"{base}/post-sitemap{k + 1 if k else ''}.xml", max(map(site.lastmod, chunk)))
            )
        newest = site.lastmod(site.newest(1)[0])
        entries += [
            (f"{base}/page-sitemap.xml", newest),
            (f"{base}/category-sitemap.xml", newest),
            (f"{base}/news-sitemap.xml", newest),
        ]
        return self.sitemapindex(entries)

    def _route_query(self, site: Site, query: dict[str, str], base: str) -> Page | None:
        page = int_param(query, "paged", 1)
        if page is None or page < 1:
            return None
        post_id = int_param(query, "p")
        if post_id is not None:
            post = site.by_id.get(post_id)
            if post is None:
                return None
            if query.get("print"):
                return self.html_page(self._print(site, post, base))
            padding = site.page_kb * 1024 if site.page_kb else 0
            return self.html_page(self._article(site, post, base, padding), site.lastmod(post))
        if "feed" in query:
            return self.rss(site, base, "/?feed=rss2") if query["feed"] == "rss2" else None
        page_id = int_param(query, "page_id")
        if page_id is not None:
            if page_id == ABOUT_ID:
                return self.html_page(self._about(site, base))
            if page_id == CONTACT_ID:
                return self.html_page(self._contact(site, base))
            return None
        if "cat" in query:
            cats = {s.cat_id: k for k, s in enumerate(site.sections)}
            k = cats.get(int_param(query, "cat") or -1)
            if k is None:
                return None
            name = site.sections[k].name
            return self._listing(
                site, base, site.by_section[k], page, self._cat(site, k), name, "category"
            )
        if "tag" in query:
            t = site.tag_by_slug.get(query["tag"])
            if t is None or not site.by_tag[t]:
                return None
            path = f"/?tag={site.tags[t].slug}"
            return self._listing(
                site, base, site.by_tag[t], page, path, f"Tag Archives: {site.tags[t].name}", "tag"
            )
        if "author" in query:
            ids = {a.author_id: k for k, a in enumerate(site.authors)}
            a = ids.get(int_param(query, "author") or -1)
            if a is None or not site.by_author[a]:
                return None
            path = f"/?author={site.authors[a].author_id}"
            title = f"Author Archives: {site.authors[a].name}"
            return self._listing(site, base, site.by_author[a], page, path, title, "author")
        if "m" in query:
            return self._date_archive(site, base, query["m"], page)
        if "s" in query:
            term = query["s"].strip().lower()
            found = [p for p in site.posts if term and term in p.title.lower()]
            found = found[-site.per_page :]
            title = f"Search Results for: {query['s']}"
            return self._listing(site, base, found, page, f"/?s={term}", title, "search")
        return self._listing(site, base, site.posts, page, "/", "", "home")

    def _date_archive(self, site: Site, base: str, value: str, page: int) -> Page | None:
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
            return self._listing(site, base, posts, page, f"/?m={value}", title, "date")
        posts = site.by_month.get((y, mo), [])
        if not posts and not site.traps:
            return None
        title = f"Monthly Archives: {MONTHS[mo - 1]} {y}"
        return self._listing(site, base, posts, page, f"/?m={value}", title, "date", (y, mo))

    # -- markup -----------------------------------------------------------------------------

    def not_found(self, site: Site, base: str) -> Page:
        markup = (
            self._head(site, base, "Page not found", None, "error404")
            + '<div class="content"><div id="post-0" class="post error404 not-found">'
            '<h2 class="post-title">Not Found</h2><div class="entry"><p>Apologies, but the page '
            "you requested could not be found. Perhaps searching will help.</p></div></div></div>"
            + self._sidebar(site, base, full=False)
            + self._foot(site, base)
        )
        return Page(markup.encode(), HTML, 404)

    def _head(
        self,
        site: Site,
        base: str,
        title: str,
        canonical: str | None,
        body_class: str,
        meta: str = "",
        extra_head: str = "",
    ) -> str:
        full_title = f"{title} - {site.site_name}" if title else site.site_name
        nav = "".join(
            f'<li id="menu-item-{1000 + k}" class="menu-item menu-item-type-taxonomy '
            f'menu-item-object-category"><a href="{esc(base + self._cat(site, k))}">'
            f"{esc(s.name)}</a></li>\n"
            for k, s in enumerate(site.sections)
        )
        canon = f'<link rel="canonical" href="{esc(canonical)}" />\n' if canonical else ""
        return (
            "<!DOCTYPE html>\n"
            '<html lang="en-US" prefix="og: http://ogp.me/ns#">\n<head>\n'
            '<meta charset="UTF-8" />\n'
            '<link rel="profile" href="http://gmpg.org/xfn/11" />\n'
            f'<link rel="pingback" href="{base}/xmlrpc.php" />\n'
            f"<title>{esc(full_title)}</title>\n"
            f"{canon}{meta}"
            f'<link rel="alternate" type="application/rss+xml" title="{esc(site.site_name)} '
            f'&raquo; Feed" href="{base}/?feed=rss2" />\n'
            f"<link rel='stylesheet' id='tie-style-css' href='{base}/wp-content/themes/sahifa/"
            "style.css?ver=5.0.1' type='text/css' media='all' />\n"
            f"<script type='text/javascript' src='{base}/wp-includes/js/jquery/jquery.js?"
            "ver=1.12.4'></script>\n"
            f"{extra_head}"
            '<meta name="viewport" content="width=device-width, initial-scale=1.0" />\n'
            "</head>\n"
            f'<body id="top" class="{body_class}">\n'
            '<div class="wrapper-outer">\n<div class="background-cover"></div>\n'
            '<div id="wrapper" class="wide-layout">\n<div class="inner-wrapper">\n'
            '<header id="theme-header" class="theme-header">\n'
            '<div id="top-nav" class="top-nav"><div class="container">\n'
            '<div class="top-menu"><ul id="menu-top" class="menu">'
            f'<li class="menu-item"><a href="{base}/?page_id={ABOUT_ID}">About Us</a></li>'
            f'<li class="menu-item"><a href="{base}/?page_id={CONTACT_ID}">Contact Us</a></li>'
            "</ul></div>\n"
            f'<div class="search-block"><form method="get" id="searchform-header" '
            f'action="{base}/"><button class="search-button" type="submit" value="Search">'
            '<i class="fa fa-search"></i></button><input class="search-live" type="text" '
            'id="s-header" name="s" title="Search" value="Search" /></form></div>\n'
            "</div></div>\n"
            '<div class="header-content"><div class="container"><div class="logo"><h2>'
            f'<a title="{esc(site.site_name)}" href="{base}/"><img src="{base}/wp-content/'
            f'uploads/logo.png" alt="{esc(site.site_name)}" /><strong>{esc(site.site_name)}'
            "</strong></a></h2></div></div></div>\n"
            '<nav id="main-nav" class="fixed-enabled"><div class="container"><div '
            'class="main-menu"><ul id="menu-main" class="menu">\n'
            f'<li class="menu-item menu-item-home"><a href="{base}/">Home</a></li>\n'
            f"{nav}</ul></div></div></nav>\n"
            "</header>\n"
            '<div id="main-content" class="container">\n'
        )

    def _foot(self, site: Site, base: str, padding: str = "") -> str:
        links = "".join(
            f'<li><a href="{esc(base + self._cat(site, k))}">{esc(s.name)}</a></li>'
            for k, s in enumerate(site.sections)
        )
        searches = " ".join(
            f'<a href="{base}/?s={t}" rel="nofollow">{t.title()}</a>' for t in SEARCH_TERMS
        )
        year = site.start.year
        return (
            '<div class="clear"></div>\n</div><!-- .container /-->\n'
            '<footer id="theme-footer"><div id="footer-widget-area" class="footer-3c">'
            '<div id="footer-first" class="footer-widgets-box"><div class="footer-widget-top">'
            '<h4>About SANA</h4></div><div class="footer-widget-container"><p>The Syrian Arab '
            "News Agency publishes news in Arabic, English, French, Spanish, Russian, German, "
            "Turkish, Persian, Chinese and Hebrew.</p></div></div>"
            '<div id="footer-second" class="footer-widgets-box"><div class="footer-widget-top">'
            f"<h4>Sections</h4></div><ul>{links}</ul></div>"
            '<div id="footer-third" class="footer-widgets-box"><div class="footer-widget-top">'
            f"<h4>Popular searches</h4></div><p>{searches}</p></div>"
            "</div></footer>\n"
            '<div class="clear"></div>\n<div class="footer-bottom"><div class="container">'
            f'<div class="alignleft">&copy; Copyright {year}, All Rights Reserved</div>'
            "</div></div>\n"
            "</div><!-- .inner-Wrapper -->\n</div><!-- #Wrapper -->\n"
            "</div><!-- .Wrapper-outer -->\n"
            '<div id="topcontrol" class="fa fa-angle-up" title="Scroll To Top"></div>\n'
            f"{padding}\n"
            f"<script type='text/javascript' src='{base}/wp-content/themes/sahifa/js/"
            "tie-scripts.js'></script>\n"
            "</body>\n</html>\n"
        )

    def _sidebar(self, site: Site, base: str, *, full: bool, popular: Sequence[Post] = ()) -> str:
        parts = [
            '<aside id="sidebar">\n<div class="theiaStickySidebar">\n'
            '<div id="search-2" class="widget widget_search"><div class="widget-top"><h4>Search'
            '</h4><div class="stripe-line"></div></div><div class="widget-container">'
            f'<form method="get" id="searchform" action="{base}/"><input type="text" id="s" '
            'name="s" value="Search..." /><button type="submit">Go</button></form></div></div>\n'
        ]
        if popular:
            items = "".join(
                f'<li><a href="{esc(base + site.post_path(p))}">{esc(p.title)}</a>'
                f' <span class="tie-date">{long_date(p.published)}</span></li>'
                for p in popular
            )
            parts.append(
                '<div id="posts-list-widget-2" class="widget posts-list"><div class="widget-top">'
                '<h4>Popular</h4><div class="stripe-line"></div></div><div '
                f'class="widget-container"><ul>{items}</ul></div></div>\n'
            )
        if full:
            recent = "".join(
                f'<li><a href="{esc(base + site.post_path(p))}">{esc(p.title)}</a></li>'
                for p in site.newest(5)
            )
            parts.append(
                '<div id="recent-posts-2" class="widget widget_recent_entries"><div '
                'class="widget-top"><h4>Recent Posts</h4><div class="stripe-line"></div></div>'
                f'<div class="widget-container"><ul>{recent}</ul></div></div>\n'
            )
            cloud = " ".join(
                f'<a href="{base}/?tag={t.slug}" class="tag-cloud-link tag-link-{k + 10}" '
                f'style="font-size: {8 + min(14, len(site.by_tag[k]))}pt;">{esc(t.name)}</a>'
                for k, t in enumerate(site.tags)
                if site.by_tag[k]
            )
            parts.append(
                '<div id="tag_cloud-2" class="widget widget_tag_cloud"><div class="widget-top">'
                '<h4>Tags</h4><div class="stripe-line"></div></div><div class="widget-container">'
                f'<div class="tagcloud">{cloud}</div></div></div>\n'
            )
            months = "".join(
                f'<li><a href="{base}/?m={y}{m:02d}">{MONTHS[m - 1]} {y}</a></li>'
                for (y, m) in sorted(site.by_month, reverse=True)
            )
            parts.append(
                '<div id="archives-2" class="widget widget_archive"><div class="widget-top">'
                '<h4>Archives</h4><div class="stripe-line"></div></div><div '
                f'class="widget-container"><ul>{months}</ul></div></div>\n'
            )
            authors = "".join(
                f'<li><a href="{base}/?author={a.author_id}">{esc(a.name)}</a></li>'
                for k, a in enumerate(site.authors)
                if site.by_author[k]
            )
            parts.append(
                '<div id="authors-2" class="widget widget_authors"><div class="widget-top">'
                '<h4>Our Editors</h4><div class="stripe-line"></div></div><div '
                f'class="widget-container"><ul>{authors}</ul></div></div>\n'
            )
        parts.append("</div></aside><!-- #sidebar /-->\n")
        return "".join(parts)

    def _calendar_days(self, site: Site) -> list[tuple[int, int, int]]:
        newest = site.newest(1)[0].published
        return sorted(k for k in site.by_day if k[:2] == (newest.year, newest.month))

    def _calendar(self, site: Site, base: str, month: tuple[int, int] | None) -> str:
        """Return the calendar widget: days with posts linked, prev/next month links."""
        if month is None:
            newest = site.newest(1)[0].published
            month = (newest.year, newest.month)
        y, m = month
        days = "".join(
            f'<td><a href="{base}/?m={yy}{mm:02d}{dd:02d}" aria-label="Posts published on '
            f'{MONTHS[mm - 1]} {dd}, {yy}">{dd}</a></td>'
            for (yy, mm, dd) in sorted(site.by_day)
            if (yy, mm) == (y, m)
        )
        prev_m = (y, m - 1) if m > 1 else (y - 1, 12)
        next_m = (y, m + 1) if m < 12 else (y + 1, 1)
        prev_link: tuple[int, int] | None
        next_link: tuple[int, int] | None
        if site.traps:
            prev_link, next_link = prev_m, next_m
        else:
            earlier = [k for k in site.by_month if k < (y, m)]
            prev_link = max(earlier) if earlier else None
            next_link = None
        nav = ""
        if prev_link:
            nav += (
                f'<td colspan="3" id="prev"><a href="{base}/?m={prev_link[0]}{prev_link[1]:02d}">'
                f"&laquo; {MONTHS[prev_link[1] - 1][:3]}</a></td>"
            )
        if next_link:
            nav += (
                f'<td colspan="3" id="next"><a href="{base}/?m={next_link[0]}{next_link[1]:02d}">'
                f"{MONTHS[next_link[1] - 1][:3]} &raquo;</a></td>"
            )
        return (
            '<div id="calendar-2" class="widget widget_calendar"><div class="widget-top"><h4>'
            'Calendar</h4><div class="stripe-line"></div></div><div class="widget-container">'
            f'<div id="calendar_wrap" class="calendar_wrap"><table id="wp-calendar"><caption>'
            f"{MONTHS[m - 1]} {y}</caption><tbody><tr>{days}</tr></tbody><tfoot><tr>{nav}</tr>"
            "</tfoot></table></div></div></div>\n"
        )

    def _paragraph_html(self, site: Site, base: str, post: Post, k: int, para: str) -> str:
        markup = esc(para)
        if k == 1 and post.post_id % 3 == 0 and post.tags:
            tag = site.tags[post.tags[0]]
            m = re.search(rf"\b{re.escape(esc(tag.name))}\b", markup)
            if m:
                markup = (
                    f'{markup[: m.start()]}<a href="{base}/?tag={tag.slug}">{m.group(0)}</a>'
                    f"{markup[m.end() :]}"
                )
        return f"<p>{markup}</p>\n"

    def _article(self, site: Site, post: Post, base: str, padding_bytes: int) -> str:
        content = site.post_content(post)
        url = base + site.post_path(post)
        section = site.sections[post.section]
        authors = [site.authors[a] for a in post.authors]
        tags = [site.tags[t] for t in post.tags]
        image = base + self.image_path(site, post)
        modified = site.modified(post)
        meta = (
            f'<meta name="description" content="{esc(content.description)}"/>\n'
            '<meta property="og:locale" content="en_US" />\n'
            '<meta property="og:type" content="article" />\n'
            f'<meta property="og:title" content="{esc(post.title)} - {esc(site.site_name)}" />\n'
            f'<meta property="og:description" content="{esc(content.description)}" />\n'
            f'<meta property="og:url" content="{esc(url)}" />\n'
            f'<meta property="og:site_name" content="{esc(site.site_name)}" />\n'
            + "".join(f'<meta property="article:tag" content="{esc(t.name)}" />\n' for t in tags)
            + f'<meta property="article:section" content="{esc(section.name)}" />\n'
            f'<meta property="article:published_time" content="{iso(post.published)}" />\n'
            + (
                f'<meta property="article:modified_time" content="{iso(modified)}" />\n'
                f'<meta property="og:updated_time" content="{iso(modified)}" />\n'
                if modified
                else ""
            )
            + f'<meta property="og:image" content="{esc(image)}" />\n'
            '<meta name="twitter:card" content="summary_large_image" />\n'
            f'<meta name="twitter:title" content="{esc(post.title)} - {esc(site.site_name)}" />\n'
        )
        pad_head, pad_foot = "", ""
        body_class = (
            f"post-template-default single single-post postid-{post.post_id} "
            "single-format-standard lazy-enabled"
        )
        entry = []
        if content.top_caption:
            entry.append(
                f'<div id="attachment_{post.post_id + 2}" style="width: 670px" class="wp-caption '
                f'aligncenter"><img class="size-full wp-image-{post.post_id + 2}" src="{base}'
                f"/wp-content/uploads/{post.published.year}/{post.published.month:02d}/"
                f'{post.post_id}-2.jpg" alt="" width="660" height="440" />'
                f'<p class="wp-caption-text">{esc(content.top_caption)}</p></div>\n'
            )
        for k, para in enumerate(content.paragraphs):
            entry.append(self._paragraph_html(site, base, post, k, para))
            if k == 0 and content.read_also is not None and len(content.paragraphs) > 2:
                other = site.article_posts[content.read_also]
                entry.append(
                    f'<p><strong>Read also: </strong><a href="{esc(base + site.post_path(other))}"'
                    f">{esc(other.title)}</a></p>\n"
                )
            if k == content.empty_paragraph_after:
                entry.append("<p>&nbsp;</p>\n")
        if content.captions:
            figures = "".join(
                f"<figure class='gallery-item'><div class='gallery-icon landscape'><a href='"
                f"{base}/wp-content/uploads/{post.published.year}/{post.published.month:02d}/"
                f"{post.post_id}-g{j}.jpg'><img width='150' height='150' src='{base}/wp-content/"
                f"uploads/{post.published.year}/{post.published.month:02d}/{post.post_id}-g{j}"
                f"-150x150.jpg' class='attachment-thumbnail size-thumbnail' alt='' "
                f"aria-describedby='gallery-1-{post.post_id + 10 + j}' /></a></div>"
                f"<figcaption class='wp-caption-text gallery-caption' id='gallery-1-"
                f"{post.post_id + 10 + j}'>\n{esc(cap)}\n</figcaption></figure>"
                for j, cap in enumerate(content.captions)
            )
            entry.append(
                f"<div id='gallery-1' class='gallery galleryid-{post.post_id} gallery-columns-3 "
                f"gallery-size-thumbnail'>{figures}\n</div>\n"
            )
        entry.append(f"<p>{esc(content.initials)}</p>\n")
        author_links = ", ".join(
            f'<a href="{base}/?author={a.author_id}" title="">{esc(a.name)} </a>' for a in authors
        )
        tag_links = " ".join(
            f'<a href="{base}/?tag={t.slug}" rel="tag">{esc(t.name)}</a>' for t in tags
        )
        print_url = f"{base}/?p={post.post_id}&amp;print=1"
        share = (
            '<div class="share-post">\n<span class="share-text">Share</span>\n'
            '<ul class="flat-social">'
            f'<li><a href="http://www.facebook.com/sharer.php?u={esc(url)}" '
            'class="social-facebook" rel="external" target="_blank"><i class="fa fa-facebook">'
            "</i> <span>Facebook</span>"
            "</a></li>"
            f'<li><a href="https://twitter.com/intent/tweet?text={quote(post.title)}&amp;url='
            f'{esc(url)}" class="social-twitter" rel="external" target="_blank"><i class="fa '
            'fa-twitter"></i> <span>Twitter</span></a></li>'
            f'<li><a href="{print_url}" class="social-print" rel="nofollow"><i class="fa '
            'fa-print"></i> <span>Print</span></a></li>'
            '</ul>\n<div class="clear"></div>\n</div> <!-- .share-post -->\n'
        )
        related = ""
        if content.related:
            items = "".join(
                f'<div class="related-item"><div class="post-thumbnail"><a href="'
                f'{esc(base + site.post_path(p))}"><img width="310" height="165" src="{base}'
                f'{self.image_path(site, p)}" alt="" /></a></div><h3><a href="'
                f'{esc(base + site.post_path(p))}" rel="bookmark">{esc(p.title)}</a></h3>'
                f'<p class="post-meta"><span class="tie-date"><i class="fa fa-clock-o"></i>'
                f"{long_date(p.published)}</span></p></div>\n"
                for p in (site.article_posts[j] for j in content.related)
            )
            related = (
                '<section id="related_posts">\n<div class="block-head"><h3>Related Articles</h3>'
                '<div class="stripe-line"></div></div>\n<div class="post-listing">\n'
                f'{items}<div class="clear"></div>\n</div>\n</section>\n'
            )
        check_also = ""
        if content.check_also is not None:
            other = site.article_posts[content.check_also]
            other_url = esc(base + site.post_path(other))
            teaser = site.teaser(other, 16)
            check_also = (
                '<section id="check-also-box" class="post-listing check-also-right">\n'
                '<a href="#" id="check-also-close"><i class="fa fa-close"></i></a>\n'
                '<div class="block-head"><h3>Check Also</h3></div>\n'
                '<div class="check-also-post">\n'
                f'<div class="post-thumbnail"><a href="{other_url}"><img width="310" height="165"'
                f' src="{base}{self.image_path(site, other)}" alt="" /></a></div>\n'
                f'<h2 class="post-title"><a href="{other_url}" rel="bookmark">{esc(other.title)}'
                "</a></h2>\n"
                f"<p>{esc(teaser)} &hellip;</p>\n"
                "</div>\n</section>\n"
            )
        previous = ""
        if post.index > 0 and post.copy_of is None:
            prev = site.article_posts[post.index - 1]
            previous = (
                '<div class="post-navigation"><div class="post-previous"><a href="'
                f'{esc(base + site.post_path(prev))}" rel="prev"><span>Previous</span> '
                f"{esc(prev.title)}</a></div></div>\n"
            )
        comments = ""
        if content.comments:
            items = "".join(
                f'<li class="comment even thread-even depth-1" id="li-comment-{post.post_id + j}">'
                '<div class="comment-wrap"><div class="comment-avatar"><img alt="" src="'
                f'{base}/wp-content/uploads/avatar.png" class="avatar avatar-65" height="65" '
                'width="65" /></div><div class="comment-content"><div class="author-comment">'
                f'<cite class="fn">{esc(name)}</cite><div class="comment-meta commentmetadata">'
                f'<a href="{esc(url)}#comment-{post.post_id + j}">{long_date(post.published)}'
                f'</a></div></div><div class="comment-text"><p>{esc(body)}</p></div></div></div>'
                "</li>\n"
                for j, (name, body) in enumerate(content.comments)
            )
            comments = (
                f'<div id="comments-box"><div class="block-head"><h3 id="comments-title">'
                f'{len(content.comments)} comments</h3></div>\n<ol class="commentlist">'
                f"{items}</ol></div>\n"
            )
        respond = (
            '<div id="respond" class="comment-respond"><h3 id="reply-title" '
            'class="comment-reply-title">Leave a Reply</h3>'
            f'<form action="{base}/wp-comments-post.php" method="post" id="commentform" '
            'class="comment-form"><p class="comment-notes">Your email address will not be '
            'published. Required fields are marked *</p><p class="comment-form-comment"><label '
            'for="comment">Comment</label><textarea id="comment" name="comment" cols="45" '
            'rows="8"></textarea></p><p class="form-submit"><input name="submit" type="submit" '
            'id="submit" class="submit" value="Post Comment" /><input type="hidden" '
            f'name="comment_post_ID" value="{post.post_id}" /></p></form></div>\n'
        )
        popular = [site.article_posts[j] for j in content.related[:2]]
        markup_head = self._head(
            site,
            base,
            post.title,
            url,
            body_class,
            meta,
            f"<link rel='shortlink' href='{base}/?p={post.post_id}' />\n",
        )
        markup = (
            markup_head + '<div class="content">\n'
            '<div xmlns:v="http://rdf.data-vocabulary.org/#" id="crumbs"><span '
            f'typeof="v:Breadcrumb"><a rel="v:url" property="v:title" class="crumbs-home" '
            f'href="{base}/">Home</a></span> <span class="delimiter">/</span> <span '
            f'typeof="v:Breadcrumb"><a rel="v:url" property="v:title" href="'
            f'{esc(base + self._cat(site, post.section))}">{esc(section.name)}</a></span> <span '
            f'class="delimiter">/</span> <span class="current">{esc(post.title)}</span></div>\n'
            f'<article class="post-listing post-{post.post_id} post type-post status-publish '
            f'format-standard has-post-thumbnail hentry category-{section.slug}" id="the-post">\n'
            f'<div class="single-post-thumb"><img width="660" height="330" src="{esc(image)}" '
            'class="attachment-slider size-slider wp-post-image" alt="" /></div>\n'
            '<div class="post-inner">\n'
            '<h1 class="name post-title entry-title"><span itemprop="name">'
            f"{esc(post.title)}</span></h1>\n"
            '<p class="post-meta">\n'
            f'<span class="post-meta-author"><i class="fa fa-user"></i>{author_links}</span>\n'
            f'<span class="tie-date"><i class="fa fa-clock-o"></i>{long_date(post.published)}'
            "</span>\n"
            f'<span class="post-cats"><i class="fa fa-folder"></i><a href="'
            f'{esc(base + self._cat(site, post.section))}" rel="category">{esc(section.name)}'
            "</a></span>\n"
            f'<span class="post-comments"><i class="fa fa-comments"></i><a href="{esc(url)}'
            f'#respond">Leave a comment</a></span>\n'
            "</p>\n"
            '<div class="clear"></div>\n'
            '<div class="entry">\n'
            + "".join(entry)
            + "</div><!-- .entry /-->\n"
            + share
            + '<div class="clear"></div>\n'
            "</div><!-- .post-inner -->\n"
            "</article><!-- .post-listing -->\n"
            f'<p class="post-tag">Tags {tag_links}</p>\n'
            + previous
            + related
            + check_also
            + '<div id="comments">\n'
            + comments
            + respond
            + "</div><!-- #comments -->\n"
            "</div><!-- .content -->\n" + self._sidebar(site, base, full=False, popular=popular)
        )
        foot = self._foot(site, base)
        if padding_bytes:
            pad_head, pad_foot = self.padding(
                site, base, post, padding_bytes - len(markup) - len(foot)
            )
            markup = markup.replace("</head>\n", pad_head + "\n</head>\n", 1)
            foot = self._foot(site, base, pad_foot)
        return markup + foot

    def _print(self, site: Site, post: Post, base: str) -> str:
        content = site.post_content(post)
        url = base + site.post_path(post)
        paras = "".join(f"<p>{esc(p)}</p>\n" for p in content.paragraphs)
        by = ", ".join(site.authors[a].name for a in post.authors)
        return (
            '<!DOCTYPE html>\n<html lang="en-US">\n<head>\n<meta charset="UTF-8" />\n'
            f"<title>{esc(post.title)} - {esc(site.site_name)}</title>\n"
            f'<link rel="canonical" href="{esc(url)}" />\n'
            '<meta name="robots" content="noindex, follow" />\n'
            f"<link rel='stylesheet' href='{base}/wp-content/plugins/wp-print/print-css.css' "
            "type='text/css' media='all' />\n"
            '</head>\n<body class="print">\n'
            f'<p style="text-align: center;"><strong>- {esc(site.site_name)} - '
            f'{esc(base)}/ -</strong></p>\n<div class="center">'
            '<span class="hat"><strong>- Print This Post -</strong></span></div>\n'
            f'<h1 id="BlogTitle">{esc(post.title)}</h1>\n'
            f'<span id="BlogDate">Posted By <u>{esc(by)}</u> On {long_date(post.published)} '
            f"@ {post.published:%H:%M} In <u>{esc(site.sections[post.section].name)}</u></span>\n"
            f'<div id="BlogContent">{paras}<p>{esc(content.initials)}</p></div>\n'
            f'<hr class="Divider" /><p>Article printed from {esc(site.site_name)}: '
            f"<strong>{esc(base)}/</strong></p>\n<p>URL to article: <strong>{esc(url)}</strong>"
            '</p>\n<script type="text/javascript">window.print();</script>\n</body>\n</html>\n'
        )

    def _listing(
        self,
        site: Site,
        base: str,
        posts: list[Post],
        page: int,
        path: str,
        title: str,
        kind: str,
        month: tuple[int, int] | None = None,
    ) -> Page | None:
        sliced = self.paginate(posts, page, site.per_page)
        if sliced is None:
            return None
        shown, n_pages = sliced
        items = []
        for p in shown:
            purl = esc(base + site.post_path(p))
            items.append(
                '<article class="item-list">\n'
                f'<h2 class="post-box-title"><a href="{purl}">{esc(p.title)}</a></h2>\n'
                '<p class="post-meta"><span class="tie-date"><i class="fa fa-clock-o"></i>'
                f"{long_date(p.published)}</span></p>\n"
                f'<div class="post-thumbnail"><a href="{purl}"><img width="310" height="165" '
                f'src="{base}{self.image_path(site, p)}" alt="" /></a></div>\n'
                '<div class="entry">\n'
                f"<p>{esc(site.teaser(p, 30))} &hellip;</p>\n"
                f'<a class="more-link" href="{purl}">Read More &raquo;</a>\n'
                "</div>\n"
                '<div class="clear"></div>\n</article><!-- .item-list -->\n'
            )
        if not items:
            items.append(
                '<div id="post-0" class="post not-found post-listing"><h1 class="post-title">'
                'Nothing Found</h1><div class="entry"><p>Sorry, but nothing matched your search '
                "criteria.</p></div></div>\n"
            )
        pagination = ""
        if n_pages > 1:
            links = []
            if page > 1:
                links.append(
                    f'<a class="previouspostslink" rel="prev" href="'
                    f'{esc(base + self._paged(path, page - 1))}">&laquo;</a>'
                )
            for q in range(1, n_pages + 1):
                if q == page:
                    links.append(f'<span class="current">{q}</span>')
                elif abs(q - page) <= 2 or q in (1, n_pages):
                    links.append(
                        f'<a class="page" title="{q}" href="{esc(base + self._paged(path, q))}">'
                        f"{q}</a>"
                    )
            if page < n_pages:
                links.append(
                    f'<a class="nextpostslink" rel="next" href="'
                    f'{esc(base + self._paged(path, page + 1))}">&raquo;</a>'
                )
            pagination = (
                f'<div class="pagination"><span class="pages">Page {page} of {n_pages}</span>'
                + "".join(links)
                + "</div>\n"
            )
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
        canonical = base + self._paged(path, page)
        body_class = {"home": "home blog", "category": "archive category"}.get(kind, f"{kind}")
        markup = (
            self._head(site, base, title if kind != "home" else "", canonical, body_class)
            + '<div class="content">\n'
            + heading
            + extra
            + '<div class="post-listing archive-box">\n'
            + "".join(items)
            + "</div>\n"
            + pagination
            + "</div><!-- .content -->\n"
            + self._sidebar(site, base, full=True)
            + (
                self._calendar(site, base, month)
                if kind == "home" or (month and site.traps)
                else ""
            )
            + self._foot(site, base)
        )
        return self.html_page(markup)

    def _home_boxes(self, site: Site, base: str) -> str:
        boxes = []
        for k, posts in enumerate(site.by_section):
            items = "".join(
                f'<li><a href="{esc(base + site.post_path(p))}">{esc(p.title)}</a></li>'
                for p in posts[::-1][:4]
            )
            boxes.append(
                f'<section class="cat-box list-box tie-cat-{site.sections[k].cat_id}">'
                f'<div class="cat-box-title"><h2><a href="{esc(base + self._cat(site, k))}">'
                f'{esc(site.sections[k].name)}</a></h2></div><div class="cat-box-content">'
                f"<ul>{items}</ul></div></section>\n"
            )
        most_read = "".join(
            f'<li><a href="{esc(base)}/?p={site.article_posts[i].post_id}&amp;{esc(q)}">'
            f"{esc(site.article_posts[i].title)}</a></li>"
            for i, q in _TRACKING
            if i < site.n_articles
        )
        return (
            "".join(boxes)
            + '<section class="cat-box most-read"><div class="cat-box-title"><h2>Most Read</h2>'
            f"</div><ul>{most_read}</ul></section>\n"
        )

    def _about(self, site: Site, base: str) -> str:
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

    def _contact(self, site: Site, base: str) -> str:
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
        site: Site,
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
        body = "".join(f"<p>{esc(p)}</p>\n" for p in paras)
        return (
            self._head(
                site, base, title, url, f"page-template-default page page-id-{page_id}", meta
            )
            + '<div class="content">\n'
            f'<article class="post-listing post-{page_id} page type-page status-publish hentry"'
            ' id="the-post">\n<div class="post-inner">\n'
            f'<h1 class="name post-title entry-title"><span itemprop="name">{esc(title)}</span>'
            "</h1>\n"
            '<div class="entry">\n'
            f"{body}{extra}"
            "</div><!-- .entry /-->\n</div>\n</article>\n</div><!-- .content -->\n"
            + self._sidebar(site, base, full=True)
            + self._foot(site, base)
        )
