"""The Article item: one news article as written to the JSONL feed (see DESIGN.md, contract)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any


@dataclass(kw_only=True, slots=True)
class ArticleItem:
    """A news article as written to the JSONL feed; `url` is required.

    The field order is the JSONL key order of the contract.
    """

    id: str = ""
    """Stable id: SHA-1 hex digest of `canonical_url`."""
    url: str
    """Final response URL, after redirects."""
    canonical_url: str = ""
    """`<link rel=canonical>`/og:url, resolved and normalised; else `url` normalised."""
    site: str = ""
    """Profile name (e.g. ``sana``), or the host for an ad-hoc URL crawl."""
    title: str | None = None
    """Headline, without the site-name suffix."""
    authors: list[str] = field(default_factory=list)
    """People (or the agency) credited; ``[]`` if none."""
    published: str | None = None
    """ISO 8601 with UTC offset, e.g. ``2018-12-17T14:05:00+02:00``."""
    modified: str | None = None
    """ISO 8601 with UTC offset."""
    language: str | None = None
    """ISO 639-1 code, e.g. ``en``, ``ar``."""
    section: str | None = None
    """The site's section or category."""
    tags: list[str] = field(default_factory=list)
    """Keywords and tags from the page."""
    description: str | None = None
    """Standfirst or meta description."""
    image: str | None = None
    """Main image URL (absolute)."""
    dateline: str | None = None
    """Place of the dateline, e.g. ``Damascus`` for "Damascus, SANA-"."""
    body: str = ""
    """Article text, paragraphs separated by a blank line; dateline kept; no boilerplate."""
    word_count: int = 0
    """Number of words in `body`."""
    fetched_at: str = ""
    """ISO 8601 UTC time of the fetch."""
    body_hash: str = ""
    """SHA-1 hex digest of the normalised body (exact-duplicate key)."""
    revision: int = 1
    """1 for the first export of an article; +1 for each changed version exported later."""
    sources: dict[str, str] = field(default_factory=dict)
    """Where each field came from: profile, jsonld, meta, generic, sitemap, feed, url."""
    warc: dict[str, Any] = field(init=False, repr=False, compare=False)
    """Optional: where the page is archived, ``{file, offset, length, record_id}`` (the WARC
    response record: file name in the site's output dir, byte offset and length of its gzip
    member, ``WARC-Record-ID``). Unset (and absent from the JSONL) when no archive is written."""

    def to_dict(self) -> dict[str, Any]:
        """Return the item as a plain dict in contract key order (``warc`` only when set)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if hasattr(self, f.name)}

    def __getstate__(self) -> dict[str, Any]:
        # Pickled between the analysis workers and the crawl: an unset ``warc`` stays unset.
        return self.to_dict()

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)


OPTIONAL_FIELDS: tuple[str, ...] = ("warc",)
"""Contract keys present only when set (after the others)."""
ARTICLE_FIELDS: tuple[str, ...] = tuple(
    f.name for f in fields(ArticleItem) if f.name not in OPTIONAL_FIELDS
)
"""The contract keys always present, in JSONL order."""
