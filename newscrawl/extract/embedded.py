r"""Article HTML that a page carries only inside its scripts, read as paragraphs.

Pages rendered in the browser ship the article as data: a Next.js app streams it in
``self.__next_f.push([1, "\u003cp\u003e…"])``, others keep it in a JSON state blob
(``__NEXT_DATA__``, a dehydrated query cache: ``"contentHtml": "\u003cp\u003e…"``). The HTML
served holds the page's frame and no article text, so every extractor of the HTML finds an empty
body. Serializers escape ``<`` inside scripts (``\u003c``, ``\x3c``) so that no string can
close the script early; a string literal with escaped ``<p`` tags is HTML content. The one whose
paragraphs hold the most text is the article.

Only the escaped forms are looked for: raw ``<p>`` in a script is far more often a template of
the page's own widgets than content. `belongs_to_page` tells the article of the page from
another one the scripts carry (a preloaded next story).
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

import lxml.html
from lxml import etree

from newscrawl.extract.paragraphs import element_paragraphs
from newscrawl.extract.prune import is_boilerplate_block
from newscrawl.extract.text import fold

if TYPE_CHECKING:
    from collections.abc import Iterator

_ESCAPED_P_RE = re.compile(r"\\(?:u003[cC]|x3[cC])p[\s>\\/]")
_TOKEN_RE = re.compile(r"\"(?:[^\"\\]|\\.)*+\"|'(?:[^'\\]|\\.)*+'|\\.|[^\"'\\]++|.", re.DOTALL)
"""The tokens of script code: a string literal in either quotes, an escape outside one (so
``\\"`` never opens a string), a run of other characters, or a quote that opens none. Each
token is consumed once: the scan is linear, whatever the quotes."""
_ESCAPE_RE = re.compile(r"\\(x[0-9a-fA-F]{2}|.)|\"", re.DOTALL)
_JSON_ESCAPES = frozenset('"\\/bfnrtu')
_JS_ESCAPES = {"0": "\\u0000", "v": "\\u000b", "\n": "", "\r": "", "\u2028": "", "\u2029": ""}
MIN_TAGS = 2
"""Escaped ``<p`` tags a string must hold to be read as article HTML."""
MAX_PARSED = 4
"""Strings parsed at most, those with the most ``<p`` tags first."""
_RSC_TEXT_HEADER_RE = re.compile(rb"[0-9a-f]{1,8}:T([0-9a-f]{1,8}),")
"""The header of a text row of a React Server Components stream (``1c:T2f4,``): the text that
follows is that many UTF-8 bytes long (hexadecimal)."""
SENTENCE_CHARS = 40
"""A shown paragraph this long is a sentence of the story, not a label."""
DESCRIPTION_CHARS = 60
TITLE_SHARE = 0.6
"""With nothing shown, the start of the description, or this share of the title's words of two
letters or more, ties an article in the scripts to the page."""
_TITLE_WORD_RE = re.compile(r"\w{2,}")
_PLACEHOLDER_RE = re.compile(r"\$\$[A-Z0-9_]+\$\$|\{\{\s*[\w.]+\s*\}\}|\[\[[A-Z0-9_]+\]\]")
"""Template slots left in the HTML for the page's script to fill (``$$ARTICLEAD$$``)."""


def embedded_articles(source: str) -> list[list[str]]:
    """Return the paragraphs of each article HTML inside the scripts of page `source`.

    `source` is the page's decoded HTML. Candidates are script string literals with at least
    `MIN_TAGS` escaped ``<p`` tags (the JSON strings inside one that is JSON itself, as in
    ``JSON.parse('…')``); the `MAX_PARSED` with the most tags are read, and returned with the
    most text first. ``[]`` when there are none.
    """
    if not _ESCAPED_P_RE.search(source):
        return []
    literals: list[tuple[int, str]] = []
    for code in _scripts(source):
        if not _ESCAPED_P_RE.search(code):
            continue
        for token in _TOKEN_RE.finditer(code):
            literal = token.group()
            if len(literal) < 2 or literal[0] not in "\"'" or literal[-1] != literal[0]:
                continue
            tags = len(_ESCAPED_P_RE.findall(literal))
            if tags >= MIN_TAGS:
                literals.append((tags, literal))
    literals.sort(key=lambda pair: pair[0], reverse=True)
    # the same HTML often comes twice: in a state blob and in the stream
    htmls = dict.fromkeys(
        html for _, literal in literals for html in _html_strings(_decode(literal))
    )
    found = [paras for html in list(htmls)[:MAX_PARSED] if (paras := _html_paragraphs(html))]
    return sorted(found, key=lambda paras: sum(map(len, paras)), reverse=True)


def belongs_to_page(
    candidate: list[str], shown: list[str], title: str | None, description: str | None
) -> bool:
    """Say whether the `candidate` paragraphs are the story of this page.

    When the page shows sentences of the story (a teaser, its first paragraphs), the first of
    them and at least half of all must be in the candidate: another story (a preloaded next
    article) shares a site's taglines, not the lead. When it shows none, most words of the
    title, or the start of the description, must be.
    """
    text = fold(" ".join(candidate))
    sentences = [fold(p) for p in shown if len(p) >= SENTENCE_CHARS]
    if sentences:
        found = sum(1 for s in sentences if s in text)
        return sentences[0] in text and 2 * found >= len(sentences)
    if description and fold(description)[:DESCRIPTION_CHARS] in text:
        return True
    words = {fold(w) for w in _TITLE_WORD_RE.findall(title or "")}
    return bool(words) and sum(1 for w in words if w in text) >= TITLE_SHARE * len(words)


def _scripts(source: str) -> Iterator[str]:
    """Yield the code of each ``<script>`` of `source`, in one pass (an unclosed tag ends it)."""
    lower = source.lower()
    start = lower.find("<script")
    while start >= 0:
        opened = lower.find(">", start)
        closed = lower.find("</script", opened) if opened >= 0 else -1
        if closed < 0:
            return
        yield source[opened + 1 : closed]
        start = lower.find("<script", closed + 8)


def _decode(literal: str) -> str:
    r"""Return the value of a JSON or JavaScript string `literal` (with its quotes).

    ``'…'``, ``\x3c`` and ``\'`` are JavaScript's; ``""`` when it is not a valid literal.
    """
    body = _ESCAPE_RE.sub(_as_json_escape, literal[1:-1])
    try:
        value: str = json.loads(f'"{body}"', strict=False)  # raw tabs are valid JavaScript
    except ValueError:
        return ""
    return value


def _as_json_escape(match: re.Match[str]) -> str:
    escape = match.group(1)
    if escape is None:
        return '\\"'  # a bare double quote, inside a single-quoted literal
    if escape[0] == "x" and len(escape) == 3:
        return "\\u00" + escape[1:]
    if escape in _JSON_ESCAPES:
        return "\\" + escape
    # JavaScript's own: \0, \v, a line continuation, and any other character standing for itself
    return _JS_ESCAPES.get(escape, escape)


def _html_strings(text: str) -> Iterator[str]:
    """Yield the HTML in a decoded string `text`.

    That is the text chunks of a React Server Components stream, the strings with `MIN_TAGS`
    ``<p`` tags of a JSON document, or `text` itself.
    """
    raw = text.encode("utf-8", "surrogatepass")
    at, chunks = 0, 0
    while (chunk := _RSC_TEXT_HEADER_RE.search(raw, at)) is not None:
        start = chunk.start()
        if start != at and raw[start - 1 : start] != b"\n":  # not a row's start: text
            at = start + 1
            continue
        # the text is that many UTF-8 bytes; the next row starts right after it
        at = chunk.end() + int(chunk.group(1), 16)
        chunks += 1
        yield raw[chunk.end() : at].decode("utf-8", "ignore")
    if chunks:
        return
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
    try:  # NUL (a JavaScript "\0") would come out as U+FFFD
        root = lxml.html.fragment_fromstring(html.replace("\x00", ""), create_parent="div")
    except (etree.ParserError, ValueError):
        return []
    boxes = [el for el in root.iter() if isinstance(el.tag, str) and is_boilerplate_block(el)]
    paras = (_PLACEHOLDER_RE.sub("", p).strip() for p in element_paragraphs(root, boxes))
    return [p for p in paras if p]
