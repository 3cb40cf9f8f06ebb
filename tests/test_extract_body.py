# ruff: noqa: RUF001 -- typographic apostrophes are part of the test data
"""Unit tests for the body layer: cleanup rules, datelines, standfirst, profile selectors."""

from __future__ import annotations

import pickle

import pytest

from newscrawl.extract import extract_article, parse_document
from newscrawl.extract.boilerplate import cleanup_paragraphs, is_dateish, is_initials
from newscrawl.extract.dateline import find_dateline
from newscrawl.extract.generic import _prose_missing
from newscrawl.extract.lead import find_lead
from newscrawl.extract.paragraphs import element_paragraphs
from newscrawl.extract.prune import mark_boilerplate, unmark
from newscrawl.extract.selectors import choose_layout, compiled_layouts
from newscrawl.sites import parse_profile

TEXT = [
    "The council approved the new budget on Monday after a long debate about schools.",
    "Members said the plan would raise spending on public transport by ten percent.",
    "Opposition members voted against it, saying the tax increases would hurt shops.",
]


@pytest.mark.parametrize(
    "junk",
    [
        "Read also: Council delays vote on schools",
        "See also: Earlier coverage",
        "Lesen Sie auch: Der Haushalt im Überblick",
        "À lire aussi La natalité russe menacée",
        "Photo: Jane Roe / Reuters",
        "Bild: Maximilian von Lachner",
        "© AP/dpa | Richard Drew",
        "Sign up for our newsletter to get the news in your inbox.",
        "Kh.A / H.H",
        "H.Z",
        "Stand: 22.04.2024, 06:00 Uhr",
        "Von Nina Magoley",
        "Got a story? Get in touch by emailing us at news@example.com.",
        "+++",
        "Sign up for our emails",
        "(dmk)",
        "Uppdaterad 15.59 | Publicerad 14.14",
        "Postmedia may earn an affiliate commission from purchases made through links.",
        "We independently select everything we recommend. Buying through us may earn us a "
        "commission, which supports our work.",
        "A mother sells bread in Ecatepec, Mexico, on Tuesday. (AP Photo/Marco Ugarte)A mother",
        "Ich bin damit einverstanden, dass mir der externe Inhalt angezeigt wird.",
        "Auf dieser Seite:",
        "- Zum Artikel: Tarifrunde im ÖPNV: Das wird verhandelt",
        "Pictured from left are the authors Jo Watson and Lindsay Norman at the fair.",
        "Click here to read the unsealed search warrant on the suspect's apartment.",
        "FUNDA OLUNYE UDABA LAPHA | Kuboshwe abahlanu besolwa ngokugwaza umfundi",
        "Table of contents",
    ],
)
def test_cleanup_drops_boilerplate_paragraphs(junk):
    assert cleanup_paragraphs([TEXT[0], junk, TEXT[1]]) == [TEXT[0], TEXT[1]]


def test_cleanup_cuts_at_related_headings():
    assert cleanup_paragraphs([*TEXT, "Related Articles", "Other story"]) == TEXT
    assert cleanup_paragraphs([*TEXT, "You may also like", "Other story"]) == TEXT


def test_a_related_label_whose_box_was_pruned_does_not_cut_the_last_paragraph():
    last = (
        "Conventional recording methods reach a little over one terabit per square inch today, "
        "and the company believes the new media will raise that to six terabits before long."
    )
    assert len(last) >= 160
    last = last + " " + last
    assert cleanup_paragraphs([*TEXT, "Related", last]) == [*TEXT, last]
    assert cleanup_paragraphs([*TEXT, "Related", "Other story", last]) == TEXT


@pytest.mark.parametrize(
    ("para", "pattern"),
    [
        # One publisher's or one theme's wording: the site profile names it, the general
        # rules do not (issue 14: rules that fit one publisher are tuning, not extraction).
        ("With files from The Associated Press", "^With files from "),
        (
            "Wie groß ist die Gefahr einer nuklearen Eskalation? 21.04.2024 | 3:18 min",
            r"\| \d+:\d\d min$",
        ),
        ("Passer la publicité", "^Passer la publicité$"),
        ("Il vous reste 80% de cet article à lire.", "de cet article à lire"),
    ],
)
def test_publisher_phrases_are_dropped_by_the_profile_only(para, pattern):
    import re

    assert cleanup_paragraphs([TEXT[0], para, TEXT[1]]) == [TEXT[0], para, TEXT[1]]
    dropped = cleanup_paragraphs([TEXT[0], para, TEXT[1]], drop_patterns=[re.compile(pattern)])
    assert dropped == [TEXT[0], TEXT[1]]


def test_check_also_box_is_cut_by_the_profile_stop_pattern():
    import re

    paras = [*TEXT, "Check Also", "More than 256 thousand students take exams"]
    assert cleanup_paragraphs(paras, stop_patterns=[re.compile("^Check Also$")]) == TEXT


def test_cleanup_keeps_a_heading_in_the_middle_of_the_text():
    paras = [TEXT[0], "What happens next", TEXT[1]]
    assert cleanup_paragraphs(paras) == paras


def test_cleanup_drops_leading_labels_and_headline_repeats():
    title = "Council approves budget"
    paras = ["Article content", "Politics Council approves budget", *TEXT]
    assert cleanup_paragraphs(paras, title=title) == TEXT


def test_cleanup_applies_profile_stop_and_drop_patterns():
    import re

    paras = [*TEXT[:2], "TAGGED: budget", TEXT[2]]
    assert cleanup_paragraphs(paras, [re.compile("^TAGGED:")]) == TEXT[:2]
    assert cleanup_paragraphs(TEXT, (), [re.compile("^Members")]) == [TEXT[0], TEXT[2]]


@pytest.mark.parametrize(
    ("first", "place"),
    [
        ("Damascus, SANA-Syria affirmed that the continuation of massacres", "Damascus"),
        ("Damascus, Oct. 2 (SANA) Foreign Minister met the envoy", "Damascus"),
        ("LONDON (Reuters) - British inflation fell in May", "London"),
        ("NEW YORK, May 3 (Reuters) - Stocks rose on Friday", "New York"),
        ("WASHINGTON — The Senate passed the bill", "Washington"),
        ("Aleppo, SANA- The Syrian Arab Army units", "Aleppo"),
    ],
)
def test_find_dateline(first, place):
    assert find_dateline(first) == place


@pytest.mark.parametrize(
    "first",
    [
        "The council approved the new budget on Monday.",
        "President Smith - who was elected in May - spoke on Monday.",
        "Update - the story has changed",
    ],
)
def test_find_dateline_ignores_ordinary_openings(first):
    assert find_dateline(first) is None


def test_is_initials_accepts_editor_initials_only():
    assert is_initials("Kh.A / H.H")
    assert is_initials("R.J")
    assert not is_initials("Hala Zain")
    assert not is_initials("U.S. troops left.")


def test_element_paragraphs_splits_blocks_and_skips_captions_and_scripts():
    doc = parse_document(
        "<div><p>One <b>bold</b> line</p><figure><figcaption>Caption</figcaption></figure>"
        "<script>var x;</script>Loose text<br>after break<h2>Heading</h2></div>",
        "http://a/",
    )
    root = doc.tree.find(".//div")
    assert element_paragraphs(root) == ["One bold line", "Loose text", "after break", "Heading"]


HEADLINE = "Council approves budget"
LEAD = "The vote ends months of argument over how to pay for schools."


def _lead(body: str, first: str = TEXT[0]) -> str | None:
    doc = parse_document(f"<html><body>{body}</body></html>", "http://a/")
    return find_lead(doc.tree, first, HEADLINE, None)


def test_find_lead_returns_the_standfirst_between_headline_and_body():
    body = f'<h1>{HEADLINE}</h1><p class="article-lead">{LEAD}</p><p>{TEXT[0]}</p><p>{TEXT[1]}</p>'
    assert _lead(body) == LEAD


def test_find_lead_reads_headers_whose_class_only_mentions_a_caption_or_credit():
    # "hasCaption" and "ContentHeaderAccreditation" are headers, not caption containers.
    for cls in ("articleHeader hasCaption", "ContentHeaderAccreditation-x1"):
        body = f'<h1>{HEADLINE}</h1><div class="{cls}"><h2 class="subtitle">{LEAD}</h2></div>'
        assert _lead(f"{body}<p>{TEXT[0]}</p>") == LEAD
    body = f'<h1>{HEADLINE}</h1><div class="wp-caption"><p class="intro">{LEAD}</p></div>'
    assert _lead(f"{body}<p>{TEXT[0]}</p>") is None


def test_find_lead_under_a_body_class_naming_captions_before_a_long_first_paragraph():
    # A page-wide body class (``wp-featherlight-captions``) is no caption container, and a
    # first paragraph longer than 1,500 characters still marks where the body starts.
    first = " ".join([TEXT[0]] * 20)
    body = f'<h1>{HEADLINE}</h1><div class="entry-excerpt">{LEAD}</div><p>{first}</p>'
    doc = parse_document(
        f'<html><body class="single wp-featherlight-captions">{body}</body></html>', "http://a/"
    )
    assert find_lead(doc.tree, first, HEADLINE, None) == LEAD


@pytest.mark.parametrize("cls", ["chapo", "vorspann", "entradilla", "perex", "occhiello"])
def test_find_lead_knows_the_standfirst_class_names_of_other_languages(cls):
    # rules/any.yaml, kind lead_class: the words sites use for the standfirst in their language
    body = f'<h1>{HEADLINE}</h1><div class="{cls}">{LEAD}</div><p>{TEXT[0]}</p>'
    assert _lead(body) == LEAD
    byline = f'<h1>{HEADLINE}</h1><div class="{cls} byline">{LEAD}</div><p>{TEXT[0]}</p>'
    assert _lead(byline) is None  # kind not_lead_class wins


def test_find_lead_before_a_body_that_opens_with_a_list():
    body = (
        f'<h1>{HEADLINE}</h1><p class="lead">{LEAD}</p>'
        f"<ul><li>{TEXT[0]}</li><li>{TEXT[1]}</li></ul><p>{TEXT[2]}</p>"
    )
    assert _lead(body, first=f"- {TEXT[0]}") == LEAD


def test_find_lead_ignores_text_before_the_headline():
    body = (
        '<p class="intro">Welcome to our site, the home of local news.</p>'
        f"<h1>{HEADLINE}</h1><p>{TEXT[0]}</p>"
    )
    assert _lead(body) is None


def test_find_lead_in_nested_wrappers_of_the_same_text():
    # Wrappers around the same words (spaces aside) are one text: the standfirst inside them
    # is found, and the body's first paragraph inside them still ends the search.
    lead = f'<div>\n <div class="summary">\n  <p class="lead"> {LEAD} </p>\n </div></div>'
    body = f"<h1>{HEADLINE}</h1>{lead}<div><div>\n<p>{TEXT[0]}</p></div></div>"
    assert _lead(body) == LEAD
    assert _lead(f"<h1>{HEADLINE}</h1><div><div>\n<p>{TEXT[0]}</p></div></div>{lead}") is None


def test_find_lead_ignores_a_standfirst_class_nested_before_the_headline():
    body = (
        f'<div class="top"><div class="lead">{LEAD}</div><span>Menu</span></div>'
        f"<h1>{HEADLINE}</h1><p>{TEXT[0]}</p>"
    )
    assert _lead(body) is None
    without_h1 = _lead(body.replace("<h1>", "<h2>").replace("</h1>", "</h2>"))
    assert without_h1 is not None
    assert without_h1.startswith(LEAD)


def test_boilerplate_marks_are_removed_from_the_shared_tree():
    doc = parse_document(
        '<html><body><article><p>Text</p></article><div class="related-posts"><a href="/x">X</a>'
        '</div><ul><li><a href="/a">Link one</a></li><li><a href="/b">Link two</a></li></ul>'
        "</body></html>",
        "http://a/",
    )
    marked = mark_boilerplate(doc.tree)
    assert {el.tag for el in marked} == {"div", "ul"}

    unmark(marked)
    assert not doc.tree.xpath("//*[@data-newscrawl-prune]")


@pytest.mark.parametrize("cls", ["fact-box border-color-black", "factbox", "infobox", "faktabox"])
def test_boilerplate_marks_in_article_fact_boxes(cls):
    doc = parse_document(
        f'<html><body><article><p>Text</p><div class="{cls}"><h3>Facts about it</h3>'
        "<ul><li>One fact.</li><li>Another fact.</li></ul></div></article></body></html>",
        "http://a/",
    )
    assert [el.get("class") for el in mark_boilerplate(doc.tree)] == [cls]


def test_boilerplate_inside_a_marked_block_is_not_marked_again():
    doc = parse_document(
        '<html><body><article><p>Text</p></article><div class="related-posts">'
        '<ul><li><a href="/a">Link one</a></li><li><a href="/b">Link two</a></li></ul>'
        '<h3><a href="/c">Teaser</a></h3></div><h3><a href="/d">Other teaser</a></h3>'
        "</body></html>",
        "http://a/",
    )
    marked = mark_boilerplate(doc.tree)
    assert [(el.tag, el.text_content()) for el in marked] == [
        ("div", "Link oneLink twoTeaser"),
        ("h3", "Other teaser"),
    ]


SENTENCE = "The council voted on Tuesday to rebuild the old market hall next year. "


@pytest.mark.parametrize(
    ("paragraphs", "found", "missing"),
    [
        ([SENTENCE * 3] * 2, 2 * len(SENTENCE * 3), False),  # all the prose was found
        ([SENTENCE * 3] * 12, 2 * len(SENTENCE * 3), True),  # ten paragraphs were not
        ([], 400, True),  # the text is not in <p>: no way to tell, look again
    ],
)
def test_prose_missing_compares_the_pages_paragraphs_with_what_was_found(
    paragraphs, found, missing
):
    html = "<html><body><article>" + "".join(f"<p>{p.strip()}</p>" for p in paragraphs)
    doc = parse_document(html + '</article><p class="x">Short.</p></body></html>', "http://a/")
    assert _prose_missing(doc.tree, found) is missing


def test_prose_missing_leaves_out_paragraphs_in_marked_boilerplate():
    story = ("<p>" + SENTENCE * 3 + "</p>") * 6
    promo = ("<p>" + SENTENCE * 2 + "</p>") * 4  # short paragraphs: a box, not prose
    html = f'<html><body><article>{story}</article><div class="newsletter">{promo}</div>'
    doc = parse_document(html + "</body></html>", "http://a/")
    found = 6 * len((SENTENCE * 3).strip())
    assert _prose_missing(doc.tree, found)
    marked = mark_boilerplate(doc.tree)
    assert [el.get("class") for el in marked] == ["newsletter"]
    assert not _prose_missing(doc.tree, found)
    unmark(marked)


def test_generic_extraction_leaves_the_shared_tree_unchanged():
    from lxml import etree

    html = (
        "<html><body><article><h1>T</h1>"
        + "".join(f"<p>{t}</p>" for t in TEXT * 3)
        + '</article><div class="share-buttons">Share</div></body></html>'
    )
    doc = parse_document(html, "http://a/")
    before = etree.tostring(doc.tree)
    extract_article(doc, "http://a/")
    assert etree.tostring(doc.tree) == before


PROFILE = """
name: demo
start_urls: [https://news.example/]
layouts:
  - name: new
    url_patterns: ['/new/']
    selectors: {title: h1.headline, body: div.story}
  - name: old
    selectors: {title: 'h1.old::text', body: div.content, authors: '.by a::text'}
    remove: [div.ad]
"""


def test_layout_choice_uses_url_patterns_then_selector_hits():
    profile = parse_profile(PROFILE)
    doc = parse_document(
        '<html><body><h1 class="old">Old title</h1><p class="by">By <a>Jane Roe</a></p>'
        '<div class="content"><p>Para one is here.</p><div class="ad">Buy now</div>'
        "<p>Para two is here.</p></div></body></html>",
        "https://news.example/new/1",
    )
    layout = choose_layout(profile, doc.url, doc.tree)
    assert layout is not None
    assert layout.layout.name == "old"  # "new" matches the URL but finds nothing
    item = extract_article(doc, doc.url, profile)
    assert item.title == "Old title"
    assert item.body == "Para one is here.\n\nPara two is here."
    assert item.authors == ["Jane Roe"]
    assert item.sources["body"] == "profile"


def test_compiled_selectors_are_cached_per_process_not_on_the_profile():
    profile = parse_profile(PROFILE)
    first = compiled_layouts(profile)
    assert compiled_layouts(profile) is first
    restored = pickle.loads(pickle.dumps(profile))
    assert compiled_layouts(restored) is first  # same digest, same cache entry


def _article_page(paras, ld_body=None, extra=""):
    ld = ""
    if ld_body is not None:
        import json

        ld = (
            '<script type="application/ld+json">'
            + json.dumps({"@type": "NewsArticle", "headline": "Budget", "articleBody": ld_body})
            + "</script>"
        )
    return (
        f"<html><head>{ld}</head><body><article><h1>Budget</h1>"
        + "".join(f"<p>{p}</p>" for p in paras)
        + f"{extra}</article></body></html>"
    )


LONG = [
    f"Paragraph {i}: the council debated the budget for many hours on Monday, and members of "
    "every party spoke about schools, roads, public transport and the new taxes on shops."
    for i in range(6)
]
PROMO = (
    "Our reporters work every day to bring you the news that matters in your town and region, "
    "so please consider supporting independent local journalism with a monthly contribution."
)


def test_paragraphs_missing_from_a_consistent_articlebody_are_dropped():
    html = _article_page([*LONG[:3], PROMO, *LONG[3:]], ld_body="\n".join(LONG))
    body = extract_article(html, "https://news.example/2024/05/03/budget").body
    assert PROMO not in body
    assert body.split("\n\n") == LONG


def test_a_teaser_articlebody_changes_nothing():
    html = _article_page([*LONG[:3], PROMO, *LONG[3:]], ld_body=LONG[0])
    body = extract_article(html, "https://news.example/2024/05/03/budget").body
    assert PROMO in body


def test_a_markdown_articlebody_is_read_as_text():
    # The page shows only the first paragraph; the publisher's copy is Markdown with links
    # and kramdown attribute lists.
    md = "\n\n".join(
        [
            LONG[0],
            LONG[1].replace("council", "[council](https://news.example/council)"),
            "{: .wide}",
            *LONG[2:],
        ]
    )
    html = _article_page(LONG[:1], ld_body=md)
    body = extract_article(html, "https://news.example/2024/05/03/budget").body
    assert body.split("\n\n") == LONG


def test_visible_byline_time_completes_a_date_only_value():
    html = (
        '<html><head><meta property="article:published_time" content="2024-04-25"></head>'
        "<body><h1>Hotel Lunik</h1><div>Do 25.04.24 | 14:07 Uhr | Von Eva Kirch</div>"
        + "".join(f"<p>{p}</p>" for p in LONG)
        + "</body></html>"
    )
    item = extract_article(html, "https://news.example/kultur/hotel-lunik.html")
    assert item.published == "2024-04-25T14:07:00+00:00"
    profile = parse_profile("name: x\nstart_urls: [https://news.example/]\ntimezone: '+02:00'\n")
    assert extract_article(html, "https://news.example/k/h.html", profile).published == (
        "2024-04-25T14:07:00+02:00"
    )


def test_lists_inside_the_text_are_kept_and_a_trailing_box_of_titles_dropped():
    # Short items inside the text are content (ingredients, specifications); link lists are
    # pruned by their link density before extraction (mark_boilerplate).
    spec = ["- Temp rating: 15°F", "- Fill: 650 Fill Power Down", "- Weight: 2 lb 3 oz"]
    prose = [
        "- The council will raise spending on public transport by ten percent next year.",
        "- The new taxes on shops start in January and will be reviewed after one year.",
        "- Schools get a larger share of the budget than in any year since 2010, aides said.",
    ]
    assert cleanup_paragraphs([TEXT[0], *spec, TEXT[1]]) == [TEXT[0], *spec, TEXT[1]]
    assert cleanup_paragraphs([TEXT[0], *prose, TEXT[1]]) == [TEXT[0], *prose, TEXT[1]]
    # After the last paragraph: a list of titles or tags is a box and goes; a list of
    # sentences (steps of a recipe or a how-to, references, key points) is text and stays.
    teasers = ["- Council votes on the new budget", "- Tags: budget", "- More from the city"]
    assert cleanup_paragraphs([TEXT[0], TEXT[1], *teasers]) == [TEXT[0], TEXT[1]]
    assert cleanup_paragraphs([TEXT[0], TEXT[1], *prose]) == [TEXT[0], TEXT[1], *prose]


def test_sentences_split_at_inline_elements_are_rejoined():
    paras = [
        "Chaudhry blamed a political party without naming ousted PM",
        "Imran",
        "’s party, which has a formidable social media presence.",
    ]
    assert cleanup_paragraphs(paras) == [
        "Chaudhry blamed a political party without naming ousted PM",
        "Imran’s party, which has a formidable social media presence.",
    ]


def test_a_lone_dateline_is_joined_to_the_paragraph_it_opens():
    assert cleanup_paragraphs(["NEW DELHI:", TEXT[0], TEXT[1]]) == [
        f"NEW DELHI: {TEXT[0]}",
        TEXT[1],
    ]


def test_article_body_container_with_a_share_modifier_class_is_kept():
    html = (
        '<html><head><title>T</title></head><body><nav><a href="/">Home</a></nav><article>'
        "<h1>Short one</h1>"
        '<div class="entry-content is-highlight-shares">'
        "<p>Damascus, Oct. 2 (SANA) – The ministry said on Monday that the new water station "
        "in the countryside will serve ten thousand people.</p>"
        "<p>Work started last year and cost SYP 300 million.</p></div></article>"
        "<footer>Copyright</footer></body></html>"
    )
    body = extract_article(html, "http://127.0.0.1/local/200474/").body
    assert body.startswith("Damascus, Oct. 2 (SANA)")
    assert body.endswith("cost SYP 300 million.")


def test_a_page_laid_out_in_tables_still_gets_its_text():
    # No <p> at all and the text in layout-table cells: trafilatura's precision settings
    # find nothing, and then the wider pass is taken whatever its length.
    story = (
        "肉をくわえたイヌが、橋を渡っていました。"
        "ふと下を見ると、川の中にも肉をくわえたイヌがいます。"
    )
    html = (
        "<html><head><title>欲張りなイヌ</title></head><body><table><tr>"
        "<td><a href='/'>トップ</a><br><a href='/a'>童話</a></td>"
        f"<td><font size=4>欲張りなイヌ</font><br><br>{story}<br>{story * 2}<br>おしまい</td>"
        "</tr></table></body></html>"
    )
    body = extract_article(html, "https://tales.example/a.htm").body
    assert story in body


def test_a_closing_note_about_the_author_is_not_body_text():
    bio = "Jane Doe is a senior researcher at the City Observatory and writes about housing."
    quote = (
        "Jane Doe said the council had ignored the traders for a decade, and called it a shame."
    )
    html = _article_page([LONG[0], quote, *LONG[1:4], bio]).replace(
        "</head>", '<meta name="author" content="Jane Doe"></head>'
    )
    article = extract_article(html, "https://news.example/2024/05/03/budget")
    assert article.authors == ["Jane Doe"]
    assert article.body.split("\n\n") == [LONG[0], quote, *LONG[1:4]]
    # a closing credit that names the author further on is the story's own text
    credit = "This article builds on joint research by the newsroom and Jane Doe, with data."
    html = _article_page([*LONG[:4], credit]).replace(
        "</head>", '<meta name="author" content="Jane Doe"></head>'
    )
    article = extract_article(html, "https://news.example/2024/05/03/budget")
    assert article.body.split("\n\n")[-1] == credit


def test_a_closing_lead_in_whose_list_was_not_extracted_is_dropped():
    lead_in = "Here is what the council decided:"
    assert cleanup_paragraphs([TEXT[0], TEXT[1], "Mehr Themen auf VOGUE.de:"]) == TEXT[:2]
    assert cleanup_paragraphs([TEXT[0], lead_in, TEXT[1]]) == [TEXT[0], lead_in, TEXT[1]]
    # a long closing sentence that a picture followed is text
    sentence = (
        "This is how it looked when the older cat first met the newcomer, sniffed at it and "
        "fell asleep beside it:"
    )
    assert cleanup_paragraphs([TEXT[0], TEXT[1], sentence]) == [TEXT[0], TEXT[1], sentence]


def test_words_after_an_empty_icon_element_stay_in_the_sentence():
    sentence = (
        'Er erklärte, bei hohen Temperaturen <a href="https://autobahn.example/x">'
        '<span class="icon icon-extlink"></span>dehne der Beton sich aus</a>. Das führe zu '
        "erhöhter Spannung, und <i class=icon></i>die Fahrbahn platze an alten Flicken auf."
    )
    html = _article_page([LONG[0], sentence, *LONG[1:4]])
    body = extract_article(html, "https://news.example/2024/05/03/budget").body
    assert (
        "Er erklärte, bei hohen Temperaturen dehne der Beton sich aus. Das führe zu erhöhter "
        "Spannung, und die Fahrbahn platze an alten Flicken auf."
    ) in body.split("\n\n")


def _old_page(body: str, head: str = "") -> str:
    return f"<html><head><title>Old page</title>{head}</head><body>{body}</body></html>"


_OLD_TEXT = "".join(
    f"<p>This is paragraph {i} of a plain old page, written long ago, with enough words in it "
    "to be read as the main text of the page by anyone.</p>"
    for i in range(25)
)


@pytest.mark.parametrize(
    "html",
    [
        '<?xml version="1.0" encoding="iso-8859-1"?>\n' + _old_page(f"<div>{_OLD_TEXT}</div>"),
        _old_page(f"<div>{_OLD_TEXT}</div>", head="<table><tr><td>x</td></tr></table>"),
        _old_page(f"<foo-bar><story>{_OLD_TEXT}</story></foo-bar>"),
        _old_page(f'<table><tr><td><a href="/">Home</a></td><td>{_OLD_TEXT}</td></tr></table>'),
        # a wrapper named like page furniture around the whole text
        _old_page(
            f'<div id="footer-wrapper" class="footer"><div class="comment">{_OLD_TEXT}</div></div>'
        ),
    ],
)
def test_body_is_never_empty_when_the_page_has_a_main_text_block(html):
    body = extract_article(html.encode("latin-1"), "https://example.com/old/page.html").body
    assert len(body) > 3000


def test_own_dom_scoring_finds_the_main_block_not_the_menu():
    from newscrawl.extract.scoring import main_block_paragraphs

    menu = "".join(
        f'<li><a href="/s{i}">Section number {i} of the site</a></li>' for i in range(40)
    )
    html = _old_page(f"<div><ul>{menu}</ul></div><div id='x'>{_OLD_TEXT}</div>")
    paras = main_block_paragraphs(parse_document(html, "http://a/").tree)
    assert paras[0].startswith("This is paragraph 0")
    assert not any("Section number" in p for p in paras)


def test_table_rows_and_prices_are_not_date_stamps():
    rows = ["| gsoc-2018 | 3.3 GB/s | 0.091 GB/s |", "286,35 €"]
    assert cleanup_paragraphs([TEXT[0], *rows, TEXT[1]]) == [TEXT[0], *rows, TEXT[1]]
    assert cleanup_paragraphs([TEXT[0], "Stand: 22.04.2024, 06:00 Uhr", TEXT[1]]) == TEXT[:2]


@pytest.mark.parametrize(
    "stamp",
    [
        "Publisert 1.3.24, oppdatert 2.3.24",  # no.yaml, kind stamp_word
        "Publié 1.3.24, mis à jour 2.3.24",  # fr.yaml
        "Pubblicato 1.3.24, aggiornato 2.3.24",  # it.yaml
        "Published 1.3.24, updated 2.3.24 GMT",  # en.yaml and any.yaml
    ],
)
def test_date_stamps_are_known_by_the_stamp_words_of_each_language(stamp):
    # Too few digits to be a stamp by their share alone: the words make it one.
    assert is_dateish(stamp)
    assert cleanup_paragraphs([TEXT[0], stamp, TEXT[1]]) == TEXT[:2]


def test_a_stop_label_inside_the_text_drops_its_box_and_the_story_goes_on():
    story = [f"{p} {p} {p}" for p in TEXT]  # long paragraphs
    box = ["Related", "Council votes on the budget", "Schools get more money"]
    paras = [story[0], *box, story[1], story[2]]
    assert cleanup_paragraphs(paras) == story
    # at the end of the text, the label still ends the body
    assert cleanup_paragraphs([*story, *box]) == story


def test_a_folded_read_more_passage_is_text_and_a_read_more_teaser_is_not():
    story = "".join(f"<p>{p} {p} {p}</p>" for p in TEXT)
    folded = (
        '<div class="js_readmore"><p>The village lies in a quiet valley of the hills, with old '
        "farmhouses along the river and a small church at the crossroads of two paths, an "
        "hour from the city by train.</p></div>"
    )
    teaser = (
        '<div class="read-more"><a href="/other">Another story about the council and its '
        "long debate on the new budget for the schools of the city next year</a></div>"
    )
    html = f"<html><body><article><h1>Budget</h1>{story}{folded}{teaser}</article></body></html>"
    body = extract_article(html, "https://news.example/budget").body or ""
    assert "quiet valley" in body
    assert "Another story" not in body


def test_an_articlebody_with_escaped_entities_is_compared_as_text():
    # one paragraph with an accent: without reading the entities it looks missing from the
    # publisher's copy and would be dropped
    accented = [*LONG[:3], LONG[3].replace("council", "conseil élu"), *LONG[4:]]
    escaped = "\n".join(p.replace("é", "&amp;eacute;") for p in accented)
    html = _article_page(accented, ld_body=escaped)
    body = extract_article(html, "https://news.example/2024/05/03/budget").body
    assert body.split("\n\n") == accented


def test_a_post_embedded_in_the_story_is_quoted_text():
    tweet = (
        '<blockquote class="twitter-tweet"><p lang="en">The new eye contact correction '
        "warps the line across both the eyes and nose.</p>&mdash; A Developer (@dev) "
        '<a href="https://twitter.com/dev/status/1">July 3, 2019</a></blockquote>'
    )
    html = _article_page(LONG[:3], extra=tweet + "".join(f"<p>{p}</p>" for p in LONG[3:]))
    body = extract_article(html, "https://news.example/story").body
    assert "warps the line across both the eyes and nose." in body
    assert LONG[5] in body


def test_the_standfirst_under_a_list_is_kept_when_articlebody_leaves_it_out():
    from newscrawl.extract.assembly import _filter_by_reference

    teasers = ["- Another story of the day", "- And one more story", "- A third one"]
    standfirst = (
        "A lawyer who refused to wear a mask was fined twice: once by the town for ignoring the "
        "rule in its streets, and once by the court for ignoring it in the courtroom."
    )
    text = [*LONG, *(p.replace("Paragraph", "Section") for p in LONG)]
    paras = [*teasers, standfirst, *text, PROMO]
    assert _filter_by_reference(paras, "\n".join(text)) == [*teasers, standfirst, *text]


def test_the_last_item_of_a_numbered_run_is_no_bare_label():
    story = "The magazine ranked the hundred best singers of all time, from the first to the last."
    assert cleanup_paragraphs([story, "99. Kevin Dubrow", "100. Ray Gillen"]) == [
        story,
        "99. Kevin Dubrow",
        "100. Ray Gillen",
    ]
    # A bare label after the run still goes, and so does a number out of the run.
    run = [story, "99. Kevin Dubrow", "100. Ray Gillen"]
    assert cleanup_paragraphs([*run, "Photo gallery"]) == run
    assert cleanup_paragraphs([story, "98. Kevin Dubrow", "100. Ray Gillen"]) == [
        story,
        "98. Kevin Dubrow",
    ]


def test_a_notice_pattern_the_headline_names_is_the_page_subject():
    para = (
        "This privacy policy has been compiled to better serve those who are concerned with "
        "how their personal information is being used online."
    )
    story = "The council approved the new budget on Monday after a long debate in the chamber."
    assert cleanup_paragraphs([story, para, story], title="Our privacy policy") == [
        story,
        para,
        story,
    ]
    assert cleanup_paragraphs([story, para, story], title="Budget approved") == [story, story]
