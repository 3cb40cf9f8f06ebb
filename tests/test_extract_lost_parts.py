"""Pages that lose a large part of their text: the structural causes, on synthetic pages."""

from __future__ import annotations

import lxml.html

from newscrawl.extract.containers import join_split_body
from newscrawl.extract.generic import generic_body
from newscrawl.extract.owndom import decisive_paragraphs
from newscrawl.extract.prune import (
    attributed_elements,
    is_sidebar_widget,
    mark_boilerplate,
    unmark,
)
from newscrawl.extract.scoring import main_block

POST = (
    "„Ich weiß, ich bin müde und sollte das vielleicht nicht sagen…“ - „Dann sag es nicht.“"
    " - „Ok.“"
)
FEED = [
    f"Headline number {i} of the news feed: what the ministers decided about the budget on"
    f" Monday, and what the opposition parties said about it in the evening debate ({i})."
    for i in range(6)
]


def _blog(post: str, widget_class: str = "widget widget_rss", sidebar: str = "sidebar") -> str:
    items = "".join(
        f"<li><a href='/n{i}'>News {i}</a><div>{t}</div></li>" for i, t in enumerate(FEED)
    )
    return (
        "<html><body><div id='wrapper'><div id='header'><h1>A small blog</h1></div>"
        f"<div id='content'><div class='post'><h2>Nothing to do</h2><p>{post}</p></div></div>"
        f"<div id='{sidebar}'><ul>"
        f"<li class='{widget_class}'><h2>Feed</h2><ul>{items}</ul></li>"
        "</ul></div></div></body></html>"
    )


def test_a_widget_is_a_sidebar_widget_only_inside_a_sidebar() -> None:
    tree = lxml.html.fromstring(_blog(POST))
    widget = tree.xpath("//li[contains(@class, 'widget')]")[0]
    assert is_sidebar_widget(widget)
    # a page builder's content block named widget, outside any sidebar, is content
    tree = lxml.html.fromstring(_blog(POST, sidebar="column-2"))
    widget = tree.xpath("//li[contains(@class, 'widget')]")[0]
    assert not is_sidebar_widget(widget)
    tree = lxml.html.fromstring(_blog(POST, widget_class="elementor-widget"))
    assert not is_sidebar_widget(tree.xpath("//li[contains(@class, 'widget')]")[0])


def test_a_sidebar_feed_is_marked_however_long() -> None:
    tree = lxml.html.fromstring(_blog(POST))
    marked = mark_boilerplate(tree)
    try:
        assert any(el.get("class") == "widget widget_rss" for el in marked)
    finally:
        unmark(marked)


def test_a_sidebar_widget_holding_prose_is_not_marked() -> None:
    prose = "".join(f"<p>{t} {t}</p>" for t in FEED[:2])
    html = (
        "<html><body><div class='post'><p>Short.</p></div><div class='sidebar'>"
        f"<div class='widget'>{prose}</div></div></body></html>"
    )
    tree = lxml.html.fromstring(html)
    marked = mark_boilerplate(tree)
    unmark(marked)
    assert not any(el.get("class") == "widget" for el in marked)


def test_own_scoring_never_takes_a_sidebar_feed() -> None:
    tree = lxml.html.fromstring(_blog(POST))
    block = main_block(tree)
    assert block is not None
    assert "news feed" not in block.text_content()
    assert POST[:20] in block.text_content()


def test_a_short_post_is_not_replaced_by_the_sidebar_feed() -> None:
    tree = lxml.html.fromstring(_blog(POST))
    text = generic_body(tree, "https://blog.example.org/2013/06/14/nothing/")
    assert "„Ok.“" in text
    assert "news feed" not in text


# ------------------------------------------------ the own DOM path and pop-up boxes
ARTICLE = [
    f"Paragraph {i}: the council debated the budget for many hours on Monday, and members of"
    " every party spoke about schools, roads, public transport and the new taxes on shops."
    for i in range(5)
]
PITCH = (
    "More than 800,000 readers already get our weekly letter with tips for a calmer life:"
    " sign up now and get the first lesson of our course for free, every Sunday morning."
)


def _article_with(outside: str) -> lxml.html.HtmlElement:
    body = "".join(f"<p>{p}</p>" for p in ARTICLE[:3])
    body += "<h2>What comes next</h2><ul><li>Schools</li><li>Roads</li></ul>"
    body += "".join(f"<p>{p}</p>" for p in ARTICLE[3:])
    return lxml.html.fromstring(
        "<html><body><article><h1>Budget</h1>"
        f"<span class='ct-span'>{body}</span></article>{outside}</body></html>"
    )


def test_a_popup_pitch_outside_the_container_leaves_it_decisive() -> None:
    tree = _article_with(f"<div class='ct-modal'><div class='popup-text'>{PITCH}</div></div>")
    paras = decisive_paragraphs(tree)
    assert paras is not None
    assert "What comes next" in paras
    assert "- Roads" in paras
    assert PITCH not in paras


def test_prose_outside_the_container_and_outside_any_box_is_not_decisive() -> None:
    tree = _article_with(f"<div class='aside-text'><div>{PITCH}</div></div>")
    assert decisive_paragraphs(tree) is None


def test_a_box_holding_article_prose_is_no_box() -> None:
    long_paras = "".join(f"<p>{p} {p}</p>" for p in ARTICLE[:2])
    tree = _article_with(f"<div class='modal'><div>{PITCH}</div>{long_paras}</div>")
    assert decisive_paragraphs(tree) is None


# ------------------------------------------------ two rich-text modules, one extracted
FIRST = [
    f"First part {i}: condensation on the window frames is a common problem in winter, because"
    " warm moist air inside meets the cold glass and the water in it settles there."
    for i in range(2)
]
SECOND = [
    f"Second part {i}: airing the rooms three to five times a day for a few minutes with the"
    " windows wide open is the cheapest and most effective way to get rid of it for good."
    for i in range(2)
]


def _modules(second: str) -> lxml.html.HtmlElement:
    first = "".join(f"<p>{p}</p>" for p in FIRST)
    return lxml.html.fromstring(
        "<html><body><main><div class='grid'>"
        f"<div class='richtext col'>{first}</div>"
        "<div class='promo col-wrapper'></div>"
        f"<div class='richtext col'>{second}</div>"
        "</div></main></body></html>"
    )


def _joined(tree: lxml.html.HtmlElement) -> list[str]:
    return join_split_body(list(FIRST), tree, attributed_elements(tree))


def test_the_second_of_two_rich_text_modules_is_joined() -> None:
    second = "<h2>Airing helps most</h2>" + "".join(f"<p>{p}</p>" for p in SECOND)
    second += "<div class='inset'><div>Keep reading</div><div>The latest on homes, from heating"
    second += " to windows, gardens and everything else that our readers ask</div></div>"
    second += "<div>Date</div><div>Print</div>"
    assert _joined(_modules(second)) == [*FIRST, "Airing helps most", *SECOND]


def test_a_second_module_without_prose_is_not_joined() -> None:
    links = "".join(f"<p><a href='/s{i}'>{p}</a></p>" for i, p in enumerate(SECOND))
    assert _joined(_modules(links)) == FIRST
    assert _joined(_modules("<p>Date</p><p>Print</p>")) == FIRST
