"""Decode and parse a page once; every extraction layer works on the same `Document`."""

from __future__ import annotations

import re
from functools import cached_property
from typing import TYPE_CHECKING, Any

import lxml.html
from lxml import etree
from w3lib.encoding import html_body_declared_encoding, read_bom, resolve_encoding

if TYPE_CHECKING:
    from lxml.html import HtmlElement

_XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_SINGLE_BYTE_WESTERN = {"latin-1", "iso8859-1", "cp1252", "ascii", "iso8859-15"}
_PARSER = lxml.html.HTMLParser(
    remove_blank_text=False, remove_comments=True, collect_ids=False, default_doctype=False
)
# Every element is a plain HtmlElement, chosen in C. lxml.html's own lookup calls a Python
# function for each element proxy (to give forms and inputs their own classes, which no
# layer uses): a thousand calls per page, about 5 % of a page's analysis.
_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=lxml.html.HtmlElement,
        comment=lxml.html.HtmlComment,
        pi=lxml.html.HtmlProcessingInstruction,
        entity=lxml.html.HtmlEntity,
    )
)


def _looks_utf8(data: bytes) -> bool:
    """Say whether `data` holds non-ASCII bytes that form valid UTF-8."""
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


STRAY_BYTES = 20
"""A page declared UTF-8 with at most one invalid sequence per this many non-ASCII
characters is UTF-8 with stray bytes (a pasted Latin-1 character), not another codec."""


def _mostly_utf8(data: bytes) -> str | None:
    """Return `data` decoded as UTF-8 with replacement characters, if those are rare."""
    text = data.decode("utf-8", errors="replace")
    non_ascii = sum(1 for ch in text if ch > "\x7f")
    return text if STRAY_BYTES * text.count("\ufffd") <= non_ascii else None


def decode_html(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Decode page bytes; return ``(text, codec)``.

    Order: BOM, then the HTTP `encoding` when it is a valid label and decodes the bytes,
    then the document's own declaration (``<meta charset>``, ``http-equiv``, ``<?xml?>``),
    then ASCII, UTF-8 and charset-normalizer. A single-byte Western label on bytes that are
    valid UTF-8 (a common server misconfiguration) is overridden by UTF-8. The labels are
    read and mapped to codecs as browsers do, by w3lib (``ISO-8859-1`` means windows-1252);
    unlike w3lib's ``html_to_unicode``, a label whose codec cannot decode the bytes is passed
    over instead of decoding with replacement characters; except a UTF-8 label on bytes
    with a rare stray byte (`_mostly_utf8`), decoded with replacements as browsers do.
    """
    bom_codec, bom = read_bom(data)
    if bom_codec and bom:
        return data[len(bom) :].decode(bom_codec, errors="replace"), bom_codec
    candidates: list[str] = []
    for name in (
        resolve_encoding(encoding) if encoding else None,
        html_body_declared_encoding(data),
    ):
        if name and name not in candidates:
            candidates.append(name)
    for name in candidates:
        if name in _SINGLE_BYTE_WESTERN and _looks_utf8(data):
            return data.decode("utf-8"), "utf-8"
        try:
            return data.decode(name), name
        except (UnicodeDecodeError, LookupError):
            if name == "utf-8" and (text := _mostly_utf8(data)) is not None:
                return text, name  # a stray byte in a UTF-8 page, replaced as browsers do
            continue
    if data.isascii():
        return data.decode("ascii"), "ascii"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding:
        return str(best), best.encoding
    name = candidates[0] if candidates else "cp1252"
    return data.decode(name, errors="replace"), name


def _is_code_script(script: HtmlElement) -> bool:
    """Say whether a ``<script>`` holds code, not data (JSON-LD and JSON blobs are kept)."""
    kind = (script.get("type") or "").lower()
    return not kind or kind == "module" or "javascript" in kind


_EMPTY_BEFORE_TEXT_TAGS = (
    "span", "i", "b", "em", "strong", "q", "font", "div", "p", "section", "article",
    "blockquote", "li", "dd", "dt", "pre", "h2", "h3", "h4",
)  # fmt: skip
"""Empty elements of these tags followed by text (icon spans, clearing divs): trafilatura's
precision mode deletes them with that text."""
_XML_SPACE = " \t\r\n"
"""What XPath's ``normalize-space`` strips (a no-break space is text)."""


def parse_html(text: str) -> HtmlElement:
    """Parse `text` into an lxml HTML tree (an empty document when it cannot be parsed)."""
    text = _XML_DECL_RE.sub("", text, count=1)
    if "\x00" in text:
        text = text.replace("\x00", "")
    try:
        root = lxml.html.document_fromstring(text, parser=_PARSER)
    except (etree.ParserError, ValueError):
        root = None
    if root is None:
        root = lxml.html.document_fromstring("<html><body></body></html>")
    # Style sheets and scripts are never text: without them, the text of any element is what
    # a reader sees (a `<style>` inside an article's container leaked CSS into its standfirst).
    # JSON-LD and other data scripts stay for the metadata layer.
    etree.strip_elements(root, "style", with_tail=False)
    # (tag-filtered iteration in C and a test in Python: a third of the XPath's cost)
    for script in [el for el in root.iter("script") if _is_code_script(el)]:
        script.drop_tree()
    # trafilatura's precision mode deletes empty elements with their tail, so the words after
    # an icon (`<a><span class="icon"></span>dehne der Beton sich aus</a>`) vanished from
    # the sentence; such an element is dropped here and the text after it kept.
    body = root.find("body")
    if body is not None:
        for empty in [
            el
            for el in body.iter(*_EMPTY_BEFORE_TEXT_TAGS)
            if not el.text and not len(el) and el.tail and el.tail.strip(_XML_SPACE)
        ]:
            empty.drop_tag()
    # Ruby annotations become their plain-text fallback, inline: the base text, then the
    # reading in the page's own <rp> parentheses, as a reader without ruby support sees it
    # (left as elements, extractors broke the sentence around them).
    # (lxml answers at once when no element of the page has that tag name: a substring
    # search of the source costs ~80 us on a 60 KB page)
    if next(root.iter("ruby"), None) is not None:
        # Without <rp> the page gives no plain-text form of the reading: it is an annotation
        # over the base text (furigana), and read inline it would double every word
        # ("子こども"). Only the base text stays.
        for ruby in list(root.iter("ruby")):
            if ruby.find(".//rp") is None:
                for rt in list(ruby.iter("rt", "rtc")):
                    if rt.getparent() is not None:
                        rt.drop_tree()
        etree.strip_tags(root, "ruby", "rb", "rt", "rp", "rtc")
    return root


class Document:
    """A page parsed once: URL, decoded text, lxml tree and lazily read metadata.

    The tree is shared by every layer; layers that need to modify it work on a copy.
    """

    def __init__(self, url: str, text: str, tree: HtmlElement, encoding: str = "utf-8") -> None:
        self.url = url
        self.text = text
        self.tree = tree
        self.encoding = encoding

    @cached_property
    def jsonld(self) -> list[dict[str, Any]]:
        """Return every JSON-LD object of the page, flattened (``@graph`` and lists expanded)."""
        from newscrawl.extract.metadata import read_jsonld

        return read_jsonld(self.tree)

    @cached_property
    def meta(self) -> dict[str, list[str]]:
        """Return ``<meta>`` values keyed by lower-cased name/property/itemprop, in page order."""
        from newscrawl.extract.metadata import read_meta

        return read_meta(self.tree)

    @cached_property
    def attributed_elements(self) -> list[HtmlElement]:
        """Return the body's elements with a class, id or itemprop (one walk, shared)."""
        from newscrawl.extract.prune import attributed_elements

        return attributed_elements(self.tree)

    @cached_property
    def html_lang(self) -> str | None:
        """Return the ``lang`` attribute of ``<html>`` (or content-language meta)."""
        lang = self.tree.get("lang") or self.tree.get("xml:lang")
        if not lang:
            values = self.meta.get("content-language") or self.meta.get("og:locale")
            lang = values[0] if values else None
        return lang.strip() if lang else None


def parse_document(html: str | bytes, url: str, encoding: str | None = None) -> Document:
    """Decode (when bytes) and parse a page once.

    `encoding` is the charset of the HTTP ``Content-Type`` header, if any; see
    `decode_html` for how bytes are decoded.
    """
    if isinstance(html, bytes):
        text, codec = decode_html(html, encoding)
    else:
        text, codec = html, "utf-8"
    return Document(url, text, parse_html(text), codec)
