"""Extraction: pure functions turning a page into an article (no Scrapy imports).

Parse a page once with `parse_document`, then `classify_page` and `extract_article` on the
same `Document`; the text helpers (`normalize_text`, `body_hash`, `count_words`) are shared
with the pipelines.
"""

from __future__ import annotations

from newscrawl.extract.article import extract_article
from newscrawl.extract.classify import classify_page
from newscrawl.extract.document import Document, decode_html, parse_document
from newscrawl.extract.text import body_hash, count_words, normalize_text

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
