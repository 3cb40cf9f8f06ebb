"""Authors of a page: JSON-LD, meta tags, microdata, hCards, byline markup and labels.

The names themselves are cleaned and split by `newscrawl.extract.authors`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lxml import etree

from newscrawl.extract.authors import names_from_pieces, normalize_authors
from newscrawl.extract.metadata import as_list, types_of
from newscrawl.extract.page import LABEL_XPATH, label_value
from newscrawl.extract.text import clean_line, fold

if TYPE_CHECKING:
    from collections.abc import Callable

    from lxml.html import HtmlElement

    from newscrawl.extract.page import Page

AUTHOR_META = (
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "dcterms.creator",
    "byl",
    "cxenseparse:author",
    "twitter:creator",
)
# Two to four words a name, up to three names joined by "/", ",", "&" or "and"; no digits.
_NAME_LINE_RE = re.compile(
    r"^[^\W\d_][\w.'\u2019-]*(?: [^\W\d_][\w.'\u2019-]*){1,3}"
    r"(?:\s*(?:/|,|&| and )\s*[^\W\d_][\w.'\u2019-]*(?: [^\W\d_][\w.'\u2019-]*){1,3}){0,2}$"
)
_BYLINE_XPATH = (
    "//body//*[@rel='author' or contains(@class, 'author') or contains(@class, 'Author') or "
    "contains(@class, 'byline') or contains(@class, 'Byline') or contains(@id, 'author') or "
    "contains(@href, '/author/') or contains(@href, '/autor/') or contains(@href, '/authors/') or "
    "contains(@href, '/autoren/')]"
)


def _has_class(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


_HCARD_AUTHOR_XPATH = etree.XPath(
    f"//body//*[{_has_class('author')} and {_has_class('vcard')}]//*[{_has_class('fn')}]"
    f" | //body//*[{_has_class('p-author')} and {_has_class('h-card')}]"
    f"[not(.//*[{_has_class('p-name')}])]"
    f" | //body//*[{_has_class('p-author')}]//*[{_has_class('p-name')}]"
)
"""Author names in hCard markup (microformats 1 ``vcard author``/``fn``, 2 ``p-author``)."""

_BYLINE_LABEL_RE = re.compile(
    r"^(?:by|von|par|por|door|av|af|di|authors?|autor(?:in|en)?(?:/autor(?:in)?)?|auteur|"
    r"written by)\s*:?$",
    re.IGNORECASE,
)
_LABELLED_XPATH = etree.XPath(
    "//body//*[not(self::a) and .//a and count(.//a) <= 6"
    " and string-length(normalize-space()) < 200]"
)


_BYLINE_SKIP_CLASSES = (
    "bio",
    "avatar",
    "image",
    "img",
    "photo",
    "social",
    "date",
    "follow",
    "share",
    "comment",
    "more",
    "related",
    "teaser",
    "description",
    "desc",
    "about",
    "brand",
)


def _byline_pieces(el: HtmlElement) -> list[str]:
    """Return the texts of a byline element piece by piece, without brand or hidden labels."""
    out: list[str] = []
    _collect_pieces(el, el, out)
    return [t for t in (clean_line(t) for t in out) if t]


# The two walks are module functions, not recursive closures: a closure that calls itself
# refers to itself through its cell, a reference cycle that kept the parsed page alive until
# the garbage collector's next pass.
def _collect_pieces(node: HtmlElement, top: HtmlElement, out: list[str]) -> None:
    cls = (node.get("class") or "").lower()
    if node is not top and (
        any(w in cls for w in _BYLINE_SKIP_CLASSES) or "hidden" in cls or "sr-only" in cls
    ):
        return
    if node.text:
        out.append(node.text)
    for child in node:
        if isinstance(child.tag, str):
            _collect_pieces(child, top, out)
        if child.tail:
            out.append(child.tail)


def _byline_text(el: HtmlElement) -> str:
    """Return the text of a byline element with its line breaks as separators.

    ``Jane Doe<br>Staff Writer`` reads "Jane Doe | Staff Writer", not "Jane DoeStaff Writer".
    """
    parts: list[str] = []
    _collect_text(el, parts)
    return "".join(parts)


def _collect_text(node: HtmlElement, parts: list[str]) -> None:
    if node.text:
        parts.append(node.text)
    for child in node:
        if child.tag == "br":
            parts.append(" | ")
        elif isinstance(child.tag, str):
            _collect_text(child, parts)
        if child.tail:
            parts.append(child.tail)


def _near(anchor: HtmlElement, el: HtmlElement) -> bool:
    """Say whether `el` lies within the anchor's grandparent (the same byline block)."""
    block = anchor.getparent()
    if block is not None and block.getparent() is not None:
        block = block.getparent()
    if block is None:
        return False
    node: HtmlElement | None = el
    while node is not None:
        if node is block:
            return True
        node = node.getparent()
    return False


def find_authors(page: Page) -> list[str]:
    """Return the people credited, falling back to an organisation only when no person is.

    JSON-LD ``author`` objects typed Organization, and names equal to the site's own
    name, are kept aside while the other sources (meta tags, byline markup) are tried.
    """
    values = page.profile_values("authors")
    if values:
        names = normalize_authors(values)
        if names:
            page.sources["authors"] = "profile"
            return names
    site = {fold(n) for n in page.site_names() if fold(n)}
    hosts = {fold(n) for n in page.site_names() if "." in n and "/" not in n}

    def is_site(name: str) -> bool:
        f = fold(name)
        return any(f == n or (len(n) >= 4 and (n in f or f in n)) for n in site)

    fallback: tuple[str, list[str]] | None = None
    people: list[str] = []
    orgs: list[str] = []
    ld_authors = as_list(page.ld("author")) or as_list(page.ld("creator"))
    for author in ld_authors:
        target = people
        if isinstance(author, dict):
            if types_of(author) & {"organization", "newsmediaorganization", "corporation"}:
                target = orgs
            name = author.get("name")
            if isinstance(name, list):
                target.extend(str(n) for n in name if n)
            elif name:
                target.append(str(name))
        elif isinstance(author, str):
            target.append(author)
    names = normalize_authors(people)
    persons = [n for n in names if not is_site(n)]
    if persons:
        page.sources["authors"] = "jsonld"
        return _byline_block_names(page, persons, is_site)
    org_names = normalize_authors(orgs) or names
    if org_names:
        fallback = ("jsonld", org_names)
    for key in AUTHOR_META:
        values = [v for v in page.meta.get(key, []) if key != "twitter:creator" or " " in v]
        names = normalize_authors(values)
        # A value naming the site among its parts ("hessenschau.de, Frankfurt, Germany")
        # or its host ("Deutsche Welle (www.dw.com)") is the organisation's credit: its
        # other parts are places, not people.
        credits: list[str] = []
        for value in values:
            parts = normalize_authors([value])
            if not any(is_site(n) for n in parts) and not any(h in fold(value) for h in hosts):
                credits.extend(parts)
        persons = [n for n in names if n in credits]
        if persons:
            page.sources["authors"] = "meta"
            return persons
        if names and fallback is None:
            fallback = ("meta", names)
    if "author" in page.micro:
        names = [n for n in normalize_authors([page.micro["author"]]) if not is_site(n)]
        if names:
            page.sources["authors"] = "meta"
            return names
    visible: tuple[tuple[str, Callable[[Page], list[str]]], ...] = (
        ("microformats", lambda p: normalize_authors(_hcard_authors(p))),
        ("generic", _byline_names),
        ("generic", _bold_byline_names),
        ("generic", _labelled_byline_names),
    )
    for source, find in visible:  # the first that names a person wins
        names = [n for n in find(page) if not is_site(n)]
        if names:
            page.sources["authors"] = source
            return names
    if fallback:
        page.sources["authors"] = fallback[0]
        return fallback[1]
    return []


def _hcard_authors(page: Page) -> list[str]:
    """Return the names of the author hCards (microformats 1 and 2) of the page.

    ``<address class="vcard author"><a class="url fn">Ann Lee</a></address>`` (hAtom, as
    Pelican, older WordPress themes and many blog engines write it) and
    ``<a class="p-author h-card">Ann Lee</a>``.
    """
    return [
        " ".join(el.text_content().split())
        for el in _HCARD_AUTHOR_XPATH(page.doc.tree)
        if el.text_content().strip()
    ]


_LETTER_REF_RE = re.compile(
    r"&#(?:[xX]0*(?:61|75|74|68|6[fF]|72)(?![0-9a-fA-F])|0*(?:97|117|116|104|111|114)(?![0-9]))"
)
"""A numeric character reference to a letter of "author" (``&#97;``, ``&#x61;``)."""


_BEFORE_VALUE = frozenset(" \t\n\r\f\x00\"'")
"""What may stand between an attribute's ``=`` and its value (NUL: parse_html drops it)."""


def _attribute_values(source: str, value: str) -> int:
    """Count the places in an HTML source where an attribute could be given `value`.

    Each is `value` right after ``=``, any spaces and quotes. At least as many as the elements
    of the parsed page with an attribute of that value, when no character reference spells
    one of its letters.
    """
    count, i = 0, source.find(value)
    while i >= 0:
        j = i
        while j > 0 and source[j - 1] in _BEFORE_VALUE:
            j -= 1
        count += source[j - 1 : j] == "="
        i = source.find(value, i + 1)
    return count


def _byline_block_names(page: Page, names: list[str], is_site: Callable[[str], bool]) -> list[str]:
    """Return `names` with the co-authors the visible byline block adds to them.

    JSON-LD sometimes credits one of several bylined authors (``author: "Bo Chen"``
    beside ``<a rel="author">Ann Lee</a>`` and ``<a rel="author">Bo Chen</a>``). The
    block is the smallest element around the first credited name that holds another
    ``rel="author"`` link and little else (under 300 characters of text).
    """
    if _attribute_values(page.doc.text, "author") < 2 and not _LETTER_REF_RE.search(page.doc.text):
        return names  # (the XPath walks every element: a fifth of a millisecond a page)
    links = page.doc.tree.xpath("//body//*[@rel='author' or @itemprop='author']")
    if len(links) < 2:
        return names
    folded = {n.casefold() for n in names}

    def name_of(el: HtmlElement) -> str | None:
        found = normalize_authors([clean_line(" ".join(el.itertext()))])
        return found[0] if len(found) == 1 and not is_site(found[0]) else None

    anchor = next((el for el in links if (name_of(el) or "").casefold() in folded), None)
    if anchor is None:
        return names
    for block in anchor.iterancestors():
        inside = [el for el in links if el is not anchor and block in el.iterancestors()]
        if len(clean_line(block.text_content())) >= 300:
            return names
        if inside:
            shown = [name_of(el) for el in [anchor, *inside]]
            if any(n is None for n in shown):
                return names
            out = list(names)
            for n in shown:
                if n and n.casefold() not in {o.casefold() for o in out}:
                    out.append(n)
            return out
    return names


def _bold_byline_names(page: Page) -> list[str]:
    """Return names from an unmarked byline: a bold-only paragraph opening or closing the text.

    ``<p><strong>Lê Phương</strong></p>`` after the last paragraph, or ``<p><strong>Mathatisi
    Sebusi/Mohalenyane Phakela</strong></p>`` before the first, in a container holding at
    least three paragraphs of prose.
    """
    for parent in {p.getparent() for p in page.doc.tree.iter("p")}:
        if parent is None:
            continue
        paras = [p for p in parent if p.tag == "p" and clean_line(p.text_content())]
        prose = [p for p in paras if len(p.text_content()) >= 100]
        if len(prose) < 3:
            continue
        first, last = paras.index(prose[0]), paras.index(prose[-1])
        for p in paras[max(0, first - 2) : first] + paras[last + 1 : last + 3]:
            text = clean_line(p.text_content())
            bold = [c for c in p if c.tag in {"strong", "b"}]
            if len(bold) != 1 or clean_line(bold[0].text_content()) != text:
                continue
            if _NAME_LINE_RE.match(text) and all(
                w[0].isupper() for w in re.split(r"[\s/,&]+", text) if w and w != "and"
            ):
                return normalize_authors([text])
    return []


def _labelled_byline_names(page: Page) -> list[str]:
    """Return the names after a byline label in unmarked markup.

    ``<li>Von: <a href="/ann-lee">Ann Lee</a>, <a href="/bo-chen">Bo Chen</a></li>`` or
    ``<p><strong>Author:</strong> <a>Ann Lee</a></p>``: the label is the element's first
    text and every link in the element is a name. Else the plain text after a bold label
    (``<strong>Autorin/Autor</strong> Ann Lee``) or in the cell after a ``<dt>``/``<th>``.
    """
    for el in _LABELLED_XPATH(page.doc.tree):
        if el.xpath("ancestor::aside or ancestor::footer or ancestor::nav"):
            continue
        label = clean_line(el.text or "")
        if not label and len(el) and el[0].tag in {"strong", "b", "em", "span"}:
            label = clean_line(el[0].text_content()) if not len(el[0]) else ""
        if not _BYLINE_LABEL_RE.match(label):
            continue
        links = [clean_line(a.text_content()) for a in el.iter("a")]
        names = names_from_pieces(links)
        if names:
            return names
    # Plain text after a bold label: <li><strong>Autorin/Autor</strong> Ann Lee</li>, or
    # the cell after a <dt>/<th> label.
    for label in LABEL_XPATH(page.doc.tree):
        if not _BYLINE_LABEL_RE.match(clean_line(label.text_content())):
            continue
        names = names_from_pieces([clean_line(label_value(label))])
        if names and not label.xpath("ancestor::aside or ancestor::footer or ancestor::nav"):
            return names
    return []


def _byline_names(page: Page) -> list[str]:
    """Return names from byline markup: the first element giving names and its siblings."""
    out: list[str] = []
    anchor: HtmlElement | None = None
    for el in page.doc.tree.xpath(_BYLINE_XPATH)[:20]:
        if el.tag in {"script", "style", "meta", "link", "img", "html", "body", "input"}:
            continue
        if anchor is not None and not _near(anchor, el):
            break
        if el.xpath("ancestor::aside or ancestor::footer or ancestor::nav or ancestor::figure"):
            continue
        cls = ((el.get("class") or "") + " " + (el.get("id") or "")).lower()
        if any(w in cls for w in _BYLINE_SKIP_CLASSES):
            continue
        raw = _byline_text(el)
        text = clean_line(raw)
        if not text or len(text) > 100:
            continue
        names = normalize_authors([text]) if len(raw) <= 100 else []
        if not names and len(el):
            # Names in sibling elements with no separator between them:
            # <span>Ann Lee</span><span>Bo Chen</span> reads "Ann Lee Bo Chen" as one text.
            names = names_from_pieces(_byline_pieces(el))
        if names and anchor is None:
            anchor = el
        for name in names:
            if name not in out:
                out.append(name)
        if len(out) >= 6:
            break
    return out
