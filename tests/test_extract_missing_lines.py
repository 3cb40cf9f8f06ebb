# ruff: noqa: RUF001 -- CJK full-width punctuation is what a test page holds
"""Single lines of an article that the body lost while keeping the rest of it.

Synthetic pages for each rule: a standfirst longer than a paragraph, a stray ``<h1>`` after
the headline, a type-scale class on the sub-headline, labelled dates, phrases and smileys
as short lines, and a closing data list that links one of its values.
"""

from __future__ import annotations

from newscrawl.extract import extract_article, parse_document
from newscrawl.extract.assembly import _plain_list
from newscrawl.extract.boilerplate import cleanup_paragraphs, is_dateish, is_junk
from newscrawl.extract.document import decode_html
from newscrawl.extract.lead import find_lead

HEADLINE = "Council approves budget"
LEAD = "The vote ends months of argument over how to pay for schools and buses."
FIRST = "The council approved the new budget on Monday after a long debate about schools."
SECOND = "Members said the plan would raise spending on public transport by ten percent."
PROSE = (
    "The council approved the new budget on Monday after a long debate about schools, "
    "buses and the cost of heating the town hall through another cold winter."
)


def _lead(body: str) -> str | None:
    doc = parse_document(f"<html><body>{body}</body></html>", "http://a/")
    return find_lead(doc.tree, FIRST, HEADLINE, None)


def _text(header: str) -> str:
    return f"<article>{header}<div><p>{FIRST}</p><p>{SECOND}</p></div></article>"


# ------------------------------------------------------------------ standfirst


def test_a_long_standfirst_named_by_its_class_is_found():
    # A standfirst of 850 characters in a block named "teaser-text": a long lead, not a
    # paragraph of the body (which starts with FIRST).
    long_lead = " ".join([LEAD] * 12)
    assert 700 < len(long_lead) <= 1000
    found = _lead(_text(f"<h1>{HEADLINE}</h1><div class='teaser-text'><p>{long_lead}</p></div>"))
    assert found == long_lead


def test_a_stray_h1_after_the_headline_and_its_lead_does_not_hide_the_lead():
    # The headline (the page's title) and its intro, then a widget's <h1> before the body.
    page = (
        f"<h1>{HEADLINE}</h1><div class='page-intro__copy'>{LEAD}</div>"
        "<div class='portlet'><h1>This portlet should not exist anymore</h1></div>"
    )
    assert _lead(_text(page)) == LEAD
    # A site header's <h1> before the headline still gives way to the headline's lead.
    page = (
        "<header><h1>City News</h1><p class='intro'>Your daily paper since 1850 in the city.</p>"
        f"</header><h1>{HEADLINE}</h1><p class='lead'>{LEAD}</p>"
    )
    assert _lead(_text(page)) == LEAD


def test_a_caption_style_class_on_the_sub_headline_is_a_font_size():
    # Utility classes of a type scale (``caption-s5-fx``) on the <h2> right after the <h1>.
    page = f"<h1>{HEADLINE}</h1><h2 class='hero__teaser caption-s5-fx text-18'>{LEAD}</h2>"
    assert _lead(_text(page)) == LEAD
    # A byline so classed stays out, though it reads as a sentence.
    byline = "Written by Jane Doe and John Roe for the city desk."
    assert _lead(_text(f"<h1>{HEADLINE}</h1><p class='byline'>{byline}</p>")) is None
    # A caption class on something that is no sub-headline still marks a caption.
    page = f"<h1>{HEADLINE}</h1><div><img src='x.jpg'><p class='caption'>{LEAD}</p></div>"
    assert _lead(_text(page)) is None


# --------------------------------------------------------------- short lines


def test_a_labelled_date_of_an_event_is_no_date_stamp():
    assert not is_dateish("Termin: 29.02.2020, 19 Uhr")
    assert not is_dateish("Deadline: 15. März 2020")
    # the page's own stamps, labelled with stamp words (rules/*.yaml, kind stamp_word)
    for stamp in (
        "Stand: 22.04.2024, 06:00 Uhr",
        "Aktualisiert: 12.03.2024",
        "Datum: 12.03.2024",
        "DATE : 27/09/2020",
        "Data: 28-04-2021, 09:29",
        "22.04.2024, 06:00 Uhr",
    ):
        assert is_dateish(stamp), stamp
    paras = [PROSE, "Termin: 29.02.2020, 19 Uhr", PROSE + " Again.", "Stand: 22.04.2024"]
    assert cleanup_paragraphs(paras) == paras[:3]


def test_a_short_phrase_with_a_comma_is_no_bare_label():
    # First and last lines of up to three words: a phrase in parts stays, a label goes.
    paras = ["Platzwechsel, langsam erklärt", PROSE, "XX, Die Redaktion"]
    assert cleanup_paragraphs(paras) == paras
    assert cleanup_paragraphs(["Article content", PROSE, "Share this"]) == [PROSE]


def test_a_smiley_on_its_own_line_is_the_writers():
    for smiley in ("=)", ":-)", ";)", ":("):
        assert not is_junk(smiley), smiley
    for separator in ("***", "—", "|", "•", "()"):
        assert is_junk(separator), separator
    assert cleanup_paragraphs([PROSE, PROSE + " More.", "=)"]) == [PROSE, PROSE + " More.", "=)"]


# ------------------------------------------------------------------ data lists

FIELDS = [
    ("Kategorie", "<a href='/cat/first'>Erste Versuche</a>"),
    ("Optik", "Teleobjektiv"),
    ("Brennweite in mm", "180"),
    ("Filter", "-"),
    ("ISO-Zahl", "640"),
    ("Ort", "Kasberg im Frankenland"),
]


def _page(items: list[tuple[str, str]]) -> str:
    lis = "".join(f"<li>{label}: {value}</li>" for label, value in items)
    return (
        "<html><body><nav><ul><li><a href='/a'>Home</a></li><li><a href='/f'>Filter</a></li>"
        "<li><a href='/s'>Search</a></li></ul></nav>"
        f"<article><h1>{HEADLINE}</h1><p>{PROSE}</p><p>{SECOND} {PROSE}</p>"
        f"<h3>Details</h3><ul>{lis}</ul></article></body></html>"
    )


def test_a_closing_list_that_links_one_value_is_data():
    items = [f"{label}: {value}" for label, value in FIELDS]
    items = [i.replace("<a href='/cat/first'>", "").replace("</a>", "") for i in items]
    tree = parse_document(_page(FIELDS), "http://a/").tree
    # One linked item of six, and "Filter" also an item of the linked menu: still data.
    assert _plain_list(tree)(items)
    # Every item a link: related links, not data.
    linked = [(label, f"<a href='/x/{n}'>{value}</a>") for n, (label, value) in enumerate(FIELDS)]
    tree = parse_document(_page(linked), "http://a/").tree
    assert not _plain_list(tree)(items)


def test_the_data_list_stays_in_the_body():
    body = extract_article(_page(FIELDS), "http://a/b").body
    assert "Ort: Kasberg im Frankenland" in body
    assert "Optik: Teleobjektiv" in body


# ------------------------------------------------------- a few more single lines


def test_a_cjk_opening_label_still_marks_where_the_body_starts():
    # The body opens with a four-character label (基本信息, "basic facts"): short, but a
    # CJK word holds more than four Latin letters; the summary before it is the standfirst.
    summary = (
        "蔡健雅（Tanya Chua），1975年1月28日出生于新加坡，祖籍中国江苏省，现定居于台湾。"
        "华语流行乐女歌手、音乐制作人、词曲创作人。"
    )
    page = (
        f"<html><body><h1>蔡健雅</h1><div class='lemma-summary'>{summary}</div>"
        "<h2>基本信息</h2><p>1975年出生于新加坡，家里有一个姐姐。</p></body></html>"
    )
    tree = parse_document(page, "http://a/").tree
    assert find_lead(tree, "基本信息", "蔡健雅_百度百科", None) == summary


def test_a_page_declared_utf8_with_a_stray_byte_stays_utf8():
    # Mostly English markup, a Polish paragraph, one Latin-1 byte pasted in: the charset
    # guess for the whole page (mac_latin2 here) garbled every Polish letter.
    polish = "Kłamliwym atakom sprzeciwiają się też dziennikarze. Nie możemy pozwolić. " * 5
    data = b"<html><head><meta charset='utf-8'></head><body>"
    data += ("<p>The quick brown fox jumps over the lazy dog again and again.</p>" * 10).encode()
    data += f"<p>{polish}</p><p>Stra".encode() + b"\xfce</p></body></html>"
    decoded, codec = decode_html(data)
    assert codec == "utf-8"
    assert "Nie możemy pozwolić" in decoded
    assert "Stra\ufffde" in decoded
    # A page whose every non-ASCII character is a single byte is another codec.
    latin = f"<meta charset='utf-8'><p>{'Schöne grüße aus Köln. ' * 5}</p>".encode("cp1252")
    assert decode_html(latin)[1] != "utf-8"


def test_a_bracketed_link_label_after_the_last_sentence_goes():
    paras = [
        f"{PROSE} [czytaj więcej]",
        f"{SECOND} [source]",
        f"{PROSE} See note. [1]",
        f"He said it was fine [sic]. {PROSE}",
    ]
    assert cleanup_paragraphs(paras) == [PROSE, SECOND, paras[2], paras[3]]
