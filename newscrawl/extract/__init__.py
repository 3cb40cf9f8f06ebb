"""Extraction: pure functions turning a page into an article (no Scrapy imports).

Parse a page once with `parse_document`, then `classify_page` and `extract_article` on the
same `Document`; the text helpers (`normalize_text`, `body_hash`, `count_words`) are shared
with the pipelines.

The extraction functions are imported on first use (PEP 562): the crawl process needs only
the text helpers (its clean pipeline), and importing the rest compiles every rule pattern,
about 0.3 s of CPU per crawl spent for nothing.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from newscrawl.extract.text import body_hash, count_words, normalize_text

if TYPE_CHECKING:
    from newscrawl.extract.article import extract_article
    from newscrawl.extract.classify import classify_page
    from newscrawl.extract.document import Document, decode_html, parse_document

_LAZY = {
    "extract_article": "newscrawl.extract.article",
    "classify_page": "newscrawl.extract.classify",
    "Document": "newscrawl.extract.document",
    "decode_html": "newscrawl.extract.document",
    "parse_document": "newscrawl.extract.document",
}

__all__ = [
    "Document",
    "body_hash",
    "classify_page",
    "count_words",
    "decode_html",
    "extract_article",
    "normalize_text",
    "parse_document",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
