# ruff: noqa: RUF001 -- typographic quotes and dashes belong to the generated text
"""The "modern" theme: a current WordPress news theme (like SANA's 2025 relaunch), no profile.

URL layout:
    /, /page/N/                        home and its pagination
    /<section>/<id>/                   article (extra query parameters such as utm_* ignored)
    /<section>/<id>/amp/               AMP view (``rel=canonical`` to the article)
    /<section>/<id>                    301 to the slash form; /?p=ID 301 to the permalink
    /<section>/, /<section>/page/N/    section listing
    /tag/<slug>/[page/N/], /author/<slug>/[page/N/], /<yyyy>/<mm>/[page/N/]
    /about-us/, /contact-us/, /?s=TERM
    /feed/, /?feed=rss2                RSS (newest 10 posts)
    /robots.txt -> /wp-sitemap.xml -> /wp-sitemap-posts-post-N.xml, -posts-page-1,
    -taxonomies-category-1, -taxonomies-post_tag-1, -users-1; /sitemap.xml redirects to the index

Articles carry a JSON-LD ``NewsArticle`` (datePublished, dateModified, author, keywords,
articleSection) and og: tags. Static pages carry og:type ``article`` too (as Yoast does) but a
JSON-LD ``WebPage``.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import quote

from newscrawl.demo._base import Theme
from newscrawl.demo.model import HTML, MONTHS, Page, Post, esc, iso, long_date

if TYPE_CHECKING:
    import random
    from collections.abc import Iterator

    from newscrawl.demo.site import Site

_AP_MONTHS = (
    "Jan.",
    "Feb.",
    "March",
    "April",
    "May",
    "June",
    "July",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
)
_TRACKING = (
    (0, "utm_source=twitter&utm_medium=social"),
    (1, "utm_source=telegram&utm_medium=channel&utm_campaign=daily"),
    (2, "fbclid=IwAR3ab9Xy7KpQ2"),
    (3, "utm_source=newsletter&utm_medium=email"),
)
SEARCH_TERM = "damascus"
_PAGE_RE = re.compile(r"^(.*/)page/(\d+)/$")
_POST_RE = re.compile(r"^/([a-z0-9-]+)/(\d+)(/|/amp/)?$")
_MONTH_RE = re.compile(r"^/(\d{4})/(\d{2})/$")


class ModernTheme(Theme):
    name: ClassVar[str] = "modern"
    site_name: ClassVar[str] = "SANA"
    default_sections: ClassVar[tuple[str, ...]] = (
        "Politics",
        "Syria",
        "Local",
        "Economy",
        "World",
        "Culture",
    )
    default_start: ClassVar[date] = date(2025, 9, 1)
    first_post_id: ClassVar[int] = 200000
    galleries: ClassVar[bool] = False
    always_modified: ClassVar[bool] = True

    # -- layout ---------------------------------------------------------------------------

    def post_path(self, site: Site, post: Post) -> str:
        return f"/{site.sections[post.section].slug}/{post.post_id}/"

    def dateline_prefix(self, city: str, published: datetime, rng: random.Random) -> str:
        return f"{city}, {_AP_MONTHS[published.month - 1]} {published.day} (SANA) – "

    def section_paths(self, site: Site) -> list[str]:
        return [f"/{s.slug}/" for s in site.sections]

    @staticmethod
    def _paged(path: str, page: int) -> str:
        return path if page <= 1 else f"{path}page/{page}/"

    def variant_paths(self, site: Site) -> Iterator[str]:
        for post in site.posts:
            yield site.post_path(post) + "amp/"
        for index, query in _TRACKING:
            if index < site.n_articles:
                yield f"{site.post_path(site.article_posts[index])}?{query}"

    def _listings(self, site: Site) -> Iterator[tuple[str, list[Post]]]:
        yield "/", site.posts
        for k, posts in enumerate(site.by_section):
            yield f"/{site.sections[k].slug}/", posts
        for k, posts in enumerate(site.by_tag):
            if posts:
                yield f"/tag/{site.tags[k].slug}/", posts
        for k, posts in enumerate(site.by_author):
            if posts:
                yield f"/author/{site.authors[k].slug}/", posts
        for (y, m), posts in sorted(site.by_month.items()):
            yield f"/{y}/{m:02d}/", posts

    def non_article_paths(self, site: Site) -> Iterator[str]:
        for path, posts in self._listings(site):
            for page in range(1, self.n_pages(len(posts), site.per_page) + 1):
                yield self._paged(path, page)
        yield "/about-us/"
        yield "/contact-us/"
        yield f"/?s={SEARCH_TERM}"
        if site.syndicated is not None:
            yield site.post_path(site.syndicated)
        yield from self.variant_paths(site)

    def _post_sitemaps(self, site: Site) -> list[list[Post]]:
        size = site.sitemap_size
        return [site.posts[k : k + size] for k in range(0, len(site.posts), size)]

    def sitemap_paths(self, site: Site) -> Iterator[str]:
        yield "/wp-sitemap.xml"
        for k in range(len(self._post_sitemaps(site))):
            yield f"/wp-sitemap-posts-post-{k + 1}.xml"
        yield "/wp-sitemap-posts-page-1.xml"
        yield "/wp-sitemap-taxonomies-category-1.xml"
        yield "/wp-sitemap-taxonomies-post_tag-1.xml"
        yield "/wp-sitemap-users-1.xml"

    # -- routing ----------------------------------------------------------------------------

    def route(self, site: Site, path: str, query: dict[str, str], base: str) -> Page | None:
        if path == "/" and "p" in query:
            post = site.by_id.get(int(query["p"])) if query["p"].isdigit() else None
            return self.redirect(base + site.post_path(post)) if post else None
        if path == "/" and "feed" in query:
            return self.rss(site, base, "/?feed=rss2") if query["feed"] == "rss2" else None
        if path == "/" and "s" in query:
            return self._search(site, base, query["s"])
        if path == "/feed/":
            return self.rss(site, base, "/feed/")
        if path == "/robots.txt":
            return self.robots(base, ["/wp-sitemap.xml"])
        if path == "/sitemap.xml":
            return self.redirect(base + "/wp-sitemap.xml")
        if path.startswith("/wp-sitemap"):
            return self._sitemap(site, base, path)
        if path.startswith("/wp-admin"):
            return self.forbidden()
        if path.startswith(("/wp-content/", "/wp-includes/")):
            return self.static(path)
        if path == "/about-us/":
            return self.html_page(self._static_page(site, base, 2, "About Us", path))
        if path == "/contact-us/":
            return self.html_page(self._static_page(site, base, 3, "Contact Us", path))
        m = _POST_RE.match(path)
        post = site.by_id.get(int(m.group(2))) if m and not m.group(1).isdigit() else None
        if m and post is not None:
            canonical = site.post_path(post)
            if m.group(3) is None or m.group(1) != site.sections[post.section].slug:
                return self.redirect(base + canonical + ("amp/" if m.group(3) == "/amp/" else ""))
            if m.group(3) == "/amp/":
                return self.html_page(self._amp(site, post, base))
            padding = site.page_kb * 1024 if site.page_kb else 0
            return self.html_page(self._article(site, post, base, padding), site.lastmod(post))
        page = 1
        pm = _PAGE_RE.match(path)
        if pm:
            path, page = pm.group(1), int(pm.group(2))
            if page < 2:
                return None
        for listing_path, posts in self._listings(site):
            if listing_path == path:
                return self._listing(site, base, posts, page, path, self._title(site, path))
        mm = _MONTH_RE.match(path)
        if mm and site.traps:
            return self._listing(site, base, [], page, path, self._title(site, path))
        return None

    def _title(self, site: Site, path: str) -> str:
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

    def _sitemap(self, site: Site, base: str, path: str) -> Page | None:
        xsl = f'<?xml-stylesheet type="text/xsl" href="{base}/wp-sitemap.xsl" ?>'
        chunks = self._post_sitemaps(site)
        if path == "/wp-sitemap.xml":
            return self.sitemapindex(
                [(base + p, None) for p in self.sitemap_paths(site) if p != path],
                f'<?xml-stylesheet type="text/xsl" href="{base}/wp-sitemap-index.xsl" ?>',
            )
        m = re.fullmatch(r"/wp-sitemap-posts-post-(\d+)\.xml", path)
        if m:
            k = int(m.group(1)) - 1
            if not 0 <= k < len(chunks):
                return None
            return self.urlset(
                ((base + site.post_path(p), site.lastmod(p)) for p in chunks[k]), xsl
            )
        if path == "/wp-sitemap-posts-page-1.xml":
            return self.urlset([(base + "/about-us/", None), (base + "/contact-us/", None)], xsl)
        if path == "/wp-sitemap-taxonomies-category-1.xml":
            return self.urlset(((base + f"/{s.slug}/", None) for s in site.sections), xsl)
        if path == "/wp-sitemap-taxonomies-post_tag-1.xml":
            return self.urlset(
                (
                    (base + f"/tag/{t.slug}/", None)
                    for k, t in enumerate(site.tags)
                    if site.by_tag[k]
                ),
                xsl,
            )
        if path == "/wp-sitemap-users-1.xml":
            return self.urlset(
                (
                    (base + f"/author/{a.slug}/", None)
                    for k, a in enumerate(site.authors)
                    if site.by_author[k]
                ),
                xsl,
            )
        if path.endswith(".xsl"):
            return Page(
                b'<?xml version="1.0"?><xsl:stylesheet version="1.0" '
                b'xmlns:xsl="http://www.w3.org/1999/XSL/Transform"/>',
                "text/xsl",
            )
        return None

    # -- markup -----------------------------------------------------------------------------

    def not_found(self, site: Site, base: str) -> Page:
        markup = (
            self._head(site, base, "Page not found", None, "error404", "")
            + '<div class="page404-wrap rb-container edge-padding"><div class="page404-inner">'
            '<h1 class="page404-title">Oops! Nothing was found</h1><p class="page404-desc">'
            "The page you are looking for might have been removed, had its name changed, or is "
            f'temporarily unavailable.</p><a class="page404-btn" href="{base}/">Return to '
            "homepage</a></div></div>\n" + self._foot(site, base)
        )
        return Page(markup.encode(), HTML, 404)

    def _head(
        self,
        site: Site,
        base: str,
        title: str,
        canonical: str | None,
        body_class: str,
        meta: str,
        extra_head: str = "",
    ) -> str:
        full_title = f"{title} - {site.site_name}" if title else f"{site.site_name} - News"
        nav = "".join(
            f'<li id="menu-item-{2000 + k}" class="menu-item menu-item-type-taxonomy '
            f'menu-item-object-category"><a href="{base}/{s.slug}/"><span>{esc(s.name)}</span>'
            "</a></li>\n"
            for k, s in enumerate(site.sections)
        )
        canon = f'<link rel="canonical" href="{esc(canonical)}" />\n' if canonical else ""
        return (
            '<!DOCTYPE html>\n<html lang="en-US">\n<head>\n<meta charset="UTF-8" />\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1" />\n'
            '<meta name="robots" content="index, follow, max-image-preview:large" />\n'
            f"<title>{esc(full_title)}</title>\n{canon}{meta}"
            f'<link rel="alternate" type="application/rss+xml" title="{esc(site.site_name)} '
            f'&raquo; Feed" href="{base}/feed/" />\n'
            f"<link rel='stylesheet' id='foxiz-main-css' href='{base}/wp-content/themes/foxiz/"
            "assets/css/main.css?ver=2.5.0' media='all' />\n"
            f"{extra_head}"
            "</head>\n"
            f'<body class="{body_class}" data-theme="default">\n'
            '<div class="site-outer">\n'
            '<div id="site-header" class="header-wrap rb-section header-set-1 header-1">'
            '<div class="navbar-wrap"><div class="rb-container edge-padding"><div '
            'class="navbar-inner"><div class="navbar-left"><div class="logo-wrap is-image-logo '
            f'site-branding"><a href="{base}/" class="logo" title="{esc(site.site_name)}">'
            f'<img class="logo-default" height="60" width="180" src="{base}/wp-content/uploads/'
            f'logo.png" alt="{esc(site.site_name)}" /></a></div>\n'
            '<nav id="site-navigation" class="main-menu-wrap" aria-label="main menu">'
            f'<ul id="menu-main-1" class="main-menu rb-menu large-menu">\n{nav}</ul></nav></div>'
            '<div class="navbar-right"><div class="wnav-holder w-header-search">'
            f'<form role="search" method="get" class="search-form" action="{base}/">'
            '<input type="search" class="search-field" placeholder="Search Headlines, News..." '
            'value="" name="s" /></form></div></div></div></div></div></div>\n'
            '<div class="site-wrap">\n'
        )

    def _foot(self, site: Site, base: str, padding: str = "") -> str:
        months = "".join(
            f'<li><a href="{base}/{y}/{m:02d}/">{MONTHS[m - 1]} {y}</a></li>'
            for (y, m) in sorted(site.by_month, reverse=True)
        )
        return (
            "</div><!-- .site-wrap -->\n"
            '<footer class="footer-wrap rb-section left-dot"><div class="footer-inner">'
            '<div class="footer-columns rb-columns rb-container edge-padding">'
            '<div class="block-inner"><div class="w-sidebar"><h4 class="heading-title">'
            "About</h4><p>SANA English: news from Syria and the world.</p>"
            f'<ul class="footer-links"><li><a href="{base}/about-us/">About Us</a></li>'
            f'<li><a href="{base}/contact-us/">Contact Us</a></li>'
            f'<li><a href="{base}/?s={SEARCH_TERM}" rel="nofollow">Trending: Damascus</a></li>'
            "</ul></div>"
            '<div class="w-sidebar widget_archive"><h4 class="heading-title">Archives</h4>'
            f"<ul>{months}</ul></div></div></div>"
            '<div class="footer-copyright"><div class="copyright-inner rb-container">'
            f"<p>&copy; {site.start.year} SANA. All Rights Reserved.</p></div></div></div>"
            "</footer>\n"
            f"{padding}\n"
            f"<script src='{base}/wp-content/themes/foxiz/assets/js/global.js?ver=2.5.0' "
            "id='foxiz-global-js'></script>\n"
            "</div><!-- .site-outer -->\n</body>\n</html>\n"
        )

    def _jsonld(self, site: Site, post: Post, base: str, n_words: int) -> str:
        url = base + site.post_path(post)
        image = base + self.image_path(site, post)
        modified = site.modified(post) or post.published
        graph: list[dict[str, Any]] = [
            {
                "@type": "NewsArticle",
                "@id": f"{url}#article",
                "isPartOf": {"@id": url},
                "author": [
                    {
                        "@type": "Person",
                        "@id": f"{base}/#/schema/person/{site.authors[a].slug}",
                        "name": site.authors[a].name,
                        "url": f"{base}/author/{site.authors[a].slug}/",
                    }
                    for a in post.authors
                ],
                "headline": post.title,
                "datePublished": iso(post.published),
                "dateModified": iso(modified),
                "mainEntityOfPage": {"@id": url},
                "wordCount": n_words,
                "publisher": {"@id": f"{base}/#organization"},
                "image": {"@id": f"{url}#primaryimage"},
                "thumbnailUrl": image,
                "keywords": list(site.tag_names(post)),
                "articleSection": [site.sections[post.section].name],
                "inLanguage": "en-US",
            },
            {
                "@type": "WebPage",
                "@id": url,
                "url": url,
                "name": f"{post.title} - {site.site_name}",
                "isPartOf": {"@id": f"{base}/#website"},
                "datePublished": iso(post.published),
                "dateModified": iso(modified),
                "breadcrumb": {"@id": f"{url}#breadcrumb"},
                "inLanguage": "en-US",
            },
            {
                "@type": "ImageObject",
                "@id": f"{url}#primaryimage",
                "url": image,
                "contentUrl": image,
                "width": 1200,
                "height": 800,
            },
            {
                "@type": "BreadcrumbList",
                "@id": f"{url}#breadcrumb",
                "itemListElement": [
                    {"@type": "ListItem", "position": 1, "name": "Home", "item": f"{base}/"},
                    {
                        "@type": "ListItem",
                        "position": 2,
                        "name": site.sections[post.section].name,
                        "item": f"{base}/{site.sections[post.section].slug}/",
                    },
                    {"@type": "ListItem", "position": 3, "name": post.title},
                ],
            },
            self._website(site, base),
            self._organization(site, base),
        ]
        return _jsonld_script(graph)

    @staticmethod
    def _website(site: Site, base: str) -> dict[str, Any]:
        return {
            "@type": "WebSite",
            "@id": f"{base}/#website",
            "url": f"{base}/",
            "name": site.site_name,
            "publisher": {"@id": f"{base}/#organization"},
            "potentialAction": [
                {
                    "@type": "SearchAction",
                    "target": {
                        "@type": "EntryPoint",
                        "urlTemplate": f"{base}/?s={{search_term_string}}",
                    },
                    "query-input": "required name=search_term_string",
                }
            ],
            "inLanguage": "en-US",
        }

    @staticmethod
    def _organization(site: Site, base: str) -> dict[str, Any]:
        return {
            "@type": "Organization",
            "@id": f"{base}/#organization",
            "name": "Syrian Arab News Agency",
            "url": f"{base}/",
            "logo": {"@type": "ImageObject", "url": f"{base}/wp-content/uploads/logo.png"},
        }

    def _article(self, site: Site, post: Post, base: str, padding_bytes: int) -> str:
        content = site.post_content(post)
        url = base + site.post_path(post)
        section = site.sections[post.section]
        authors = [site.authors[a] for a in post.authors]
        tags = [site.tags[t] for t in post.tags]
        image = base + self.image_path(site, post)
        modified = site.modified(post) or post.published
        n_words = len(" ".join(content.paragraphs).split())
        meta = (
            f'<meta name="description" content="{esc(content.description)}" />\n'
            '<meta property="og:locale" content="en_US" />\n'
            '<meta property="og:type" content="article" />\n'
            f'<meta property="og:title" content="{esc(post.title)}" />\n'
            f'<meta property="og:description" content="{esc(content.description)}" />\n'
            f'<meta property="og:url" content="{esc(url)}" />\n'
            f'<meta property="og:site_name" content="{esc(site.site_name)}" />\n'
            f'<meta property="article:published_time" content="{iso(post.published)}" />\n'
            f'<meta property="article:modified_time" content="{iso(modified)}" />\n'
            f'<meta property="og:image" content="{esc(image)}" />\n'
            '<meta property="og:image:width" content="1200" />\n'
            '<meta property="og:image:height" content="800" />\n'
            f'<meta name="author" content="{esc(", ".join(a.name for a in authors))}" />\n'
            '<meta name="twitter:card" content="summary_large_image" />\n'
            + self._jsonld(site, post, base, n_words)
        )
        extra_head = (
            f'<link rel="amphtml" href="{esc(url)}amp/" />\n'
            f"<link rel='shortlink' href='{base}/?p={post.post_id}' />\n"
        )
        entry = []
        for k, para in enumerate(content.paragraphs):
            entry.append(f"<p>{esc(para)}</p>\n")
            if k == 0 and content.captions:
                entry.append(
                    '<figure class="wp-block-image size-large"><img decoding="async" width="1024"'
                    f' height="683" src="{base}/wp-content/uploads/{post.published.year}/'
                    f'{post.published.month:02d}/{post.post_id}-2-1024x683.jpg" alt="" class='
                    f'"wp-image-{post.post_id + 2}" /><figcaption class="wp-element-caption">'
                    f"{esc(content.captions[0])}</figcaption></figure>\n"
                )
            if k == 1 and content.read_also is not None and len(content.paragraphs) > 2:
                others = [site.article_posts[content.read_also]]
                others += [site.article_posts[j] for j in content.related[:1]]
                links = "".join(
                    '<div class="p-wrap p-list-inline" data-pid="'
                    f'{o.post_id}"><h6 class="entry-title"><i class="rbi rbi-plus"></i><a '
                    f'class="p-url" href="{esc(base + site.post_path(o))}" rel="bookmark">'
                    f"{esc(o.title)}</a></h6></div>"
                    for o in others
                )
                entry.append(
                    '<div class="inline-related light-scheme"><div class="block-h heading-layout-'
                    '1"><div class="heading-inner"><h4 class="heading-title"><span>Related'
                    '</span></h4></div></div><div class="block-inner">'
                    f"{links}</div></div>\n"
                )
            if k == content.empty_paragraph_after:
                entry.append("<p></p>\n")
        entry.append(f"<p>{esc(content.initials)}</p>\n")
        tag_links = "".join(
            f'<a href="{base}/tag/{t.slug}/" rel="tag">{esc(t.name)}</a>' for t in tags
        )
        efoot = (
            '<div class="efoot">'
            f'<div class="efoot-bar tag-bar"><span class="blabel">TAGGED:</span>{tag_links}</div>'
            '<div class="efoot-bar share-bar"><span class="share-label">Share This Article</span>'
            f'<a class="share-action share-trigger icon-facebook" href="https://www.facebook.com/'
            f'sharer.php?u={esc(url)}" rel="nofollow">Facebook</a><a class="share-action '
            f'icon-twitter" href="https://twitter.com/intent/tweet?text={quote(post.title)}&amp;'
            f'url={esc(url)}" rel="nofollow">X</a><a class="share-action icon-copy" href="#" '
            'rel="nofollow">Copy Link</a></div></div>\n'
        )
        author_links = " ".join(
            f'<span class="meta-el meta-author"><span class="meta-label">By</span><a href="'
            f'{base}/author/{a.slug}/">{esc(a.name)}</a></span>'
            for a in authors
        )
        related = ""
        if content.related:
            items = "".join(
                '<div class="p-wrap p-grid p-grid-small-1"><div class="feat-holder"><a href="'
                f'{esc(base + site.post_path(p))}"><img src="{base}{self.image_path(site, p)}" '
                f'alt="" /></a></div><h4 class="entry-title"><a class="p-url" href="'
                f'{esc(base + site.post_path(p))}" rel="bookmark">{esc(p.title)}</a></h4>'
                f'<div class="p-meta"><time datetime="{iso(p.published)}">{long_date(p.published)}'
                "</time></div></div>\n"
                for p in (site.article_posts[j] for j in content.related)
            )
            related = (
                '<aside class="sfoter-sec single-related"><div class="block-h"><h3 '
                f'class="heading-title">You Might Also Like</h3></div>{items}</aside>\n'
            )
        comments = ""
        if content.comments:
            comments = "".join(
                f'<li class="comment" id="comment-{post.post_id + j}"><article class="comment-'
                f'body"><footer class="comment-meta"><b class="fn">{esc(name)}</b></footer>'
                f'<div class="comment-content"><p>{esc(body)}</p></div></article></li>\n'
                for j, (name, body) in enumerate(content.comments)
            )
            comments = f'<ol class="comment-list">{comments}</ol>\n'
        caption = (
            f'<div class="feat-caption meta-text"><span class="caption-text meta-bold">'
            f"{esc(content.top_caption)}</span></div>"
            if content.top_caption
            else ""
        )
        markup = (
            self._head(
                site,
                base,
                post.title,
                url,
                f"post-template-default single single-post postid-{post.post_id} "
                "single-format-standard",
                meta,
                extra_head,
            )
            + '<div class="single-standard-1 is-sidebar-right"><div class="rb-container '
            'edge-padding">\n'
            f'<article id="post-{post.post_id}" class="post-{post.post_id} post type-post '
            f'status-publish format-standard has-post-thumbnail category-{section.slug}">\n'
            '<header class="single-header">\n'
            '<div class="breadcrumb-wrap s-breadcrumb"><div class="breadcrumb-inner"><span>'
            f'<a href="{base}/">Home</a></span> &gt; <span><a href="{base}/{section.slug}/">'
            f"{esc(section.name)}</a></span> &gt; <span>{esc(post.title)}</span></div></div>\n"
            '<div class="s-cats"><div class="p-categories"><a class="p-category" href="'
            f'{base}/{section.slug}/" rel="category">{esc(section.name)}</a></div></div>\n'
            f'<h1 class="s-title">{esc(post.title)}</h1>\n'
            '<div class="single-meta"><div class="smeta-in"><div class="smeta-sec"><div '
            f'class="p-meta"><div class="meta-inner is-meta">{author_links}'
            f'<span class="meta-el meta-date"><time class="date published" datetime="'
            f'{iso(post.published)}">{long_date(post.published)}</time></span></div></div>'
            f'<div class="smeta-bottom meta-text"><time class="updated-date" datetime="'
            f'{iso(modified)}">Last updated: {long_date(modified)} {_clock(modified)}</time>'
            "</div></div></div></div>\n"
            "</header>\n"
            f'<div class="s-feat-outer"><div class="s-feat"><img width="1200" height="800" '
            f'src="{esc(image)}" class="wp-post-image" alt="" /></div>{caption}</div>\n'
            '<div class="s-ct"><div class="s-ct-inner"><div class="e-ct-outer">\n'
            '<div class="entry-content rbct clearfix is-highlight-shares">\n'
            + "".join(entry)
            + efoot
            + "</div>\n</div></div></div>\n"
            + related
            + '<div class="comment-box-wrap entry-sec"><div class="comment-box-header"><span '
            f'class="h4">{len(content.comments)} Comments</span></div>{comments}'
            '<div id="respond" class="comment-respond"><h3 id="reply-title">Leave a Reply</h3>'
            f'<form action="{base}/wp-comments-post.php" method="post" id="commentform">'
            '<textarea id="comment" name="comment"></textarea><input type="submit" '
            'value="Post Comment" /></form></div></div>\n'
            "</article>\n"
            "</div></div>\n"
        )
        foot = self._foot(site, base)
        if padding_bytes:
            pad_head, pad_foot = self.padding(
                site, base, post, padding_bytes - len(markup) - len(foot)
            )
            markup = markup.replace("</head>\n", pad_head + "\n</head>\n", 1)
            foot = self._foot(site, base, pad_foot)
        return markup + foot

    def _amp(self, site: Site, post: Post, base: str) -> str:
        content = site.post_content(post)
        url = base + site.post_path(post)
        paras = "".join(f"<p>{esc(p)}</p>\n" for p in content.paragraphs)
        return (
            '<!doctype html>\n<html amp lang="en-US">\n<head>\n<meta charset="utf-8" />\n'
            '<meta name="viewport" content="width=device-width" />\n'
            f"<title>{esc(post.title)} - {esc(site.site_name)}</title>\n"
            f'<link rel="canonical" href="{esc(url)}" />\n'
            '<script async src="https://cdn.ampproject.org/v0.js"></script>\n'
            "<style amp-boilerplate>body{visibility:hidden}</style>\n"
            "</head>\n<body>\n"
            f'<header class="amp-wp-header"><a href="{base}/">{esc(site.site_name)}</a></header>\n'
            f'<article class="amp-wp-article"><header class="amp-wp-article-header">'
            f'<h1 class="amp-wp-title">{esc(post.title)}</h1></header>\n'
            f'<div class="amp-wp-article-content">{paras}<p>{esc(content.initials)}</p></div>'
            "</article>\n</body>\n</html>\n"
        )

    def _card(self, site: Site, base: str, p: Post) -> str:
        purl = esc(base + site.post_path(p))
        return (
            '<div class="p-wrap p-list p-list-2"><div class="list-holder"><div class="list-feat-'
            f'holder"><a href="{purl}"><img src="{base}{self.image_path(site, p)}" alt="" />'
            '</a></div><div class="p-content"><div class="p-categories"><a class="p-category" '
            f'href="{base}/{site.sections[p.section].slug}/">{esc(site.sections[p.section].name)}'
            f'</a></div><h3 class="entry-title"><a class="p-url" href="{purl}" rel="bookmark">'
            f'{esc(p.title)}</a></h3><p class="entry-summary">'
            f"{esc(site.teaser(p, 25))}&hellip;</p>"
            f'<div class="p-meta"><time datetime="{iso(p.published)}">{long_date(p.published)}'
            "</time></div></div></div></div>\n"
        )

    def _listing(
        self, site: Site, base: str, posts: list[Post], page: int, path: str, title: str
    ) -> Page | None:
        sliced = self.paginate(posts, page, site.per_page)
        if sliced is None:
            return None
        shown, n_pages = sliced
        cards = "".join(self._card(site, base, p) for p in shown) or (
            '<p class="no-posts">It seems we can’t find what you’re looking for.</p>\n'
        )
        nav = []
        if page > 1:
            nav.append(
                f'<a class="prev page-numbers" href="{base}{self._paged(path, page - 1)}">'
                "Previous</a>"
            )
        for q in range(1, n_pages + 1):
            if q == page:
                nav.append(f'<span aria-current="page" class="page-numbers current">{q}</span>')
            elif abs(q - page) <= 1 or q in (1, n_pages):
                nav.append(f'<a class="page-numbers" href="{base}{self._paged(path, q)}">{q}</a>')
        if page < n_pages:
            nav.append(
                f'<a class="next page-numbers" href="{base}{self._paged(path, page + 1)}">Next</a>'
            )
        pagination = (
            f'<nav class="pagination-wrap pagination-number">{"".join(nav)}</nav>\n'
            if n_pages > 1
            else ""
        )
        extra = ""
        if path == "/" and page == 1:
            trending = "".join(
                f'<li><a href="{esc(base + site.post_path(site.article_posts[i]))}?{esc(q)}">'
                f"{esc(site.article_posts[i].title)}</a></li>"
                for i, q in _TRACKING
                if i < site.n_articles
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
                    + "".join(self._card(site, base, p) for p in sposts[::-1][:3])
                    + "</div>\n"
                )
        if site.traps and _MONTH_RE.match(path):
            y, m = int(path[1:5]), int(path[6:8])
            prev_m = f"/{y}/{m - 1:02d}/" if m > 1 else f"/{y - 1}/12/"
            next_m = f"/{y}/{m + 1:02d}/" if m < 12 else f"/{y + 1}/01/"
            extra += (
                f'<div class="calendar-nav"><a href="{base}{prev_m}">&laquo; Previous month</a> '
                f'<a href="{base}{next_m}">Next month &raquo;</a></div>\n'
            )
        heading = (
            f'<div class="archive-header"><h1 class="archive-title">{esc(title)}</h1></div>\n'
            if title
            else ""
        )
        body_class = "home blog" if path == "/" else "archive"
        meta = '<meta property="og:type" content="website" />\n' + _jsonld_script(
            [
                {
                    "@type": "CollectionPage",
                    "@id": base + self._paged(path, page),
                    "url": base + self._paged(path, page),
                    "name": f"{title} - {site.site_name}" if title else site.site_name,
                    "isPartOf": {"@id": f"{base}/#website"},
                },
                self._website(site, base),
            ]
        )
        markup = (
            self._head(site, base, title, base + self._paged(path, page), body_class, meta)
            + '<div class="archive-outer rb-container edge-padding">\n'
            + heading
            + extra
            + f'<div class="block-wrap block-list">{cards}</div>\n'
            + pagination
            + "</div>\n"
            + self._foot(site, base)
        )
        return self.html_page(markup)

    def _search(self, site: Site, base: str, term: str) -> Page | None:
        low = term.strip().lower()
        found = [p for p in site.posts if low and low in p.title.lower()][-site.per_page :]
        cards = "".join(self._card(site, base, p) for p in found[::-1])
        markup = (
            self._head(
                site,
                base,
                f"You searched for {term}",
                None,
                "search search-results",
                '<meta name="robots" content="noindex, follow" />\n',
            )
            + '<div class="archive-outer rb-container edge-padding">\n'
            f'<div class="archive-header"><h1 class="archive-title">Search Results for: '
            f"{esc(term)}</h1></div>\n"
            f'<div class="block-wrap block-list">{cards}</div>\n</div>\n' + self._foot(site, base)
        )
        return self.html_page(markup)

    def _static_page(self, site: Site, base: str, page_id: int, title: str, path: str) -> str:
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
            + _jsonld_script(
                [
                    {
                        "@type": "WebPage",
                        "@id": url,
                        "url": url,
                        "name": f"{title} - {site.site_name}",
                        "isPartOf": {"@id": f"{base}/#website"},
                        "inLanguage": "en-US",
                    },
                    self._website(site, base),
                ]
            )
        )
        body = "".join(f"<p>{esc(p)}</p>\n" for p in paras)
        return (
            self._head(
                site, base, title, url, f"page-template-default page page-id-{page_id}", meta
            )
            + '<div class="single-page rb-container edge-padding">\n'
            f'<article id="post-{page_id}" class="post-{page_id} page type-page status-publish">'
            f'<header class="single-header"><h1 class="s-title">{esc(title)}</h1></header>\n'
            f'<div class="entry-content rbct clearfix">\n{body}</div></article>\n</div>\n'
            + self._foot(site, base)
        )


def _clock(dt: datetime) -> str:
    return f"{(dt.hour % 12) or 12}:{dt.minute:02d} {'am' if dt.hour < 12 else 'pm'}"


def _jsonld_script(graph: list[dict[str, Any]]) -> str:
    data = {"@context": "https://schema.org", "@graph": graph}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return f'<script type="application/ld+json" class="yoast-schema-graph">{text}</script>\n'
