"""A short post above a long reader-comment thread: the body is the post, never the comments."""

from __future__ import annotations

import pytest

from newscrawl.extract import extract_article, parse_document

POST = (
    "Scientists at the lab outlined plans for a second tram line with support from the "
    "neighbouring villages. Around 2,739 people took part this year."
)
COMMENT = (
    "The tenants' association paused higher parking charges in the old town with support "
    "from the neighbouring villages, and the county fire service welcomed plans for a second "
    "tram line despite objections from the opposition at a crowded meeting. "
)


@pytest.mark.parametrize(
    "thread",
    [
        # WordPress block theme
        '<div class="wp-block-comments"><ol class="wp-block-comment-template"><li>'
        '<div class="wp-block-comment-content"><p>{c}</p></div></li><li>'
        '<div class="wp-block-comment-content"><p>{c}</p></div></li></ol></div>',
        # classic WordPress theme
        '<div id="comments"><ol class="commentlist"><li class="comment"><div class="comment-body">'
        "<p>{c}</p><p>{c}</p></div></li></ol></div>",
    ],
)
def test_a_short_post_keeps_its_own_body_over_a_long_comment_thread(thread):
    html = (
        "<html><head><title>Tram line plans</title></head><body><main>"
        "<h1>Tram line plans</h1><time datetime='2025-06-20T10:00:00+02:00'>June 20</time>"
        f"<div class='entry-content'><p>{POST}</p></div>"
        + thread.format(c=COMMENT * 3)
        + "</main></body></html>"
    )
    url = "https://blog.example/2025/06/20/tram-line-plans/"
    article = extract_article(parse_document(html, url), url)
    assert article.body == POST


def test_schema_org_comments_are_pruned_before_the_generic_extraction():
    post = "".join(f"<p>{POST} Paragraph {i} of the post.</p>" for i in range(3))
    comments = "".join(
        f'<div itemprop="comment" itemscope itemtype="https://schema.org/Comment">'
        f'<p itemprop="text">{COMMENT} Reader {i}.</p></div>'
        for i in range(6)
    )
    html = (
        "<html><head><title>Tram line plans</title></head><body><article>"
        f"<h1>Tram line plans</h1>{post}</article><section>{comments}</section></body></html>"
    )
    url = "https://blog.example/2025/06/20/tram-line-plans/"
    body = extract_article(parse_document(html, url), url).body or ""
    assert "Paragraph 2 of the post" in body
    assert "Reader" not in body
