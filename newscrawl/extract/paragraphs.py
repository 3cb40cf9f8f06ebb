"""Element text as paragraphs: block and skipped tags, ``<br>`` splits."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newscrawl.extract.text import clean_line

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


def element_paragraphs(root: HtmlElement, removed: Iterable[HtmlElement] = ()) -> list[str]:
    """Return the text of `root` split into paragraphs at block elements and ``<br>`` pairs."""
    paras: list[str] = []
    buf: list[str] = []
    if root.text:
        buf.append(root.text)
    skip = set(removed)
    for child in root:
        _walk(child, skip, buf, paras)
    _flush(buf, paras)
    return paras


# Module functions, not closures inside `element_paragraphs`: a recursive closure refers to
# itself through its cell, a reference cycle that kept each call's elements (and so the whole
# parsed page) alive until the garbage collector's next pass.
def _flush(buf: list[str], paras: list[str]) -> None:
    text = clean_line("".join(buf))
    buf.clear()
    if text:
        paras.append(text)


def _walk(el: HtmlElement, skip: set[HtmlElement], buf: list[str], paras: list[str]) -> None:
    tag = el.tag if isinstance(el.tag, str) else None
    if tag is None or tag in SKIP_TAGS or el in skip:
        if el.tail:
            buf.append(el.tail)
        return
    block = tag in BLOCK_TAGS
    if block:
        _flush(buf, paras)
    if el.text:
        buf.append(el.text)
    for child in el:
        _walk(child, skip, buf, paras)
    if block:
        _flush(buf, paras)
    if el.tail:
        buf.append(el.tail)
