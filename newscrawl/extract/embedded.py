r"""Article HTML that a page carries only inside its scripts, read as paragraphs.

Pages rendered in the browser ship the article as data: a Next.js app streams it in
``self.__next_f.push([1, "\u003cp\u003e…"])``, others keep it in a JSON state blob
(``__NEXT_DATA__``, a dehydrated query cache: ``"contentHtml": "\u003cp\u003e…"``). The HTML
served holds the page's frame and no article text, so every extractor of the HTML finds an empty
body. Serializers escape ``<`` inside scripts (``\u003c``, ``\x3c``) so that no string can
close the script early; a string literal with escaped ``<p`` tags is HTML content. The one whose
paragraphs hold the most text is the article.

Only the escaped forms are looked for: raw ``<p>`` in a script is far more often a template of
the page's own widgets than content.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

import lxml.html
from lxml import etree

from newscrawl.extract.body import element_paragraphs, is_boilerplate_block

if TYPE_CHECKING:
    from collections.abc import Iterator

_SCRIPT_RE = re.compile(r"<script\b[^>]*>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_ESCAPED_P_RE = re.compile(r"\\(?:u003[cC]|x3[cC])p[\s>\\/]")
_STRING_RE = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"', re.DOTALL)
"""A double-quoted JSON/JavaScript string literal (the unrolled loop: no backtracking)."""
MIN_TAGS = 2
"""Escaped ``<p`` tags a string must hold to be read as article HTML."""
MAX_PARSED = 4
"""Strings parsed at most, those with the most ``<p`` tags first."""
_RSC_TEXT_HEADER_RE = re.compile(r"^[0-9a-f]+:T[0-9a-f]+,")
"""The header of a text chunk of a React Server Components stream (``1c:T2f4,``)."""
_PLACEHOLDER_RE = re.compile(r"\$\$[A-Z0-9_]+\$\$|\{\{\s*[\w.]+\s*\}\}|\[\[[A-Z0-9_]+\]\]")
"""Template slots left in the HTML for the page's script to fill (``$$ARTICLEAD$$``)."""


def embedded_paragraphs(source: str) -> list[str]:
    """Return the paragraphs of the article HTML inside the scripts of page `source`, if any.

    `source` is the page's decoded HTML. Returns ``[]`` when no script holds a string with at
    least `MIN_TAGS` escaped ``<p`` tags. A string that is JSON itself (``JSON.parse("…")``)
    is searched for its HTML strings.
    """
    if not _ESCAPED_P_RE.search(source):
        return []
    literals: list[tuple[int, str]] = []
    for script in _SCRIPT_RE.finditer(source):
        code = script.group(1)
        if not _ESCAPED_P_RE.search(code):
            continue
        for match in _STRING_RE.finditer(code):
            tags = len(_ESCAPED_P_RE.findall(match.group(1)))
            if tags >= MIN_TAGS:
                literals.append((tags, match.group(1)))
    literals.sort(key=lambda pair: pair[0], reverse=True)
    # the same HTML often comes twice: in a state blob and in the stream
    htmls = dict.fromkeys(html for _, lit in literals for html in _html_strings(_decode(lit)))
    best: list[str] = []
    for html in list(htmls)[:MAX_PARSED]:
        paras = _html_paragraphs(html)
        if sum(map(len, paras)) > sum(map(len, best)):
            best = paras
    return best


def _decode(literal: str) -> str:
    r"""Decode the body of a JSON or JavaScript string literal (``\x3c`` is JavaScript's)."""
    try:
        text: str = json.loads('"' + literal.replace("\\x", "\\u00") + '"')
    except ValueError:
        return ""
    return _RSC_TEXT_HEADER_RE.sub("", text, count=1)


def _html_strings(text: str) -> Iterator[str]:
    """Yield `text`, or when it is JSON, the strings in it with `MIN_TAGS` ``<p`` tags."""
    if not text.startswith(("{", "[")):
        yield text
        return
    try:
        data = json.loads(text)
    except ValueError:
        return
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(reversed(value.values()))
        elif isinstance(value, list):
            stack.extend(reversed(value))
        elif isinstance(value, str) and value.count("<p") >= MIN_TAGS:
            yield value


def _html_paragraphs(html: str) -> list[str]:
    """Return the paragraphs of an HTML fragment, boilerplate boxes (captions, ads) left out."""
    if not html.strip():
        return []
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return []
    boxes = [el for el in root.iter() if isinstance(el.tag, str) and is_boilerplate_block(el)]
    paras = (_PLACEHOLDER_RE.sub("", p).strip() for p in element_paragraphs(root, boxes))
    return [p for p in paras if p]
