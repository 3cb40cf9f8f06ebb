"""Author rules on small synthetic pages and strings: byline markup, pieces, credits."""

from __future__ import annotations

import json

import pytest

from newscrawl.extract import extract_article, parse_document
from newscrawl.extract.authors import (
    clean_author,
    names_from_pieces,
    normalize_authors,
    split_authors,
)


def _page(head: str, body: str) -> str:
    prose = "<p>" + "Text of the article. " * 20 + "</p>"
    return f"<html><head>{head}</head><body><article>{body}{prose * 3}</article></body></html>"


def test_a_surname_containing_a_photo_agency_word_is_kept():
    assert clean_author("Mark Sigetty") == "Mark Sigetty"
    assert clean_author("Getty Images") is None


def test_credits_for_other_work_than_writing_are_not_authors():
    assert clean_author("Edited by Ann Lee") is None
    assert normalize_authors(["Written by Rob Stone"]) == ["Rob Stone"]
    assert normalize_authors(["Redaktion: Roman Warschauer und Marcel Sommer"]) == []


def test_a_meta_author_naming_the_site_and_its_address_is_no_person():
    ld = {
        "@type": "NewsArticle",
        "headline": "Jobs",
        "author": {"@type": "NewsMediaOrganization", "name": "Redaktion hessenschau.de"},
    }
    head = (
        '<meta property="og:site_name" content="hessenschau.de">'
        '<meta name="author" content="hessenschau.de, Frankfurt, Germany">'
        f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    )
    article = extract_article(_page(head, "<h1>Jobs</h1>"), "https://www.hessenschau.de/a.html")
    assert article.authors == ["Redaktion hessenschau.de"]


def test_a_line_break_in_a_byline_separates_the_name_from_the_role():
    body = '<h1>Jobs</h1><p class="byline">Jane Doe<br>Staff Writer</p>'
    assert extract_article(_page("", body), "https://news.example/a").authors == ["Jane Doe"]


def test_names_from_pieces_needs_every_piece_to_be_a_name_or_a_connector():
    assert names_from_pieces(["von", "Jemima Kelly"]) == ["Jemima Kelly"]
    assert names_from_pieces(["Ann Lee", "and", "Bo Chen"]) == ["Ann Lee", "Bo Chen"]
    assert names_from_pieces(["Ann Lee", "Edited by Bo Chen"]) == ["Ann Lee"]
    assert names_from_pieces(["Ann Lee", "5 November 2024"]) == []
    assert names_from_pieces(["J", "J"]) == []
    assert (
        names_from_pieces(
            ["Sign In", "Sign Up", "My News", "My Tools", "Help Desk", "My Page", "Sign Out"]
        )
        == []
    )


def test_byline_names_in_sibling_elements_without_separators():
    html = _page(
        "",
        '<div class="article-byline"><div class="origins">'
        '<span class="simple">Ann Lee</span>\n  <span class="simple">Bo Chen</span>\n'
        '  <span class="simple">Cy Diaz</span></div></div>',
    )
    assert extract_article(html, "https://n.example/a").authors == [
        "Ann Lee",
        "Bo Chen",
        "Cy Diaz",
    ]


def test_byline_skips_a_brand_label_and_hidden_text():
    html = _page(
        "",
        '<div class="authors"><span class="authors__brand-identifier">'
        '<span class="visually-hidden">money</span></span>'
        '<ul><li class="authors__item"><span>von</span>\n<span>Jemima Kelly</span></li></ul>'
        '<ul class="authors__meta-data"><li>05. November 2024</li><li>15:36 Uhr</li></ul></div>',
    )
    assert extract_article(html, "https://n.example/b").authors == ["Jemima Kelly"]


def test_byline_link_to_an_autoren_page_wins_over_the_site_as_author():
    html = _page(
        '<meta name="author" content="NLT">',
        '<p class="meta">von <a href="/autoren/name/max-muster">Dr. Max Muster</a></p>',
    )
    assert extract_article(html, "https://www.nlt.example/a").authors == ["Dr. Max Muster"]


def test_labelled_byline_gives_the_linked_names():
    html = _page(
        "",
        '<ul class="info"><li class="item">Von: <span class="p"><a href="/ann-lee">Ann Lee</a>,'
        '</span> <span class="p"><a href="/bo-chen">Bo Chen</a></span></li></ul>',
    )
    assert extract_article(html, "https://n.example/c").authors == ["Ann Lee", "Bo Chen"]
    strong = _page("", '<p><strong>Author:</strong> <a href="/p/cy">Cy Diaz</a></p>')
    assert extract_article(strong, "https://n.example/d").authors == ["Cy Diaz"]


def test_links_without_a_byline_label_are_no_authors():
    html = _page("", '<p>Read more: <a href="/x">Storm Warning</a></p>')
    assert extract_article(html, "https://n.example/e").authors == []


def _ld_author(name: str) -> str:
    data = json.dumps({"@type": "NewsArticle", "author": {"@type": "Person", "name": name}})
    return f'<script type="application/ld+json">{data}</script>'


def test_byline_block_adds_the_co_author_that_json_ld_leaves_out():
    html = _page(
        _ld_author("Bo Chen"),
        '<section class="meta"><div class="people">'
        '<address><a rel="author" href="mailto:ann@n.example">Ann Lee</a></address>'
        '<address><a rel="author" href="mailto:bo@n.example">Bo Chen</a></address>'
        "</div></section>",
    )
    assert extract_article(html, "https://n.example/f").authors == ["Bo Chen", "Ann Lee"]


def test_author_links_far_from_the_byline_are_not_co_authors():
    related = "".join(
        f'<li><a href="/r{i}">{"Related story text. " * 5}</a>'
        f'<a rel="author" href="/p{i}">Writer Number{"x" * i}</a></li>'
        for i in range(1, 4)
    )
    html = _page(
        _ld_author("Bo Chen"),
        f'<p class="by"><a rel="author" href="/bo">Bo Chen</a></p><ul>{related}</ul>',
    )
    assert extract_article(html, "https://n.example/g").authors == ["Bo Chen"]


def test_a_short_number_ending_a_word_is_part_of_a_name_other_digits_are_not():
    assert clean_author("BR24 Redaktion") == "BR24 Redaktion"
    assert clean_author("Page 2") is None
    assert clean_author("CC7567") is None
    assert clean_author("2nd Reporter") is None


def test_a_meta_author_naming_the_site_host_gives_way_to_a_bold_labelled_byline():
    head = (
        '<meta property="og:site_name" content="DW.COM">'
        '<meta name="author" content="Deutsche Welle (www.dw.com)">'
    )
    body = (
        "<h1>Bachmut</h1><ul><li><strong>Datum</strong> 28.04.2023</li>"
        "<li><strong>Autorin/Autor</strong> Roman Goncharenko</li></ul>"
    )
    article = extract_article(_page(head, body), "https://www.dw.com/de/a-65457431")
    assert article.authors == ["Roman Goncharenko"]


def test_a_name_in_the_cell_after_an_author_label():
    body = "<h1>Jobs</h1><dl><dt>Author</dt><dd>Ann Lee</dd><dt>Date</dt><dd>Monday</dd></dl>"
    assert extract_article(_page("", body), "https://news.example/a").authors == ["Ann Lee"]


@pytest.mark.parametrize(
    "byline",
    [
        '<address class="vcard author">By <a class="url fn" href="/author/maria-lopez.html">'
        "Maria Lopez</a></address>",
        '<span class="byline">by <a class="p-author h-card" href="/about/">Maria Lopez</a></span>',
        '<div class="p-author h-card"><img src="/m.jpg" alt=""> <span class="p-name">Maria Lopez'
        "</span></div>",
    ],
)
def test_hcard_authors_are_read(byline):
    html = (
        "<html><head><title>Night buses return</title></head><body><article><h1>Night buses "
        f"return</h1><footer>{byline}</footer><p>{'The council voted again. ' * 12}</p>"
        "</article><footer><address class='vcard'>Powered by <a class='fn'>Pelican</a>"
        "</address></footer></body></html>"
    )
    url = "https://ex.com/night-buses.html"
    article = extract_article(parse_document(html, url), url)
    assert article.authors == ["Maria Lopez"]


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("Av Kari Nordmann og Ola Hansen", ["Kari Nordmann", "Ola Hansen"]),  # no.yaml
        ("Par Jean Dupont et Marie Curie", ["Jean Dupont", "Marie Curie"]),  # fr.yaml
        ("Door Anne de Vries en Piet Jansen", ["Anne de Vries", "Piet Jansen"]),  # nl.yaml
        ("Quelle: Anna Schmidt, Redakteurin", ["Anna Schmidt"]),  # de.yaml roles and sources
        ("김민수 기자", ["김민수"]),  # ko.yaml, a title written right after the name
    ],
)
def test_byline_labels_joiners_and_titles_are_rule_data_of_each_language(byline, names):
    assert split_authors(byline) == names


def test_a_single_letter_is_no_joiner_of_names():
    # "u" joined nothing in any language we have and split "U.S." into ".S."
    assert split_authors("Will the U.S. and Canada leave Mexico behind?") == [
        "Will the U.S.",
        "Canada leave Mexico behind?",
    ]
    assert clean_author("Redaktion") is None  # de.yaml: not_a_name
