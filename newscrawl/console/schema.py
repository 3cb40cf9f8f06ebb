"""The JSON Schema (draft 2020-12) of one article line of the JSONL output.

``newscrawl schema`` prints it; the tests validate exported lines against it. The keys and
their order are `newscrawl.items.ArticleItem`'s (``ARTICLE_FIELDS``, then the optional
``warc``); the README's field table is made from the same descriptions and examples.
"""

from __future__ import annotations

from typing import Any

from newscrawl.items import ARTICLE_FIELDS

ISO_TIME = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)$"
"""ISO 8601 date and time with a UTC offset (or Z)."""
HTTP_URL = r"^https?://\S+$"
SHA1 = r"^[0-9a-f]{40}$"


def _text(nullable: bool = True) -> dict[str, Any]:
    return {"type": ["string", "null"]} if nullable else {"type": "string"}


def _strings() -> dict[str, Any]:
    return {"type": "array", "items": {"type": "string", "minLength": 1}}


def _matching(pattern: str, nullable: bool = False) -> dict[str, Any]:
    return {**_text(nullable), "pattern": pattern}


def _count(minimum: int) -> dict[str, Any]:
    return {"type": "integer", "minimum": minimum}


FIELDS: dict[str, tuple[dict[str, Any], str, str]] = {
    "id": (
        _matching(SHA1),
        "stable id: SHA-1 hex digest of `canonical_url`",
        "61d361e326a2e6d6cbda33c5dfc23fceff5c9dcb",
    ),
    "url": (
        _matching(HTTP_URL),
        "final response URL, after redirects",
        "https://sana.sy/en/?p=150924",
    ),
    "canonical_url": (
        _matching(HTTP_URL),
        "canonical link or og:url, normalised; else `url` normalised",
        "https://sana.sy/en/?p=150924",
    ),
    "site": (
        {"type": "string", "minLength": 1},
        "profile name, or the host of an ad-hoc URL crawl",
        "sana",
    ),
    "title": (_text(), "headline, without the site-name suffix", "Conference opens in Brazil"),
    "authors": (_strings(), "people or agency credited; [] if none", '["Bashar Ghanem"]'),
    "published": (
        _matching(ISO_TIME, nullable=True),
        "ISO 8601 with UTC offset",
        "2018-12-06T14:20:37+03:00",
    ),
    "modified": (
        _matching(ISO_TIME, nullable=True),
        "ISO 8601 with UTC offset (the same offset as `published`)",
        "2018-12-07T09:00:00+03:00",
    ),
    "language": (
        _matching("^[a-z]{2}$", nullable=True),
        "ISO 639-1 code",
        "en",
    ),
    "section": (_text(), "the site's section or category", "World"),
    "tags": (_strings(), "keywords and tags of the page", '["Aleppo", "Damascus"]'),
    "description": (_text(), "standfirst or meta description", "An international conference…"),
    "image": (
        _matching(HTTP_URL, nullable=True),
        "main image URL (absolute)",
        "https://sana.sy/wp-content/uploads/2018/12/150924-1.jpg",
    ),
    "dateline": (_text(), "place of the dateline", "Damascus"),
    "body": (
        {"type": "string"},
        "article text, paragraphs separated by a blank line; dateline kept; no boilerplate",
        "Damascus, SANA- An international…",
    ),
    "word_count": (_count(0), "words in `body`", "412"),
    "fetched_at": (
        _matching(ISO_TIME),
        "ISO 8601 UTC time of the fetch",
        "2026-12-06T12:50:44+00:00",
    ),
    "body_hash": (
        _matching(SHA1),
        "SHA-1 hex digest of the normalised body (exact-duplicate key)",
        "9f1c…",
    ),
    "revision": (
        _count(1),
        "1 at the first export; +1 for each changed version exported later",
        "1",
    ),
    "sources": (
        {"type": "object", "additionalProperties": {"type": "string"}},
        "where each field came from (profile, jsonld, meta, generic, sitemap, feed, url)",
        '{"title": "jsonld", "body": "generic"}',
    ),
    "warc": (
        {
            "type": "object",
            "required": ["file", "offset", "length", "record_id"],
            "properties": {
                "file": {"type": "string"},
                "offset": _count(0),
                "length": _count(0),
                "record_id": {"type": "string"},
            },
        },
        "optional: the WARC response record of the page, when an archive is written",
        '{"file": "….warc.gz", "offset": 0, "length": 5120, "record_id": "<urn:uuid:…>"}',
    ),
}
"""Key -> (JSON Schema, description, example)."""


def article_schema() -> dict[str, Any]:
    """Return the JSON Schema of one article line."""
    properties = {}
    for name, (schema, description, example) in FIELDS.items():
        properties[name] = {**schema, "description": description, "examples": [example]}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://github.com/newscrawl/newscrawl/article.schema.json",
        "title": "newscrawl article",
        "description": "One line of a newscrawl JSON Lines output: one news article.",
        "type": "object",
        "required": list(ARTICLE_FIELDS),
        "properties": properties,
        "additionalProperties": False,
    }


def field_table() -> str:
    """Return the README's Markdown table of the fields (key, type, format, example)."""
    rows = ["| key | type | format | example |", "|---|---|---|---|"]
    for name, (schema, description, example) in FIELDS.items():
        kind = schema.get("type")
        kinds = " or ".join(kind) if isinstance(kind, list) else str(kind)
        if kind == "array":
            kinds = "array of string"
        rows.append(f"| `{name}` | {kinds} | {description} | `{example}` |")
    return "\n".join(rows)
