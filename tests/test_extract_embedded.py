"""Article HTML carried only in a page's scripts (pages rendered in the browser)."""

from __future__ import annotations

import json

from newscrawl.extract import extract_article
from newscrawl.extract.embedded import embedded_articles

URL = "https://news.example.com/politics/2026/01/29/story"
STORY = [
    "The party expelled its former leader on Thursday, ending a month of open conflict "
    "between the two camps that had split the parliamentary group.",
    "Local elections are four months away, and the leadership now has to win back the "
    "moderate voters the dispute drove off, a senior member said.",
    "Regional chapters were told to prepare candidate lists by the end of February.",
    "The former leader said he would not leave politics and would speak to his supporters "
    "at a rally in the capital on Saturday afternoon.",
    "Polls published this week put the party at 24 percent, its lowest level in two years, "
    "with most of the losses among voters under forty.",
]


def _escaped(html: str) -> str:
    """Return `html` as a script serializer writes it into a JSON string literal."""
    return (
        json.dumps(html, ensure_ascii=False)[1:-1].replace("<", "\\u003c").replace(">", "\\u003e")
    )


def _page(*scripts: str, body: str = "<div id='root'></div>") -> str:
    tags = "".join(f"<script>{code}</script>" for code in scripts)
    return (
        "<html lang='en'><head><title>Party expels former leader | Example News</title>"
        "<meta property='og:title' content='Party expels former leader'></head>"
        f"<body><header><a href='/'>Example News</a></header>{body}{tags}</body></html>"
    )


def _story_html() -> str:
    return (
        "<div class='editor-img-box'><img src='/a.jpg'><div class='caption'><p>The leader "
        "arrives at the meeting. Photo: Agency</p></div></div>$$ARTICLEAD$$"
        + "".join(f"<p class='editor-p'>{p}</p>" for p in STORY)
    )


def test_a_next_js_stream_chunk_gives_the_body():
    html = _story_html()
    before = '1b:["$","h1",null,{"children":"Party expels former leader"}]\n'
    after = '1d:["$","div",null,{"className":"share-bar","children":"Share this story"}]\n'
    chunk = f"{before}1c:T{len(html.encode()):x},{html}{after}"  # length in UTF-8 bytes
    push = f'self.__next_f.push([1,"{_escaped(chunk)}"])'
    article = extract_article(_page("self.__next_f=self.__next_f||[]", push), URL)
    # no caption, no ad slot, no chunk header, nothing of the rows around the text chunk
    assert article.body == "\n\n".join(STORY)
    assert article.sources["body"] == "generic"


def test_the_string_with_the_most_paragraph_text_is_the_article():
    state = {
        "props": {
            "teaser": {"summaryHtml": "<p>Party expels leader.</p><p>Elections loom.</p>"},
            "article": {"contentHtml": _story_html(), "id": 7},
        }
    }
    code = "window.__STATE__ = " + _escaped(json.dumps(state)).join(['JSON.parse("', '")'])
    assert embedded_articles(_page(code)) == [STORY, ["Party expels leader.", "Elections loom."]]


def test_a_single_quoted_json_parse_blob_is_read():
    state = {
        "article": {"html": _story_html()},
        "list": [{"id": i, "title": f"Item {i}"} for i in range(50)],
    }
    blob = _escaped(json.dumps(state)).replace("'", "\\'")
    assert embedded_articles(_page(f"window.__STATE__ = JSON.parse('{blob}');")) == [STORY]


def test_javascript_hex_escapes_are_read():
    html = "".join(f"<p>{p}</p>" for p in STORY)
    code = 'var body = "' + html.replace("<", "\\x3c").replace(">", "\\x3e") + '";'
    assert embedded_articles(_page(code)) == [STORY]


def test_raw_markup_in_scripts_and_broken_literals_are_not_read():
    template = "var tpl = '<p>{{title}}</p><p>{{teaser}}</p>';"
    broken = 'var x = "\\u003cp\\u003eone\\u003c/p\\u003e\\u003cp\\u003e\\uZZZZ";'
    assert embedded_articles(_page(template, broken)) == []
    assert embedded_articles(_page()) == []


def test_a_short_story_in_the_html_is_not_replaced_by_another_one_in_the_scripts():
    brief = f"<article><p>{STORY[0]}</p><p>{STORY[2]}</p></article>"
    other = "Sidebar story about the weather. " * 20
    push = f'self.__next_f.push([1,"{_escaped(f"<p>{other}</p><p>{other}</p>")}"])'
    article = extract_article(_page(push, body=brief), URL)
    assert article.body == f"{STORY[0]}\n\n{STORY[2]}"


def test_a_teaser_shown_in_the_html_is_completed_from_the_scripts():
    push = f'self.__next_f.push([1,"{_escaped(_story_html())}"])'
    teaser = f"<article><p>{STORY[0]}</p><p>Subscribe to read more.</p></article>"
    article = extract_article(_page(push, body=teaser), URL)
    assert article.body == "\n\n".join(STORY)


def test_another_story_sharing_a_tagline_does_not_replace_the_shown_one():
    tagline = "Follow Example News on social media for the latest breaking news updates."
    own = "The minister resigned on Friday after a week of pressure over the contract affair."
    other = "".join(f"<p>{p}</p>" for p in [*STORY, tagline])
    state = {"props": {"nextArticle": {"contentHtml": other}}}
    script = "window.__STATE__=" + _escaped(json.dumps(state))
    shown = f"<article><p>{own}</p><p>{tagline}</p></article>"
    article = extract_article(_page(script, body=shown), URL)
    assert article.body.startswith(own)
    assert "expelled" not in article.body


def test_with_nothing_shown_the_scripts_story_must_match_the_title():
    push = f'self.__next_f.push([1,"{_escaped(_story_html())}"])'
    video = "<article><video src='/v.mp4'></video><p>Watch the video.</p></article>"
    page = _page(push, body=video).replace("Party expels former leader", "Storm closes airport")
    assert "expelled" not in extract_article(page, URL).body


def test_javascript_escapes_json_lacks_are_read():
    # \v, \0, a line continuation and a raw tab are JavaScript, not JSON
    p = "\\u003cp\\u003e"
    end = "\\u003c/p\\u003e"
    code = f'var body = "{p}The party expel\\\nled\\v its\tformer leader\\0.{end}{p}More.{end}";'
    assert embedded_articles(_page(code)) == [["The party expelled its former leader.", "More."]]


def test_an_unclosed_script_does_not_hide_the_scripts_before_it():
    push = f'self.__next_f.push([1,"{_escaped(_story_html())}"])'
    page = _page(push).replace("</body>", "<script>var broken = 1;</body>")
    assert embedded_articles(page) == [STORY]


def test_a_header_inside_a_text_chunk_is_text_and_a_lone_surrogate_breaks_nothing():
    html = "".join(f"<p>{p}</p>" for p in STORY) + "<p>Rows look like\n1d:T5, this.</p>"
    chunk = f"1c:T{len(html.encode()):x},{html}"
    push = f'self.__next_f.push([1,"{_escaped(chunk)}\\ud800"])'
    (paras,) = embedded_articles(_page(push))
    assert paras == [*STORY, "Rows look like 1d:T5, this."]
