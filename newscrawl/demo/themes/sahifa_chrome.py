"""The "sahifa" theme, part 1: listing paths and the page chrome (header, footer, sidebar).

The theme is SANA's archive site (WordPress, Sahifa theme, plain ``?p=ID`` permalinks):
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

from typing import TYPE_CHECKING, ClassVar

from newscrawl.demo.model import MONTHS, esc, long_date
from newscrawl.demo.themes.base import Head, Theme, adjacent_months, canonical_link

if TYPE_CHECKING:
    import random
    from collections.abc import Iterator, Sequence
    from datetime import datetime

    from newscrawl.demo.model import Post, SiteData

ABOUT_ID = 2
CONTACT_ID = 3


class SahifaLayout(Theme):
    """The sahifa theme's URLs and the chrome around every page's content."""

    name: ClassVar[str] = "sahifa"

    # -- layout ---------------------------------------------------------------------------

    @staticmethod
    def paged(path: str, page: int) -> str:
        if page <= 1:
            return path
        return f"{path}&paged={page}" if "?" in path else f"/?paged={page}"

    def listings(self, site: SiteData) -> Iterator[tuple[str, list[Post]]]:
        yield from super().listings(site)
        for y, m, d in self.calendar_days(site):
            yield f"/?m={y}{m:02d}{d:02d}", site.by_day[y, m, d]

    def dateline_prefix(self, city: str, published: datetime, rng: random.Random) -> str:
        return f"{city}, SANA-" + rng.choice(("", "", " "))

    # -- chrome ---------------------------------------------------------------------------

    def head(self, site: SiteData, base: str, page: Head) -> str:
        title, canonical, meta = page.title, page.canonical, page.meta
        full_title = f"{title} - {site.site_name}" if title else site.site_name
        nav = self.section_menu(site, base, 1000)
        canon = canonical_link(canonical)
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
            f"{page.extra_head}"
            '<meta name="viewport" content="width=device-width, initial-scale=1.0" />\n'
            "</head>\n"
            f'<body id="top" class="{page.body_class}">\n'
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

    def foot(self, site: SiteData, base: str, padding: str = "") -> str:
        links = "".join(
            f'<li><a href="{esc(base + self.section_path(site, k))}">{esc(s.name)}</a></li>'
            for k, s in enumerate(site.sections)
        )
        searches = " ".join(
            f'<a href="{base}/?s={t}" rel="nofollow">{t.title()}</a>'
            for t in self.facts.search_terms
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

    def sidebar(
        self, site: SiteData, base: str, *, full: bool, popular: Sequence[Post] = ()
    ) -> str:
        search = (
            f'<form method="get" id="searchform" action="{base}/"><input type="text" id="s" '
            'name="s" value="Search..." /><button type="submit">Go</button></form>'
        )
        parts = [
            '<aside id="sidebar">\n<div class="theiaStickySidebar">\n',
            _widget("search-2", "widget_search", "Search", search),
        ]
        if popular:
            items = "".join(
                f'<li><a href="{esc(base + site.post_path(p))}">{esc(p.title)}</a>'
                f' <span class="tie-date">{long_date(p.published)}</span></li>'
                for p in popular
            )
            parts.append(
                _widget("posts-list-widget-2", "posts-list", "Popular", f"<ul>{items}</ul>")
            )
        if full:
            recent = "".join(
                f'<li><a href="{esc(base + site.post_path(p))}">{esc(p.title)}</a></li>'
                for p in site.newest(5)
            )
            cloud = " ".join(
                f'<a href="{base}/?tag={t.slug}" class="tag-cloud-link tag-link-{k + 10}" '
                f'style="font-size: {8 + min(14, len(site.by_tag[k]))}pt;">{esc(t.name)}</a>'
                for k, t in enumerate(site.tags)
                if site.by_tag[k]
            )
            months = "".join(
                f'<li><a href="{base}/?m={y}{m:02d}">{MONTHS[m - 1]} {y}</a></li>'
                for (y, m) in sorted(site.by_month, reverse=True)
            )
            authors = "".join(
                f'<li><a href="{base}/?author={a.author_id}">{esc(a.name)}</a></li>'
                for k, a in enumerate(site.authors)
                if site.by_author[k]
            )
            parts += [
                _widget(
                    "recent-posts-2", "widget_recent_entries", "Recent Posts", f"<ul>{recent}</ul>"
                ),
                _widget(
                    "tag_cloud-2",
                    "widget_tag_cloud",
                    "Tags",
                    f'<div class="tagcloud">{cloud}</div>',
                ),
                _widget("archives-2", "widget_archive", "Archives", f"<ul>{months}</ul>"),
                _widget("authors-2", "widget_authors", "Our Editors", f"<ul>{authors}</ul>"),
            ]
        parts.append("</div></aside><!-- #sidebar /-->\n")
        return "".join(parts)

    def calendar_days(self, site: SiteData) -> list[tuple[int, int, int]]:
        newest = site.newest(1)[0].published
        return sorted(k for k in site.by_day if k[:2] == (newest.year, newest.month))

    def calendar(self, site: SiteData, base: str, month: tuple[int, int] | None) -> str:
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
        prev_link: tuple[int, int] | None
        next_link: tuple[int, int] | None
        if site.traps:
            prev_link, next_link = adjacent_months(y, m)
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
        return _widget(
            "calendar-2",
            "widget_calendar",
            "Calendar",
            '<div id="calendar_wrap" class="calendar_wrap"><table id="wp-calendar"><caption>'
            f"{MONTHS[m - 1]} {y}</caption><tbody><tr>{days}</tr></tbody><tfoot><tr>{nav}</tr>"
            "</tfoot></table></div>",
        )


def _widget(widget_id: str, kind: str, title: str, inner: str) -> str:
    """Return a sidebar widget box."""
    return (
        f'<div id="{widget_id}" class="widget {kind}"><div class="widget-top"><h4>{title}</h4>'
        '<div class="stripe-line"></div></div><div class="widget-container">'
        f"{inner}</div></div>\n"
    )


def _ul(items: str) -> str:
    return f"<ul>{items}</ul>"


def _div(css_class: str, inner: str) -> str:
    return f'<div class="{css_class}">{inner}</div>'
