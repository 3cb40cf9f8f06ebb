# ruff: noqa: RUF001 -- typographic quotes and dashes belong to the generated text
"""The "modern" theme, part 1: URL layout, page chrome and the article page (JSON-LD, AMP view).

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
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import quote

from newscrawl.demo.model import MONTHS, esc, iso, long_date
from newscrawl.demo.themes.base import Head, Theme, canonical_link
from newscrawl.demo.themes.wordpress import html_page, paragraphs_html

if TYPE_CHECKING:
    import random
    from datetime import datetime

    from newscrawl.demo.model import Content, Page, Post, SiteData

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
SEARCH_TERM = "damascus"


class ModernPages(Theme):
    """The modern theme's URLs, the chrome around every page and its article pages."""

    name: ClassVar[str] = "modern"
    empty_paragraph: ClassVar[str] = "<p></p>\n"

    # -- layout ---------------------------------------------------------------------------

    @staticmethod
    def paged(path: str, page: int) -> str:
        return path if page <= 1 else f"{path}page/{page}/"

    def dateline_prefix(self, city: str, published: datetime, rng: random.Random) -> str:
        return f"{city}, {_AP_MONTHS[published.month - 1]} {published.day} (SANA) – "

    # -- pages ----------------------------------------------------------------------------

    def after_paragraph(
        self, site: SiteData, base: str, post: Post, content: Content, k: int
    ) -> str:
        if k == 0 and content.captions:
            return (
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
            return (
                '<div class="inline-related light-scheme"><div class="block-h heading-layout-'
                '1"><div class="heading-inner"><h4 class="heading-title"><span>Related'
                '</span></h4></div></div><div class="block-inner">'
                f"{links}</div></div>\n"
            )
        return ""

    def not_found(self, site: SiteData, base: str) -> Page:
        markup = (
            self.head(site, base, Head("Page not found", None, "error404", ""))
            + '<div class="page404-wrap rb-container edge-padding"><div class="page404-inner">'
            '<h1 class="page404-title">Oops! Nothing was found</h1><p class="page404-desc">'
            "The page you are looking for might have been removed, had its name changed, or is "
            f'temporarily unavailable.</p><a class="page404-btn" href="{base}/">Return to '
            "homepage</a></div></div>\n" + self.foot(site, base)
        )
        return html_page(markup, status=404)

    def head(self, site: SiteData, base: str, page: Head) -> str:
        title, canonical, meta = page.title, page.canonical, page.meta
        full_title = f"{title} - {site.site_name}" if title else f"{site.site_name} - News"
        nav = self.section_menu(site, base, 2000, "<span>{}</span>")
        canon = canonical_link(canonical)
        return (
            '<!DOCTYPE html>\n<html lang="en-US">\n<head>\n<meta charset="UTF-8" />\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1" />\n'
            '<meta name="robots" content="index, follow, max-image-preview:large" />\n'
            f"<title>{esc(full_title)}</title>\n{canon}{meta}"
            f'<link rel="alternate" type="application/rss+xml" title="{esc(site.site_name)} '
            f'&raquo; Feed" href="{base}/feed/" />\n'
            f"<link rel='stylesheet' id='foxiz-main-css' href='{base}/wp-content/themes/foxiz/"
            "assets/css/main.css?ver=2.5.0' media='all' />\n"
            f"{page.extra_head}"
            "</head>\n"
            f'<body class="{page.body_class}" data-theme="default">\n'
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

    def foot(self, site: SiteData, base: str, padding: str = "") -> str:
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

    def _jsonld(self, site: SiteData, post: Post, base: str, n_words: int) -> str:
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
            self.website(site, base),
            self._organization(site, base),
        ]
        return jsonld_script(graph)

    @staticmethod
    def website(site: SiteData, base: str) -> dict[str, Any]:
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
    def _organization(site: SiteData, base: str) -> dict[str, Any]:
        return {
            "@type": "Organization",
            "@id": f"{base}/#organization",
            "name": "Syrian Arab News Agency",
            "url": f"{base}/",
            "logo": {"@type": "ImageObject", "url": f"{base}/wp-content/uploads/logo.png"},
        }

    def article(self, site: SiteData, post: Post, base: str) -> str:
        content = site.post_content(post)
        url = base + site.post_path(post)
        section = site.sections[post.section]
        authors = [site.authors[a] for a in post.authors]
        tags = [site.tags[t] for t in post.tags]
        image = base + self.image_path(site, post)
        modified = site.modified(post) or post.published
        n_words = len(" ".join(content.paragraphs).split())
        meta = (
            self.article_meta(site, post.title, url, content, " />")
            + f'<meta property="article:published_time" content="{iso(post.published)}" />\n'
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
            self.head(
                site,
                base,
                Head(
                    post.title,
                    url,
                    f"post-template-default single single-post postid-{post.post_id} "
                    "single-format-standard",
                    meta,
                    extra_head,
                ),
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
            f'{iso(modified)}">Last updated: {long_date(modified)} {clock(modified)}</time>'
            "</div></div></div></div>\n"
            "</header>\n"
            f'<div class="s-feat-outer"><div class="s-feat"><img width="1200" height="800" '
            f'src="{esc(image)}" class="wp-post-image" alt="" /></div>{caption}</div>\n'
            '<div class="s-ct"><div class="s-ct-inner"><div class="e-ct-outer">\n'
            '<div class="entry-content rbct clearfix is-highlight-shares">\n'
            + self.entry(site, base, post, content)
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
        return markup + self.foot(site, base)

    def amp(self, site: SiteData, post: Post, base: str) -> str:
        content = site.post_content(post)
        url = base + site.post_path(post)
        paras = paragraphs_html(content.paragraphs)
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


def clock(dt: datetime) -> str:
    return f"{(dt.hour % 12) or 12}:{dt.minute:02d} {'am' if dt.hour < 12 else 'pm'}"


def jsonld_script(graph: list[dict[str, Any]]) -> str:
    data = {"@context": "https://schema.org", "@graph": graph}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return f'<script type="application/ld+json" class="yoast-schema-graph">{text}</script>\n'
