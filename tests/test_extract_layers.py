# ruff: noqa: RUF001 -- typographic dashes, quotes and separators are what these patterns match
"""Unit tests for each extraction layer: text, decoding, JSON-LD/meta, dates, authors, titles."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from newscrawl.extract import (
    body_hash,
    count_words,
    decode_html,
    extract_article,
    normalize_text,
    parse_document,
)
from newscrawl.extract.authors import normalize_authors
from newscrawl.extract.dates import date_from_url, parse_any, parse_human, parse_iso
from newscrawl.extract.language import (
    EXCLUDED,
    FIRST_SAMPLE_CHARS,
    SAMPLE_CHARS,
    choose_language,
    detect_language,
    normalize_lang,
)
from newscrawl.extract.metadata import find_article, read_jsonld, read_meta
from newscrawl.extract.title import strip_suffix

# ---------------------------------------------------------------- text helpers


def test_normalize_text_applies_nfc_and_removes_zero_width_characters():
    decomposed = "Cafe\u0301\u200b au lait"
    assert normalize_text(decomposed) == "Café au lait"


def test_normalize_text_treats_single_newlines_as_paragraphs_without_blank_lines():
    assert normalize_text("one\ntwo\n") == "one\n\ntwo"


def test_count_words_counts_cjk_characters_and_hyphenated_words():
    assert count_words("well-known facts, again") == 3
    assert count_words("東京 news") == 3


def test_body_hash_is_sha1_hex():
    digest = body_hash("Some text")
    assert len(digest) == 40
    assert int(digest, 16) >= 0


# -------------------------------------------------------------------- decoding

ARABIC = "دمشق، سانا - أكدت سورية"


def test_decode_uses_http_encoding_when_valid():
    text, codec = decode_html("<p>café</p>".encode("cp1252"), "windows-1252")
    assert text == "<p>café</p>"
    assert codec == "cp1252"


def test_decode_prefers_utf8_when_latin1_label_is_wrong():
    text, codec = decode_html("<p>café — naïve</p>".encode(), "ISO-8859-1")
    assert text == "<p>café — naïve</p>"
    assert codec == "utf-8"


def test_decode_reads_meta_charset_for_windows_1256_arabic():
    page = f'<html><head><meta charset="windows-1256"></head><body><p>{ARABIC}</p></body></html>'
    text, codec = decode_html(page.encode("cp1256"))
    assert ARABIC in text
    assert codec == "cp1256"


def test_decode_honours_bom_over_labels():
    text, _ = decode_html(b"\xef\xbb\xbf<p>\xc3\xa9t\xc3\xa9</p>", "cp1252")
    assert text == "<p>été</p>"


def test_decode_ignores_bogus_label_and_falls_back_to_utf8():
    text, codec = decode_html("<p>Zürich</p>".encode(), "no-such-charset")
    assert text == "<p>Zürich</p>"
    assert codec == "utf-8"


def test_decode_guesses_undeclared_single_byte_arabic():
    page = f"<html><body><p>{ARABIC} {ARABIC} {ARABIC}</p></body></html>"
    text, _ = decode_html(page.encode("cp1256"))
    assert ARABIC in text


def test_parse_document_survives_xml_declaration_and_empty_input():
    doc = parse_document(
        '<?xml version="1.0" encoding="utf-8"?><html><body><p>x</p></body></html>', "http://a/"
    )
    assert doc.tree.findtext(".//p") == "x"
    empty = parse_document(b"", "http://a/")
    assert empty.tree.find("body") is not None


def test_parse_document_drops_style_sheets_and_code_but_keeps_data_scripts():
    doc = parse_document(
        "<html><body><div class='lead'><style>.x{color:red}</style>Lead text"
        "<script>var ad = 1;</script> goes on.<script type='text/javascript'>f()</script>"
        '<script type=\'application/ld+json\'>{"@type": "NewsArticle"}</script>'
        "<script type='application/json' id='data'>{\"a\": 1}</script></div></body></html>",
        "http://a/",
    )
    lead = doc.tree.find(".//div")
    assert lead.text_content().startswith("Lead text goes on.")
    assert "color" not in lead.text_content()
    assert "var ad" not in lead.text_content()
    assert [obj["@type"] for obj in doc.jsonld] == ["NewsArticle"]
    assert doc.tree.find(".//script[@id='data']") is not None


# --------------------------------------------------------------- JSON-LD, meta


def _tree(html: str):
    return parse_document(html, "https://example.com/a").tree


def test_jsonld_reader_flattens_graph_and_lists():
    tree = _tree(
        '<script type="application/ld+json">{"@graph": [{"@type": "WebPage"},'
        ' {"@type": ["NewsArticle"], "headline": "H"}]}</script>'
        '<script type="application/ld+json">[{"@type": "Organization", "name": "O"}]</script>'
    )
    objects = read_jsonld(tree)
    assert [o["@type"] for o in objects] == ["WebPage", ["NewsArticle"], "Organization"]
    assert find_article(objects)["headline"] == "H"


def test_jsonld_reader_takes_the_type_in_any_ascii_case_and_nothing_else():
    tree = _tree(
        '<html><head><script type="Application/LD+JSON">{"@type": "WebPage"}</script></head>'
        '<body><script type="application/ld+json; charset=utf-8">{"@type": "Event"}</script>'
        '<script type="application/json">{"@type": "Place"}</script>'
        '<script>{"@type": "Person"}</script>'
        '<div><script type="APPLICATION/LD+JSON">{"@type": "NewsArticle"}</script></div>'
        "</body></html>"
    )
    assert [o["@type"] for o in read_jsonld(tree)] == ["WebPage", "NewsArticle"]


def test_jsonld_reader_repairs_cdata_comments_and_trailing_commas():
    tree = _tree(
        '<script type="application/ld+json"><![CDATA[ {"@type": "Article",'
        ' "headline": "Fixed", } ]]></script>'
    )
    assert find_article(read_jsonld(tree))["headline"] == "Fixed"


def test_jsonld_reader_skips_unparseable_scripts():
    assert read_jsonld(_tree('<script type="application/ld+json">{nope</script>')) == []


def test_meta_reader_keys_by_property_name_and_itemprop():
    meta = read_meta(
        _tree(
            '<meta property="og:title" content=" T "><meta name="Author" content="A">'
            '<meta itemprop="datePublished" content="2024-01-01">'
        )
    )
    assert meta == {"og:title": ["T"], "author": ["A"], "datepublished": ["2024-01-01"]}


# ----------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-05-03T15:47:42.389Z", "2024-05-03T15:47:42+00:00"),
        ("2023-04-28T19:20:36+0200", "2023-04-28T19:20:36+02:00"),
        ("2024-04-25 04:21:02.000000-0400", "2024-04-25T04:21:02-04:00"),
        ("20240503T101500Z", "2024-05-03T10:15:00+00:00"),
    ],
)
def test_parse_iso_keeps_the_offset(raw, expected):
    parsed = parse_iso(raw)
    assert parsed is not None
    assert parsed.resolve(None) == expected


def test_naive_dates_take_the_given_zone_else_utc():
    parsed = parse_iso("2018-12-17T14:05:00")
    assert parsed.resolve(dt.timezone(dt.timedelta(hours=3))) == "2018-12-17T14:05:00+03:00"
    assert parsed.resolve(None) == "2018-12-17T14:05:00+00:00"


def test_a_dotted_date_is_not_read_as_a_time_of_day():
    assert not parse_human("28.04.2023").has_time
    assert parse_human("28.04.2023, 10.45 Uhr").has_time
    assert parse_human("28.04.2023 um 10:45").has_time


def test_a_visibly_labelled_date_comes_before_a_guess_from_the_page():
    teaser = "<aside><p>Ältere Meldung vom 24.04.2023</p></aside>"
    html = (
        f"<html><body><h1>Bachmut</h1>{teaser}<ul><li><strong>Datum</strong> 28.04.2023</li>"
        "<li><strong>Autorin/Autor</strong> Roman Goncharenko</li></ul>"
        f"<p>{'Die Kämpfe um die Stadt dauern an. ' * 12}</p></body></html>"
    )
    assert extract_article(html, "https://www.dw.com/de/a-65457431").published == (
        "2023-04-28T00:00:00+00:00"
    )


def test_parse_human_reads_zone_abbreviations_and_formats():
    assert parse_any("Fri Apr 28 19:20:36 CEST 2023").resolve(None) == "2023-04-28T19:20:36+02:00"
    assert parse_human("17/12/2018 14:05", ["%d/%m/%Y %H:%M"]).resolve(None) == (
        "2018-12-17T14:05:00+00:00"
    )


def test_date_from_url_finds_path_dates_only():
    assert date_from_url("https://x.com/2024/05/03/story").value == dt.datetime(2024, 5, 3)
    assert date_from_url("https://x.com/story-20240503-abc").value == dt.datetime(2024, 5, 3)
    assert date_from_url("https://x.com/id/1234567") is None


# --------------------------------------------------------------------- authors


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (["By Jane Roe and John Doe"], ["Jane Roe", "John Doe"]),
        (["Staff | Updated 5 min ago"], []),
        (["Jane Roe, Senior Correspondent"], ["Jane Roe"]),
        (["@janeroe", "Jane Roe"], ["Jane Roe"]),
        (["https://example.com/authors/jane"], []),
        (["Elena Oberholzer (obe), Oliver Maksan (oma)"], ["Elena Oberholzer", "Oliver Maksan"]),
        (["Von Anna Sleegers"], ["Anna Sleegers"]),
        (["신현주 기자"], ["신현주"]),
        (["Reuters"], ["Reuters"]),
        (["Jane Roe", "jane roe"], ["Jane Roe"]),
    ],
)
def test_normalize_authors(raw, expected):
    assert normalize_authors(raw) == expected


# ---------------------------------------------------------------------- titles


@pytest.mark.parametrize(
    ("raw", "names", "expected"),
    [
        ("Headline here - SANA", ["SANA"], "Headline here"),
        ("Headline here | Syrian Arab News Agency", [], "Headline here"),
        (
            "Ukrainische Gegenoffensive: Ziele | DW | 28.04.2023",
            ["dw.com"],
            "Ukrainische Gegenoffensive: Ziele",
        ),
        ("Kühltürme gesprengt - Tageblatt.lu", ["tageblatt"], "Kühltürme gesprengt"),
        (
            "How we designed Dropbox’s ATF - an async task framework",
            ["Dropbox"],
            "How we designed Dropbox’s ATF - an async task framework",
        ),
        (
            "Zwei Rücktritte - und viele offene Fragen",
            ["tagesschau"],
            "Zwei Rücktritte - und viele offene Fragen",
        ),
    ],
)
def test_strip_suffix(raw, names, expected):
    assert strip_suffix(raw, names) == expected


def test_strip_suffix_spells_out_umlauts_and_matches_the_last_word_of_a_long_site_name():
    assert strip_suffix("Zinsen steigen | Börsen-Zeitung", ["boersen-zeitung"]) == "Zinsen steigen"
    assert strip_suffix("Einsatz - Die Neue Südtiroler Tageszeitung", ["tageszeitung"]) == (
        "Einsatz"
    )


def test_strip_suffix_removes_one_unnamed_part_only():
    assert (
        strip_suffix("Get your code covered | Code | Nicolas P") == "Get your code covered | Code"
    )
    assert strip_suffix("Lorem ipsum dolor sit amet – My website") == "Lorem ipsum dolor sit amet"
    assert strip_suffix("Zwei Rücktritte - und viele offene Fragen") == (
        "Zwei Rücktritte - und viele offene Fragen"
    )


def test_strip_suffix_strict_keeps_a_pipe_part_that_is_not_the_site_name():
    raw = "Whale strandings worry tribes | Eleanor Ainge Roy"
    assert strip_suffix(raw, ["the Guardian"], loose=False) == raw
    assert strip_suffix(raw, ["the Guardian"]) == "Whale strandings worry tribes"


def _title_page(head: str, body: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}<p>{'Text. ' * 40}</p></body></html>"


def test_title_keeps_a_metadata_suffix_that_only_the_h1_lacks():
    html = _title_page(
        '<meta property="og:title" content="Chapter Two: Wordchains - Super Supportive">'
        '<meta property="og:site_name" content="Royal Road">'
        "<title>Chapter Two: Wordchains - Super Supportive | Royal Road</title>",
        "<h1>Chapter Two: Wordchains</h1>",
    )
    item = extract_article(html, "https://fiction.example/chapter-2")
    assert item.title == "Chapter Two: Wordchains - Super Supportive"


def test_title_drops_a_metadata_suffix_that_the_other_metadata_title_lacks():
    ld = '{"@type": "NewsArticle", "headline": "Young striker back in the squad | Sport"}'
    html = _title_page(
        f'<script type="application/ld+json">{ld}</script>'
        '<meta property="og:title" content="Young striker back in the squad">',
        "<h1>Young striker back in the squad</h1>",
    )
    item = extract_article(html, "https://news.example/sport/striker")
    assert item.title == "Young striker back in the squad"


def test_title_strips_a_suffix_of_the_title_element_revealed_by_the_h1():
    html = _title_page("<title>New Zealand - Wikipedia</title>", "<h1>New Zealand</h1>")
    assert extract_article(html, "https://wiki.example/NZ").title == "New Zealand"


def test_title_prefers_jsonld_name_when_the_headline_is_a_description():
    ld = (
        '{"@type": "Article", "name": "List of films featuring time loops",'
        ' "headline": "Wikimedia list article"}'
    )
    html = _title_page(
        f'<script type="application/ld+json">{ld}</script>'
        "<title>List of films featuring time loops - Wikipedia</title>",
        "<h1>List of films featuring time loops</h1>",
    )
    item = extract_article(html, "https://wiki.example/loops")
    assert item.title == "List of films featuring time loops"


def test_title_reads_dublin_core_and_parsely_metadata():
    dc = _title_page(
        '<meta property="dc:title" content="Dublin Core title">'
        '<meta property="og:title" content="Open Graph title"><title>Title Element</title>'
    )
    assert extract_article(dc, "https://a.example/x").title == "Dublin Core title"
    parsely = _title_page(
        '<meta name="parsely-title" content="Parsely title">', "<h1>Visible heading</h1>"
    )
    assert extract_article(parsely, "https://a.example/y").title == "Parsely title"


def test_title_ignores_a_site_name_as_long_as_a_headline():
    headline = 'Schools and AI - Children become "faster and more successful"'
    ld = f'{{"@type": "NewsArticle", "headline": {json.dumps(headline)}}}'
    html = _title_page(
        f'<script type="application/ld+json">{ld}</script>'
        f"<meta name=\"apple-mobile-web-app-title\" content='{headline}'>"
    )
    assert extract_article(html, "https://rp.example/ai").title == headline


# -------------------------------------------------------------------- language

LONG_GERMAN = "Die Aufregung nach dem Aufmarsch von Islamisten in Hamburg bleibt groß. " * 4


def test_language_detection_wins_on_long_text_and_declared_wins_on_short():
    assert choose_language(LONG_GERMAN, "en", None) == ("de", "generic")
    assert choose_language("Kurz.", "de-AT", None) == ("de", "meta")
    assert choose_language("Short.", None, "en") == ("en", "profile")


def test_a_declared_language_confirmed_by_the_start_of_the_body_is_taken():
    german = LONG_GERMAN[:FIRST_SAMPLE_CHARS]
    english = "The government announced new housing measures on Tuesday. " * 20
    assert detect_language(german + english)[0] == "en"
    assert choose_language(german + english, "de", None) == ("de", "generic")
    assert choose_language(german + english, "en", None) == ("en", "generic")
    assert choose_language(german + english, None, None) == ("en", "generic")


def test_lorem_ipsum_is_not_latin_news():
    lorem = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod. " * 4
    assert choose_language(lorem, "en", None)[0] != "la"


@pytest.mark.parametrize(
    "text",
    [
        LONG_GERMAN,
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod. " * 4,
        "Le gouvernement a annoncé mardi de nouvelles mesures pour le logement.",
        "مرحبا بكم في دمشق",
    ],
)
def test_detection_equals_a_model_restricted_to_the_kept_languages(text):
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    restricted = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    restricted.set_languages([c for c in restricted.nb_classes if c not in EXCLUDED])
    code, prob = restricted.classify(text[:SAMPLE_CHARS])
    assert detect_language(text)[0] == code
    assert detect_language(text)[1] == pytest.approx(prob, rel=1e-4)


def test_detection_reads_the_start_of_the_body():
    english = ("The government announced new housing measures on Tuesday. " * 30)[:SAMPLE_CHARS]
    german = LONG_GERMAN * 10
    assert detect_language(english + german)[0] == "en"
    assert detect_language(english[: SAMPLE_CHARS // 3] + german)[0] == "de"


@pytest.mark.parametrize(
    "text",
    [
        LONG_GERMAN,
        "The government announced new housing measures on Tuesday. " * 20,
        "Le gouvernement a annoncé mardi de nouvelles mesures pour le logement.",
        "مرحبا بكم في دمشق",
        "x",
        "",
    ],
)
def test_the_identifier_scores_as_py3langid_to_the_last_bit(text):
    import numpy as np
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from newscrawl.extract.language import _identifier

    reference = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ours = _identifier()
    assert type(ours) is not LanguageIdentifier  # the widening by look-up is in use
    assert np.array_equal(ours._decide(text), reference._decide(text))
    assert ours.rank(text) == reference.rank(text)


def test_the_word_by_word_walk_gives_py3langid_features_in_order(monkeypatch):
    from py3langid.langid import visit_counts

    from newscrawl.extract import language
    from newscrawl.extract.language import _identifier

    ours = _identifier()
    text = ("Die Aufregung  nach dem Aufmarsch; the government's plan " * 3).encode()
    expected = visit_counts(ours.tk_nextmove, ours._rowbase, ours.tk_output, text)
    ours.walks.clear()
    cold = ours.visit(text)
    assert ours.walks  # the words are kept ...
    warm = ours.visit(text)  # ... and read back
    assert list(cold.items()) == list(warm.items()) == list(expected.items())
    monkeypatch.setattr(language, "WALK_CACHE_SIZE", 2)
    assert list(ours.visit(text).items()) == list(expected.items())
    ours.walks[-1, b"sentinel"] = (0, ())
    ours.visit(b"kurz")
    assert (-1, b"sentinel") not in ours.walks  # forgotten once over the size
    assert ours.visit(b"") is None


def test_normalize_lang_reduces_tags_to_iso_639_1():
    assert normalize_lang("en-US") == "en"
    assert normalize_lang("pt_BR") == "pt"
    assert normalize_lang("deu") == "de"
    assert normalize_lang("x") is None


def test_title_drops_a_kicker_that_a_metadata_title_lacks():
    ld = '{"@type": "NewsArticle", "headline": "Neue Leipziger Schule: Judy Lybke, ganz eigen"}'
    html = _title_page(
        f'<script type="application/ld+json">{ld}</script>'
        '<meta property="og:title" content="Judy Lybke, ganz eigen">',
        "<h1>Neue Leipziger Schule: Judy Lybke, ganz eigen</h1>",
    )
    assert extract_article(html, "https://n.example/a").title == "Judy Lybke, ganz eigen"


def test_title_keeps_a_kicker_that_only_the_h1_lacks():
    ld = '{"@type": "NewsArticle", "headline": "Kenia: Proteste gegen neue Steuern"}'
    html = _title_page(
        f'<script type="application/ld+json">{ld}</script>'
        '<meta property="og:title" content="Kenia: Proteste gegen neue Steuern">',
        "<h1>Proteste gegen neue Steuern</h1>",
    )
    assert extract_article(html, "https://n.example/b").title == (
        "Kenia: Proteste gegen neue Steuern"
    )


def test_authors_from_a_bold_only_paragraph_closing_the_text_when_markup_names_only_the_site():
    ld = '{"@type": "NewsArticle", "author": {"@type": "Organization", "name": "Daily Site"}}'
    prose = "".join(f"<p>{'Sentence of real article prose here. ' * 4}</p>" for _ in range(4))
    html = (
        f'<html><head><script type="application/ld+json">{ld}</script></head><body>'
        f'<article>{prose}<p style="text-align:right"><strong>Lê Phương</strong></p></article>'
        "</body></html>"
    )
    assert extract_article(html, "https://dailysite.example/a").authors == ["Lê Phương"]


def test_authors_ignore_a_bold_paragraph_that_is_not_a_name():
    prose = "".join(f"<p>{'Sentence of real article prose here. ' * 4}</p>" for _ in range(4))
    bold = "<p><strong>Read more: 5 tips</strong></p>"
    html = f"<html><body><article>{prose}{bold}</article></body></html>"
    assert extract_article(html, "https://dailysite.example/b").authors == []


def test_ruby_annotations_read_inline_with_their_fallback_parentheses():
    html = (
        "<html><head><title>Seoul</title></head><body><article><h1>Seoul</h1>"
        "<p>韓国の\n<ruby><rb>尹錫悦</rb><rp>（</rp><rt>ユンソンニョル</rt><rp>）</rp></ruby>\n"
        "大統領は３日夜、緊急談話を出し、野党が国政をまひさせているとして非常戒厳を宣言した。"
        "尹氏は従北勢力の清算と憲政秩序を守るためだとし、共産主義勢力から国を守る必要があると"
        "の理由を挙げた。具体的な措置については明らかにされていない。</p>"
        f"<p>{'尹氏は野党が政府高官や検事らへの訴追案を提出している点などを挙げた。' * 3}</p>"
        "</article></body></html>"
    )
    body = extract_article(html, "https://news.test/a").body
    first = body.split("\n\n")[0]
    assert first.startswith("韓国の 尹錫悦（ユンソンニョル） 大統領は３日夜")


def test_ruby_readings_without_fallback_parentheses_are_left_out():
    # Furigana with no <rp>: the reading is an annotation over the word, not text of its own.
    html = (
        "<html><head><title>Kinder</title></head><body><article><h1>Kinder</h1>"
        "<p><ruby>子<rt>こ</rt></ruby>どもへの<ruby>虐待<rt>ぎゃくたい</rt></ruby>をなくすための"
        "<ruby>法律<rt>ほうりつ</rt></ruby>ができて、親が子どもを教育するために、たたいたり蹴ったり"
        "する体罰を禁止することになりました。最近、親に虐待された子どもを児童相談所が守ることが"
        "できなくて、子どもが亡くなる事件が続いています。</p>"
        f"<p>{'法律では児童相談所の力を強くしました。医者や保健師が意見を言いました。' * 3}</p>"
        "</article></body></html>"
    )
    body = extract_article(html, "https://news.test/k").body
    assert body.startswith("子どもへの虐待をなくすための法律ができて、")


def _closing_list_page(items: str) -> str:
    prose = "".join(
        f"<p>{'The batter is folded gently until no streaks of flour remain in it. ' * 3}</p>"
        for _ in range(4)
    )
    return (
        "<html><head><title>Cake</title></head><body><article><h1>Cake</h1>"
        f"{prose}<p>What you need</p><ul>{items}</ul></article></body></html>"
    )


def test_a_closing_list_without_links_is_kept():
    # Specifications, ingredients, requirements: a list of the text, short items, no links.
    items = "".join(f"<li>{t}</li>" for t in ("390 kcal", "8 g Eiweiß", "13 g Fett"))
    body = extract_article(_closing_list_page(items), "https://food.test/cake").body
    assert "- 390 kcal" in body
    assert "- 13 g Fett" in body


def test_a_closing_list_of_links_still_goes():
    tags = ("Baking", "Cakes", "Summer")
    items = "".join(f'<li><a href="/tag/{t}">{t}</a> x</li>' for t in tags)
    body = extract_article(_closing_list_page(items), "https://food.test/cake").body
    assert "Baking" not in body
