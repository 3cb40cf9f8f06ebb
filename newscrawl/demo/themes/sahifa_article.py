"""The "sahifa" theme, part 2: the article page (body, meta tags, boxes) and its print view."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar
from urllib.parse import quote

from newscrawl.demo.model import esc, iso, long_date
from newscrawl.demo.themes.base import Head
from newscrawl.demo.themes.sahifa_chrome import SahifaLayout
from newscrawl.demo.themes.wordpress import paragraphs_html

if TYPE_CHECKING:
    from newscrawl.demo.model import Content, Post, SiteData


class SahifaPages(SahifaLayout):
    """The sahifa theme's article pages."""

    empty_paragraph: ClassVar[str] = "<p>&nbsp;</p>\n"

    def entry_top(self, site: SiteData, base: str, post: Post, content: Content) -> str:
        if not content.top_caption:
            return ""
        return (
            f'<div id="attachment_{post.post_id + 2}" style="width: 670px" class="wp-caption '
            f'aligncenter"><img class="size-full wp-image-{post.post_id + 2}" src="{base}'
            f"/wp-content/uploads/{post.published.year}/{post.published.month:02d}/"
            f'{post.post_id}-2.jpg" alt="" width="660" height="440" />'
            f'<p class="wp-caption-text">{esc(content.top_caption)}</p></div>\n'
        )

    def after_paragraph(
        self, site: SiteData, base: str, post: Post, content: Content, k: int
    ) -> str:
        if k != 0 or content.read_also is None or len(content.paragraphs) <= 2:
            return ""
        other = site.article_posts[content.read_also]
        return (
            f'<p><strong>Read also: </strong><a href="{esc(base + site.post_path(other))}"'
            f">{esc(other.title)}</a></p>\n"
        )

    def entry_bottom(self, site: SiteData, base: str, post: Post, content: Content) -> str:
        if not content.captions:
            return ""
        d = post.published
        uploads = f"{base}/wp-content/uploads/{d.year}/{d.month:02d}/{post.post_id}"
        figures = "".join(
            f"<figure class='gallery-item'><div class='gallery-icon landscape'><a href='"
            f"{uploads}-g{j}.jpg'><img width='150' height='150' src='{uploads}-g{j}"
            f"-150x150.jpg' class='attachment-thumbnail size-thumbnail' alt='' "
            f"aria-describedby='gallery-1-{post.post_id + 10 + j}' /></a></div>"
            f"<figcaption class='wp-caption-text gallery-caption' id='gallery-1-"
            f"{post.post_id + 10 + j}'>\n{esc(cap)}\n</figcaption></figure>"
            for j, cap in enumerate(content.captions)
        )
        return (
            f"<div id='gallery-1' class='gallery galleryid-{post.post_id} gallery-columns-3 "
            f"gallery-size-thumbnail'>{figures}\n</div>\n"
        )

    def paragraph(self, site: SiteData, base: str, post: Post, k: int, para: str) -> str:
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

    def article(self, site: SiteData, post: Post, base: str) -> str:
        content = site.post_content(post)
        url = base + site.post_path(post)
        section = site.sections[post.section]
        section_url = esc(base + self.section_path(site, post.section))
        authors = [site.authors[a] for a in post.authors]
        tags = [site.tags[t] for t in post.tags]
        image = base + self.image_path(site, post)
        modified = site.modified(post)
        meta = (
            self.article_meta(site, f"{post.title} - {site.site_name}", url, content, "/>")
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
        body_class = (
            f"post-template-default single single-post postid-{post.post_id} "
            "single-format-standard lazy-enabled"
        )
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
        markup_head = self.head(
            site,
            base,
            Head(
                post.title,
                url,
                body_class,
                meta,
                f"<link rel='shortlink' href='{base}/?p={post.post_id}' />\n",
            ),
        )
        markup = (
            markup_head + '<div class="content">\n'
            '<div xmlns:v="http://rdf.data-vocabulary.org/#" id="crumbs"><span '
            f'typeof="v:Breadcrumb"><a rel="v:url" property="v:title" class="crumbs-home" '
            f'href="{base}/">Home</a></span> <span class="delimiter">/</span> <span '
            f'typeof="v:Breadcrumb"><a rel="v:url" property="v:title" href="'
            f'{section_url}">{esc(section.name)}</a></span> <span '
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
            f'{section_url}" rel="category">{esc(section.name)}'
            "</a></span>\n"
            f'<span class="post-comments"><i class="fa fa-comments"></i><a href="{esc(url)}'
            f'#respond">Leave a comment</a></span>\n'
            "</p>\n"
            '<div class="clear"></div>\n'
            '<div class="entry">\n'
            + self.entry(site, base, post, content)
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
            "</div><!-- .content -->\n" + self.sidebar(site, base, full=False, popular=popular)
        )
        return markup + self.foot(site, base)

    def print_view(self, site: SiteData, post: Post, base: str) -> str:
        content = site.post_content(post)
        url = base + site.post_path(post)
        paras = paragraphs_html(content.paragraphs)
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
