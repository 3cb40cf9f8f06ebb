"""Article body: generic extraction (trafilatura), element text, boilerplate cleanup, dateline."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from newscrawl.extract.text import clean_line, normalize_text

if TYPE_CHECKING:
    from collections.abc import Iterable

    from lxml.html import HtmlElement

BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "blockquote",
        "pre",
        "table",
        "tr",
        "section",
        "article",
        "figure",
        "figcaption",
        "header",
        "footer",
        "aside",
        "dl",
        "dt",
        "dd",
        "br",
        "hr",
        "main",
        "nav",
        "form",
        "address",
    }
)
SKIP_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "svg",
        "button",
        "form",
        "select",
        "nav",
        "figure",
        "figcaption",
        "aside",
        "input",
        "textarea",
        "video",
        "audio",
        "object",
    }
)

STOP_RE = re.compile(
    r"^(?:check also|related(?: (?:posts?|articles?|stories|news|content|topics|coverage))?|"
    r"you (?:may|might) also (?:like|be interested in)|more (?:from|on) (?:this|the)\b.*|"
    r"more stories|recommended(?: for you| stories| articles)?|read next|"
    r"share this(?: article| story)?|tags?|tagged|filed under|topics|"
    r"sign up for (?:our|the)\b.*|subscribe to (?:our|the)\b.*newsletter.*|"
    r"leave a (?:comment|reply)|comments?|about the author|"
    r"(?:this|the) (?:article|story) (?:was|is) (?:originally )?published\b.*)\s*[:.]?$",
    re.IGNORECASE,
)
"""Short paragraphs after which everything is boilerplate."""

DROP_RE = re.compile(
    r"^(?:(?:read|see|watch|listen)(?: (?:also|more|too|next|here))?\s*[:>»|-]|"
    r"(?:read|see) also\b|also read\s*:|related\s*:|recommended\s*:|more\s*:|"
    r"(?:photo|image|picture|foto|bild|video|source|credit|photograph)s?(?: credit)?\s*[:©]|"
    r"©|\(c\) |copyright\b|all rights reserved|"
    r"click here\b|follow us\b|share (?:on|via)\b|advertisement$|anzeige$|publicité$|"
    r"sign up\b.*newsletter|subscribe\b.*newsletter|"
    r"(?:this|the) (?:article|story|content) (?:is|was) (?:produced|sponsored)\b)",
    re.IGNORECASE,
)
"""Paragraphs dropped wherever they are (read-also lines, captions, credits, share prompts)."""

_INITIALS_TOKEN_RE = re.compile(r"^[A-Z][a-z]?\.?(?:[A-Z][a-z]?\.?){0,3}$")
"""One editor's initials such as ``Kh.A`` or ``H.H``."""
_INITIALS_SPLIT_RE = re.compile(r"\s*/\s*|\s+-\s+|\s+")

DATELINE_RE = re.compile(
    r"^(?P<place>[A-Z\u00c0-\u024f][\w\u00c0-\u024f.'’ -]{1,40}?)"
    r"(?:\s*,\s*(?P<date>(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?)(?:,?\s+\d{4})?))?"
    r"\s*(?:"
    r"\((?P<agency>[A-Z][\w.&'’ /-]{0,24})\)\s*[-–—:]?"  # LONDON (Reuters) -, Damascus, Oct. 2 (SANA)
    r"|,\s*(?P<agency2>[A-Z][A-Za-z]{1,10}|[A-Z]{2,10})\s*[-–—]"  # Damascus, SANA-
    r"|\s[-–—]\s"  # WASHINGTON — (all caps only, checked below)
    r")"
)


def is_initials(line: str) -> bool:
    """Say whether a paragraph is only editor initials (``Kh.A / H.H``, ``H.Z``)."""
    line = line.strip()
    if not line or len(line) > 30 or not ("." in line or "/" in line):
        return False
    tokens = [t for t in _INITIALS_SPLIT_RE.split(line) if t]
    return 0 < len(tokens) <= 4 and all(_INITIALS_TOKEN_RE.match(t) for t in tokens)


def find_dateline(first_paragraph: str) -> str | None:
    """Return the place of a dateline at the start of the body, e.g. ``Damascus``."""
    m = DATELINE_RE.match(first_paragraph[:120])
    if not m:
        return None
    place = m.group("place").strip(" ,.-")
    agency = m.group("agency") or m.group("agency2")
    if not agency and not place.isupper():
        return None
    if agency and m.group("agency2") and not (agency.isupper() or agency in _AGENCIES):
        return None
    if not place or len(place.split()) > 4 or place.casefold() in _NOT_PLACES:
        return None
    if place.isupper():
        place = " ".join(w.capitalize() if not w.startswith("-") else w for w in place.split())
        place = "-".join(p[:1].upper() + p[1:] for p in place.split("-"))
    return place


_AGENCIES = frozenset({"Reuters", "Xinhua", "Bernama", "Anadolu", "Yonhap", "Kyodo", "Tass"})
_NOT_PLACES = frozenset(
    {"update", "updated", "breaking", "exclusive", "analysis", "opinion", "editorial"}
)


def element_paragraphs(root: HtmlElement, removed: Iterable[HtmlElement] = ()) -> list[str]:
    """Return the text of `root` split into paragraphs at block elements and ``<br>`` pairs."""
    skip = set(removed)
    paras: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        text = clean_line("".join(buf))
        buf.clear()
        if text:
            paras.append(text)

    def walk(el: HtmlElement) -> None:
        tag = el.tag if isinstance(el.tag, str) else None
        if tag is None or tag in SKIP_TAGS or el in skip:
            if el.tail:
                buf.append(el.tail)
            return
        block = tag in BLOCK_TAGS
        if block:
            flush()
        if el.text:
            buf.append(el.text)
        for child in el:
            walk(child)
        if block:
            flush()
        if el.tail:
            buf.append(el.tail)

    if root.text:
        buf.append(root.text)
    for child in root:
        walk(child)
    flush()
    return paras


def cleanup_paragraphs(
    paras: list[str],
    stop_patterns: Iterable[re.Pattern[str]] = (),
    drop_patterns: Iterable[re.Pattern[str]] = (),
) -> list[str]:
    """Cut the body at a stop paragraph and drop boilerplate paragraphs."""
    stops = tuple(stop_patterns)
    drops = tuple(drop_patterns)
    out: list[str] = []
    for i, para in enumerate(paras):
        if any(p.search(para) for p in stops):
            break
        short = len(para) <= 60
        if short and STOP_RE.match(para) and i >= 1:
            break
        if any(p.search(para) for p in drops):
            continue
        if short and DROP_RE.match(para):
            continue
        if is_initials(para):
            continue
        out.append(para)
    # Editor initials or a lone credit at the end.
    while out and (is_initials(out[-1]) or (len(out[-1]) <= 60 and DROP_RE.match(out[-1]))):
        out.pop()
    return out


_TRAF_OPTIONS: dict[str, object] = {
    "output_format": "txt",
    "include_comments": False,
    "include_tables": False,
    "include_images": False,
    "include_links": False,
    "with_metadata": False,
    "deduplicate": False,
}


def generic_body(tree: HtmlElement, url: str, *, favor_precision: bool = True) -> str:
    """Extract the main text with trafilatura from the shared tree (it works on a copy)."""
    import trafilatura

    text = trafilatura.extract(tree, url=url, favor_precision=favor_precision, **_TRAF_OPTIONS)  # type: ignore[arg-type]
    if not text:
        return ""
    return normalize_text(text.replace("\n", "\n\n"))
