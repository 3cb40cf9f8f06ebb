"""The extractors `newscrawl eval` compares, each behind one signature (bytes, URL) -> fields.

`PRODUCES` says which fields each one gives at all: a field it never gives is reported as
"n/a", not as a zero score.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable


@dataclass(slots=True)
class Prediction:
    """What an extractor returned for one page."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    body: str = ""
    language: str | None = None


FETCHED_AT = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
"""The fetch time newscrawl is told: the pages were all fetched before the evaluation runs."""


def _newscrawl(html: bytes, url: str) -> Prediction:
    from newscrawl.extract import extract_article

    item = extract_article(html, url, fetched_at=FETCHED_AT)
    return Prediction(item.title, item.authors, item.published, item.body or "", item.language)


def _trafilatura(html: bytes, url: str) -> Prediction:
    """Run trafilatura as ``extract(html, url=url, with_metadata=True)`` does (its defaults)."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    if doc is None or isinstance(doc, dict):
        return Prediction()
    authors = [a.strip() for a in (doc.author or "").split(";") if a.strip()]
    return Prediction(doc.title, authors, doc.date, doc.text or "", doc.language)


def _readability(html: bytes, url: str) -> Prediction:
    import lxml.html
    from readability import Document as ReadabilityDocument

    rdoc = ReadabilityDocument(html, url=url)
    summary = rdoc.summary(html_partial=True)
    root = lxml.html.fromstring(summary) if summary.strip() else None
    body = ""
    if root is not None:
        paras = [" ".join(el.text_content().split()) for el in root.iter("p", "h2", "h3", "li")]
        body = "\n\n".join(p for p in paras if p) or " ".join(root.text_content().split())
    return Prediction(title=rdoc.short_title(), body=body)


def _newspaper(html: bytes, url: str) -> Prediction:
    import newspaper

    article = newspaper.Article(url, fetch_images=False)
    article.download(input_html=html.decode("utf-8", errors="replace"))
    article.parse()
    published = article.publish_date.isoformat() if article.publish_date else None
    return Prediction(
        article.title, list(article.authors), published, article.text or "", article.meta_lang
    )


EXTRACTORS: dict[str, Callable[[bytes, str], Prediction]] = {
    "newscrawl": _newscrawl,
    "trafilatura": _trafilatura,
    "readability-lxml": _readability,
    "newspaper4k": _newspaper,
}
ALIASES = {
    "readability": "readability-lxml",
    "newspaper": "newspaper4k",
    "newspaper3k": "newspaper4k",
}
_ALL_FIELDS = frozenset({"title", "authors", "published", "published_day", "body", "language"})
PRODUCES: dict[str, frozenset[str]] = {
    "newscrawl": _ALL_FIELDS,
    # trafilatura gives the day only (htmldate's default output format) and no language
    # unless it is asked to filter by one.
    "trafilatura": frozenset({"title", "authors", "published_day", "body"}),
    "readability-lxml": frozenset({"title", "body"}),
    "newspaper4k": _ALL_FIELDS,
}
"""The fields each extractor gives at all; the others are reported as "n/a"."""


def available(name: str) -> bool:
    """Say whether extractor `name` can be imported here."""
    module = {
        "trafilatura": "trafilatura",
        "readability-lxml": "readability",
        "newspaper4k": "newspaper",
    }
    if name not in module:
        return True
    try:
        __import__(module[name])
    except ImportError:
        return False
    return True
