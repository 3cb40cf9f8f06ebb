"""The state of one extraction: the parsed page, the profile layout, hints and sources.

Every field module (`title`, `bylines`, `published`, `assembly`) reads the page through a
`Page` and records in `Page.sources` which layer gave the field.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lxml import etree
from lxml.html import HtmlElement

from newscrawl.discovery.urls import host_of
from newscrawl.extract.metadata import as_text, find_article, microdata_article
from newscrawl.extract.selectors import CompiledLayout, choose_layout
from newscrawl.extract.text import clean_line

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping

    from newscrawl.extract.document import Document
    from newscrawl.sites.profile import SiteProfile


LABEL_XPATH = etree.XPath(
    "//body//*[self::strong or self::b or self::dt or self::th]"
    "[string-length(normalize-space()) < 20]"
)
"""Short bold labels and term/header cells (``<strong>Datum</strong>``, ``<dt>Author</dt>``)."""


def label_value(label: HtmlElement) -> str:
    """Return the text a label introduces.

    The next cell of a ``<dt>``/``<th>``, else the text after a bold label
    (``<strong>Datum</strong> 28.04.2023``).
    """
    if label.tag in {"dt", "th"}:
        cell = label.getnext()
        return str(cell.text_content()) if cell is not None else ""
    return label.tail or ""


class Page:
    """The state of one extraction: the document, profile layout and the fields found."""

    def __init__(
        self,
        doc: Document,
        profile: SiteProfile | None,
        hints: Mapping[str, str] | None,
        fetched: dt.datetime | None = None,
    ) -> None:
        self.doc = doc
        self.fetched = fetched
        """The fetch time (aware): no date of the page may lie after it."""
        self.profile = profile
        self.hints = dict(hints or {})
        self.origin = self.hints.get("origin", "sitemap")
        if self.origin not in {"sitemap", "feed"}:
            self.origin = "sitemap"
        self.layout: CompiledLayout | None = (
            choose_layout(profile, doc.url, doc.tree) if profile and profile.layouts else None
        )
        self.article = find_article(doc.jsonld)
        self.meta = doc.meta
        self.sources: dict[str, str] = {}
        self._micro: dict[str, str] | None = None

    @property
    def micro(self) -> dict[str, str]:
        if self._micro is None:
            self._micro = microdata_article(self.doc.tree)
        return self._micro

    def ld(self, key: str) -> Any:
        return self.article.get(key) if self.article else None

    def profile_values(self, field: str) -> list[str]:
        if self.layout is None:
            return []
        out = []
        for hit in self.layout.select(self.doc.tree, field):
            text: str
            if isinstance(hit, str):
                text = clean_line(hit)
            elif isinstance(hit, HtmlElement):
                if hit.tag == "meta":
                    text = clean_line(hit.get("content", ""))
                elif (
                    hit.tag == "time"
                    and hit.get("datetime")
                    and field in {"published", "modified"}
                ):
                    text = hit.get("datetime", "").strip()
                else:
                    text = clean_line(hit.text_content())
            else:
                continue
            if text:
                out.append(text)
        return out

    def site_names(self) -> list[str]:
        names: list[str] = []
        if self.profile:
            names.extend(self.profile.title_suffixes)
            names.append(self.profile.name)
        for key in (
            "og:site_name",
            "application-name",
            "twitter:site",
            "apple-mobile-web-app-title",
        ):
            names.extend(v.lstrip("@") for v in self.meta.get(key, []))
        publisher = self.ld("publisher")
        name = as_text(publisher) if publisher else None
        if name:
            names.append(name)
        host = host_of(self.doc.url)
        if host:
            parts = host.split(".")
            names.append(parts[-2] if len(parts) >= 2 else parts[0])
            names.append(host)
        # A "site name" as long as a sentence is a headline put in the wrong field.
        return [n for n in names if len(n.split()) <= 6]

    def headlines(self) -> list[str]:
        """Return every headline-like text of the page (JSON-LD, OpenGraph, title, h1)."""
        out = [as_text(self.ld("headline")) or ""]
        out.extend(self.meta.get("og:title", [])[:1])
        out.extend(self.meta.get("twitter:title", [])[:1])
        title_el = self.doc.tree.find(".//title")
        if title_el is not None:
            out.append(title_el.text_content())
        out.extend(h.text_content() for h in self.doc.tree.iter("h1"))
        return [h for h in out if h]
