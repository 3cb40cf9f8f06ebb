"""Assemble an `ArticleItem` from the extraction layers.

Layers, first hit wins unless a later check overrules it: profile selectors, then
JSON-LD / microdata / OpenGraph / ``<meta>``, then generic heuristics (trafilatura for the
body, ``<h1>``/``<time>``/byline markup, htmldate). ``sources`` records the layer of each field.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml.html import HtmlElement

from newscrawl.discovery.urls import canonicalize_url, host_of, url_fingerprint
from newscrawl.extract import authors as _authors
from newscrawl.extract import dates as _dates
from newscrawl.extract.body import (
    cleanup_paragraphs,
    element_paragraphs,
    find_dateline,
    find_lead,
    generic_body,
)
from newscrawl.extract.containers import join_split_body
from newscrawl.extract.document import Document, parse_document
from newscrawl.extract.embedded import belongs_to_page, embedded_articles
from newscrawl.extract.headings import drop_empty_headings, page_headings, restore_headings
from newscrawl.extract.language import choose_language
from newscrawl.extract.metadata import (
    as_list,
    as_text,
    find_article,
    first_meta,
    microdata_article,
    types_of,
)
from newscrawl.extract.rules import CompiledLayout, choose_layout
from newscrawl.extract.text import (
    body_hash,
    clean_line,
    count_words,
    normalize_text,
    split_paragraphs,
)
from newscrawl.extract.title import escaped_twin, fold, strip_suffix, suffix_guess
from newscrawl.items import ArticleItem

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from newscrawl.sites.profile import SiteProfile

PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "published_time",
    "published-date",
    "date.published",
    "parsely-pub-date",
    "sailthru.date",
    "cxenseparse:recs:publishtime",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "dc.date.created",
    "article.published",
    "originalpublicationdate",
    "date",
    "og:published_time",
    "vr:published_time",
    "article_date_original",
)
MODIFIED_META = (
    "article:modified_time",
    "og:updated_time",
    "article:modified",
    "datemodified",
    "dcterms.modified",
    "last-modified",
    "lastmod",
)
AUTHOR_META = (
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "dcterms.creator",
    "byl",
    "cxenseparse:author",
    "twitter:creator",
)
# Two to four words a name, up to three names joined by "/", ",", "&" or "and"; no digits.
_NAME_LINE_RE = re.compile(
    r"^[^\W\d_][\w.'\u2019-]*(?: [^\W\d_][\w.'\u2019-]*){1,3}"
    r"(?:\s*(?:/|,|&| and )\s*[^\W\d_][\w.'\u2019-]*(?: [^\W\d_][\w.'\u2019-]*){1,3}){0,2}$"
)
_BYLINE_XPATH = (
    "//body//*[@rel='author' or contains(@class, 'author') or contains(@class, 'Author') or "
    "contains(@class, 'byline') or contains(@class, 'Byline') or contains(@id, 'author') or "
    "contains(@href, '/author/') or contains(@href, '/autor/') or contains(@href, '/authors/') or "
    "contains(@href, '/autoren/')]"
)


def _has_class(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


_HCARD_AUTHOR_XPATH = etree.XPath(
    f"//body//*[{_has_class('author')} and {_has_class('vcard')}]//*[{_has_class('fn')}]"
    f" | //body//*[{_has_class('p-author')} and {_has_class('h-card')}]"
    f"[not(.//*[{_has_class('p-name')}])]"
    f" | //body//*[{_has_class('p-author')}]//*[{_has_class('p-name')}]"
)
"""Author names in hCard markup (microformats 1 ``vcard author``/``fn``, 2 ``p-author``)."""

_BYLINE_LABEL_RE = re.compile(
    r"^(?:by|von|par|por|door|av|af|di|authors?|autor(?:in|en)?(?:/autor(?:in)?)?|auteur|"
    r"written by)\s*:?$",
    re.IGNORECASE,
)
_DATE_LABEL_RE = re.compile(
    r"^(?:datum|date|published|publication date|veröffentlicht(?: am)?|erschienen(?: am)?|"
    r"publié(?: le)?|publicado(?: el)?|pubblicato(?: il)?|fecha|data)\s*:?$",
    re.IGNORECASE,
)
_LABEL_XPATH = etree.XPath(
    "//body//*[self::strong or self::b or self::dt or self::th]"
    "[string-length(normalize-space()) < 20]"
)
_LABELLED_XPATH = etree.XPath(
    "//body//*[not(self::a) and .//a and count(.//a) <= 6"
    " and string-length(normalize-space()) < 200]"
)


_BYLINE_SKIP_CLASSES = (
    "bio",
    "avatar",
    "image",
    "img",
    "photo",
    "social",
    "date",
    "follow",
    "share",
    "comment",
    "more",
    "related",
    "teaser",
    "description",
    "desc",
    "about",
    "brand",
)


def _byline_pieces(el: HtmlElement) -> list[str]:
    """Return the texts of a byline element piece by piece, without brand or hidden labels."""
    out: list[str] = []

    def walk(node: HtmlElement) -> None:
        cls = (node.get("class") or "").lower()
        if node is not el and (
            any(w in cls for w in _BYLINE_SKIP_CLASSES) or "hidden" in cls or "sr-only" in cls
        ):
            return
        if node.text:
            out.append(node.text)
        for child in node:
            if isinstance(child.tag, str):
                walk(child)
            if child.tail:
                out.append(child.tail)

    walk(el)
    return [t for t in (clean_line(t) for t in out) if t]


def _label_value(label: HtmlElement) -> str:
    """Return the text a label introduces.

    The next cell of a ``<dt>``/``<th>``, else the text after a bold label
    (``<strong>Datum</strong> 28.04.2023``).
    """
    if label.tag in {"dt", "th"}:
        cell = label.getnext()
        return str(cell.text_content()) if cell is not None else ""
    return label.tail or ""


def _byline_text(el: HtmlElement) -> str:
    """Return the text of a byline element with its line breaks as separators.

    ``Jane Doe<br>Staff Writer`` reads "Jane Doe | Staff Writer", not "Jane DoeStaff Writer".
    """
    parts: list[str] = []

    def walk(node: HtmlElement) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if child.tag == "br":
                parts.append(" | ")
            elif isinstance(child.tag, str):
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return "".join(parts)


def _near(anchor: HtmlElement, el: HtmlElement) -> bool:
    """Say whether `el` lies within the anchor's grandparent (the same byline block)."""
    block = anchor.getparent()
    if block is not None and block.getparent() is not None:
        block = block.getparent()
    if block is None:
        return False
    node: HtmlElement | None = el
    while node is not None:
        if node is block:
            return True
        node = node.getparent()
    return False


_TIME_RE = re.compile(
    r"(?<!\d)([01]?\d|2[0-3])[:.h](\d{2})(?!\d)(?:\s*(am|pm|a\.m\.|p\.m\.))?", re.I
)
_DATE_BEFORE_RE = re.compile(
    r"(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}|\d{1,2}/\d{1,2}/\d{2,4}|"
    r"\d{1,2}\.?\s+[^\W\d_]{3,10}\.?,?\s+\d{4}|[^\W\d_]{3,10}\.?\s+\d{1,2},?\s+\d{4})"
    r"[^\d]{0,14}$"
)
_VISIBLE_XPATH = etree.XPath(
    "//body//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::noscript)]"
)


def _visible_time(tree: HtmlElement, day: dt.date) -> dt.time | None:
    """Find the time printed next to `day` in the page (``25.04.24 | 14:07 Uhr``), if any.

    Used only when every structured source gave a date without a time.
    """
    text = " ".join(" ".join(t.split()) for t in _VISIBLE_XPATH(tree) if t.strip())[:200_000]
    for m in _TIME_RE.finditer(text):
        before = _DATE_BEFORE_RE.search(text[max(0, m.start() - 40) : m.start()])
        if not before:
            continue
        parsed = _dates.parse_human(before.group(1), ("%d.%m.%y", "%d.%m.%Y", "%d. %m. %Y"))
        if parsed is None or parsed.value.date() != day:
            continue
        hour, minute = int(m.group(1)), int(m.group(2))
        suffix = (m.group(3) or "").lower().replace(".", "")
        if suffix == "pm" and hour < 12:
            hour += 12
        elif suffix == "am" and hour == 12:
            hour = 0
        return dt.time(hour, minute)
    return None


def _borrow_zone(naive: _dates.ParsedDate, others: list[_dates.ParsedDate]) -> _dates.ParsedDate:
    """Give a zone-less date the offset of another source printing the same wall-clock time."""
    for other in others:
        value = other.value
        if value.tzinfo is not None and other.has_time and naive.has_time:
            wall = value.replace(tzinfo=None, second=0, microsecond=0)
            if wall == naive.value.replace(second=0, microsecond=0):
                return _dates.ParsedDate(naive.value.replace(tzinfo=value.tzinfo), True, True)
    return naive


def _is_byline(para: str, names: list[str]) -> bool:
    """Say whether a short paragraph holds nothing but the author names (and joiners)."""
    if len(para) > 120:
        return False
    rest = fold(para)
    for name in sorted(names, key=len, reverse=True):
        rest = rest.replace(name, "")
    if len(rest) == len(fold(para)):
        return False
    return len(rest) <= 6  # "by", "von", "and", "und", "외1명"…


BIO_TAIL = 3
"""Author bios are looked for among this many last paragraphs of the body."""


def _is_author_bio(para: str, full_names: list[str]) -> bool:
    """Say whether `para` is a short note about a credited author.

    The author's full name opens it: "Korrespondent Ulrich Exner ist bei WELT für ...",
    "Jane Doe is a senior researcher at ...".
    """
    if len(para) > 400 or len(para) < 20:
        return False
    head = fold(para[:80])
    return any(name in head for name in full_names)


def _filter_by_reference(paras: list[str], reference: str) -> list[str]:
    """Drop paragraphs missing from the publisher's full text (JSON-LD ``articleBody``).

    Applied only when the reference agrees with the extraction (holds at least 80% of its
    text), so a teaser or a different article in ``articleBody`` changes nothing. The first
    paragraph (standfirst) and short ones (subheadings, rarely in ``articleBody``) are kept.
    """
    ref = fold(reference)
    total = sum(len(p) for p in paras)
    if not ref or not total:
        return paras
    found = [fold(p) in ref for p in paras]
    if sum(len(p) for p, ok in zip(paras, found, strict=True) if ok) < 0.8 * total:
        return paras
    return [
        p
        for i, (p, ok) in enumerate(zip(paras, found, strict=True))
        if ok or i == 0 or len(p) <= 80
    ]


_HTML_TAG_RE = re.compile(r"<(?:p|br|div|h[1-6]|ul|li|figure|strong|em|a)\b", re.IGNORECASE)


_MARKDOWN_DIRECTIVE_RE = re.compile(r"^\+\+\+.*$|\{:[^}\n]*\}", re.MULTILINE)
"""Layout directives some CMSs leave in a Markdown ``articleBody`` (``+++dropcap``)."""
_MARKDOWN_LINK_RE = re.compile(r"\[([^\]\n]+)\]\((?:https?:|/)[^)\s]*\)")


EMBEDDED_BELOW = 500
"""A body shorter than this many characters is looked for in the page's scripts too."""


def _much_longer(candidate: str, body: str) -> bool:
    """Say whether `candidate` text is so much longer than `body` that `body` missed the story."""
    return len(candidate) > 1.5 * len(body) + 200


def _ld_body_text(raw: str) -> str:
    """Return JSON-LD ``articleBody`` as paragraphs.

    Some sites put HTML in it, or the text twice, or Markdown: links become their text and
    layout directives (``+++dropcap``, ``{: .class}``) go.
    """
    head = raw[:200].strip()
    if len(head) >= 100:
        again = raw.find(head, len(head))
        if again > 0 and fold(raw[again:])[:1000] == fold(raw[:again])[:1000]:
            raw = raw[:again]
    if _HTML_TAG_RE.search(raw):
        import lxml.html

        try:
            frag = lxml.html.fragment_fromstring(raw, create_parent="div")
        except (ValueError, etree.ParserError):
            return normalize_text(raw)
        return "\n\n".join(element_paragraphs(frag))
    if "+++" in raw or "](" in raw:
        raw = _MARKDOWN_DIRECTIVE_RE.sub("", raw)
        raw = _MARKDOWN_LINK_RE.sub(r"\1", raw)
    return normalize_text(raw)


_WORD_RE = re.compile(r"\w{3,}")


_KICKER_END_RE = re.compile(r"(?::|\s[-–—/|])\s*$")  # noqa: RUF001 -- dashes


def _drop_kicker(title: str, candidates: list[tuple[str, str]]) -> str:
    """Return `title` without a kicker (``"Topic: "``) that a metadata candidate lacks.

    ``"Neue Leipziger Schule: Judy Lybke, ganz und gar nicht eigenartig"`` beside an
    og:title ``"Judy Lybke, ganz und gar nicht eigenartig"`` gives the latter.
    """
    for source, other in candidates:
        if source not in {"jsonld", "meta"} or other == title or len(other.split()) < 3:
            continue
        if title.endswith(other) and _is_kicker(title[: len(title) - len(other)]):
            return other
    return title


def _is_kicker(prefix: str) -> bool:
    return 0 < len(prefix.split()) <= 8 and bool(_KICKER_END_RE.search(prefix))


def _template_suffix(suffix: str, values: list[str]) -> bool:
    """Say whether `suffix` ends at least two of `values` with different heads before it."""
    heads = {fold(v[: -len(suffix)]) for v in values if v.endswith(suffix) and v != suffix}
    return len(heads) >= 2


_TITLE_META = (
    # Dublin Core in its RDFa form first, as Readability does; the ``name="DC.title"`` form
    # often carries the site suffix, so it only stands in for a missing og:title.
    "dc:title",
    "dcterms:title",
    "og:title",
    "twitter:title",
    "dc.title",
    "parsely-title",
)


def _word_set(text: str) -> set[str]:
    return {w.casefold() for w in _WORD_RE.findall(text)}


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


class _Extraction:
    """The state of one extraction: the document, profile layout and the fields found."""

    def __init__(
        self,
        doc: Document,
        profile: SiteProfile | None,
        hints: Mapping[str, str] | None,
    ) -> None:
        self.doc = doc
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

    # ------------------------------------------------------------------ urls
    def canonical_url(self) -> str:
        tree = self.doc.tree
        for href in tree.xpath(
            "//head/link[@rel='canonical']/@href | //link[@rel='canonical']/@href"
        ):
            resolved = self._resolve(href)
            if resolved:
                self.sources["canonical_url"] = "meta"
                return canonicalize_url(resolved)
        og = first_meta(self.meta, "og:url")
        if og:
            resolved = self._resolve(og[1])
            if resolved:
                self.sources["canonical_url"] = "meta"
                return canonicalize_url(resolved)
        self.sources["canonical_url"] = "url"
        return canonicalize_url(self.doc.url)

    def _resolve(self, href: str) -> str | None:
        href = href.strip()
        if not href:
            return None
        resolved = urljoin(self.doc.url, href)
        parts = urlsplit(resolved)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            return None
        # A canonical pointing at the home page of an inner page is a template bug.
        if parts.path in {"", "/"} and urlsplit(self.doc.url).path not in {"", "/"}:
            return None
        return resolved

    # ----------------------------------------------------------------- title
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

    def title(self) -> str | None:
        """Return the headline: profile, JSON-LD, OpenGraph, ``<title>``, ``<h1>``, hints.

        Site-name parts are removed with the names the page declares (``og:site_name``,
        publisher, host) and the suffixes revealed by comparing the candidates with each
        other (``"Headline | Site"`` beside ``"Headline"``).
        """
        names = self.site_names()
        for value in self.profile_values("title"):
            self.sources["title"] = "profile"
            return strip_suffix(value, names)
        candidates: list[tuple[str, str]] = []
        headline = as_text(self.ld("headline"))
        if headline:
            candidates.append(("jsonld", clean_line(headline)))
        og = first_meta(self.meta, *_TITLE_META)
        if og:
            candidates.append(("meta", clean_line(og[1])))
        if not candidates and "headline" in self.micro:
            candidates.append(("meta", self.micro["headline"]))
        title_el = self.doc.tree.find(".//title")
        page_title = clean_line(title_el.text_content()) if title_el is not None else ""
        if page_title:
            candidates.append(("generic", page_title))
        h1s = [clean_line(h.text_content()) for h in self.doc.tree.iter("h1")]
        h1s = [h for h in h1s if len(h) > 3]
        if h1s:
            candidates.append(("generic", h1s[0]))
        # A JSON-LD headline sharing no word with any other candidate is a description, not
        # the headline; so is one sharing less than half its words when the JSON-LD `name`
        # is another candidate (wikis: headline "Wikimedia list article", name = the h1).
        if headline and len(candidates) > 1:
            words = _word_set(headline)
            others = [v for _, v in candidates[1:]]
            if not any(words & _word_set(v) for v in others):
                candidates.pop(0)
            elif not any(2 * len(words & _word_set(v)) >= len(words) for v in others):
                name = as_text(self.ld("name"))
                folded = {fold(v) for v in others}
                if name and fold(name) in folded:
                    candidates[0] = ("jsonld", clean_line(name))
        # Suffixes revealed by a shorter candidate: "Headline | Site" next to "Headline". The
        # `<title>` element is where sites put their name, so any such suffix goes there. In
        # og:title or the JSON-LD headline a suffix that is not a declared site name counts
        # when the other metadata title lacks it ("... | Sport" beside "...") or when it
        # follows two different headlines (a template part); a suffix only the `<h1>` lacks
        # is part of the title ("... - Super Supportive", "... | Eleanor Ainge Roy").
        values = [v for _, v in candidates]
        declared = {v for source, v in candidates if source in {"jsonld", "meta"}}
        title_names = list(names)
        for a in values:
            for b in values:
                guess = suffix_guess(a, b)
                if not guess or len(guess) > 40:
                    continue
                title_names.append(guess)
                if (a in declared and b in declared) or _template_suffix(guess, values):
                    names.append(guess)
        if self.hints.get("title"):
            candidates.insert(len(candidates) - bool(h1s), (self.origin, self.hints["title"]))
        stripped = [
            (
                source,
                strip_suffix(value, names, loose=False)
                if source in {"jsonld", "meta"}
                else strip_suffix(value, title_names),
            )
            for source, value in candidates
        ]
        if headline and stripped[0][0] == "jsonld":
            # An entity-escaped headline gives way to og:title when both say the same words.
            twin = next(
                (v for s, v in stripped if s == "meta" and escaped_twin(headline, v)), None
            )
            if twin:
                stripped[0] = ("jsonld", twin)
        for source, title in stripped:
            if title:
                self.sources["title"] = source
                return _drop_kicker(title, stripped)
        return None

    # --------------------------------------------------------------- authors
    def authors(self) -> list[str]:
        """Return the people credited, falling back to an organisation only when no person is.

        JSON-LD ``author`` objects typed Organization, and names equal to the site's own
        name, are kept aside while the other sources (meta tags, byline markup) are tried.
        """
        values = self.profile_values("authors")
        if values:
            names = _authors.normalize_authors(values)
            if names:
                self.sources["authors"] = "profile"
                return names
        site = {fold(n) for n in self.site_names() if fold(n)}
        hosts = {fold(n) for n in self.site_names() if "." in n and "/" not in n}

        def is_site(name: str) -> bool:
            f = fold(name)
            return any(f == n or (len(n) >= 4 and (n in f or f in n)) for n in site)

        fallback: tuple[str, list[str]] | None = None
        people: list[str] = []
        orgs: list[str] = []
        ld_authors = as_list(self.ld("author")) or as_list(self.ld("creator"))
        for author in ld_authors:
            target = people
            if isinstance(author, dict):
                if types_of(author) & {"organization", "newsmediaorganization", "corporation"}:
                    target = orgs
                name = author.get("name")
                if isinstance(name, list):
                    target.extend(str(n) for n in name if n)
                elif name:
                    target.append(str(name))
            elif isinstance(author, str):
                target.append(author)
        names = _authors.normalize_authors(people)
        persons = [n for n in names if not is_site(n)]
        if persons:
            self.sources["authors"] = "jsonld"
            return self._byline_block_names(persons, is_site)
        org_names = _authors.normalize_authors(orgs) or names
        if org_names:
            fallback = ("jsonld", org_names)
        for key in AUTHOR_META:
            values = [v for v in self.meta.get(key, []) if key != "twitter:creator" or " " in v]
            names = _authors.normalize_authors(values)
            # A value naming the site among its parts ("hessenschau.de, Frankfurt, Germany")
            # or its host ("Deutsche Welle (www.dw.com)") is the organisation's credit: its
            # other parts are places, not people.
            credits: list[str] = []
            for value in values:
                parts = _authors.normalize_authors([value])
                if not any(is_site(n) for n in parts) and not any(h in fold(value) for h in hosts):
                    credits.extend(parts)
            persons = [n for n in names if n in credits]
            if persons:
                self.sources["authors"] = "meta"
                return persons
            if names and fallback is None:
                fallback = ("meta", names)
        if "author" in self.micro:
            names = [
                n for n in _authors.normalize_authors([self.micro["author"]]) if not is_site(n)
            ]
            if names:
                self.sources["authors"] = "meta"
                return names
        names = [n for n in _authors.normalize_authors(self._hcard_authors()) if not is_site(n)]
        if names:
            self.sources["authors"] = "microformats"
            return names
        names = [n for n in self._byline_names() if not is_site(n)]
        if names:
            self.sources["authors"] = "generic"
            return names
        names = [n for n in self._bold_byline_names() if not is_site(n)]
        if names:
            self.sources["authors"] = "generic"
            return names
        names = [n for n in self._labelled_byline_names() if not is_site(n)]
        if names:
            self.sources["authors"] = "generic"
            return names
        if fallback:
            self.sources["authors"] = fallback[0]
            return fallback[1]
        return []

    def _hcard_authors(self) -> list[str]:
        """Return the names of the author hCards (microformats 1 and 2) of the page.

        ``<address class="vcard author"><a class="url fn">Ann Lee</a></address>`` (hAtom, as
        Pelican, older WordPress themes and many blog engines write it) and
        ``<a class="p-author h-card">Ann Lee</a>``.
        """
        return [
            " ".join(el.text_content().split())
            for el in _HCARD_AUTHOR_XPATH(self.doc.tree)
            if el.text_content().strip()
        ]

    def _byline_block_names(self, names: list[str], is_site: Callable[[str], bool]) -> list[str]:
        """Return `names` with the co-authors the visible byline block adds to them.

        JSON-LD sometimes credits one of several bylined authors (``author: "Bo Chen"``
        beside ``<a rel="author">Ann Lee</a>`` and ``<a rel="author">Bo Chen</a>``). The
        block is the smallest element around the first credited name that holds another
        ``rel="author"`` link and little else (under 300 characters of text).
        """
        links = self.doc.tree.xpath("//body//*[@rel='author' or @itemprop='author']")
        if len(links) < 2:
            return names
        folded = {n.casefold() for n in names}

        def name_of(el: HtmlElement) -> str | None:
            found = _authors.normalize_authors([clean_line(" ".join(el.itertext()))])
            return found[0] if len(found) == 1 and not is_site(found[0]) else None

        anchor = next((el for el in links if (name_of(el) or "").casefold() in folded), None)
        if anchor is None:
            return names
        for block in anchor.iterancestors():
            inside = [el for el in links if el is not anchor and block in el.iterancestors()]
            if len(clean_line(block.text_content())) >= 300:
                return names
            if inside:
                shown = [name_of(el) for el in [anchor, *inside]]
                if any(n is None for n in shown):
                    return names
                out = list(names)
                for n in shown:
                    if n and n.casefold() not in {o.casefold() for o in out}:
                        out.append(n)
                return out
        return names

    def _bold_byline_names(self) -> list[str]:
        """Return names from an unmarked byline: a bold-only paragraph opening or closing the text.

        ``<p><strong>Lê Phương</strong></p>`` after the last paragraph, or ``<p><strong>Mathatisi
        Sebusi/Mohalenyane Phakela</strong></p>`` before the first, in a container holding at
        least three paragraphs of prose.
        """
        for parent in {p.getparent() for p in self.doc.tree.iter("p")}:
            if parent is None:
                continue
            paras = [p for p in parent if p.tag == "p" and clean_line(p.text_content())]
            prose = [p for p in paras if len(p.text_content()) >= 100]
            if len(prose) < 3:
                continue
            first, last = paras.index(prose[0]), paras.index(prose[-1])
            for p in paras[max(0, first - 2) : first] + paras[last + 1 : last + 3]:
                text = clean_line(p.text_content())
                bold = [c for c in p if c.tag in {"strong", "b"}]
                if len(bold) != 1 or clean_line(bold[0].text_content()) != text:
                    continue
                if _NAME_LINE_RE.match(text) and all(
                    w[0].isupper() for w in re.split(r"[\s/,&]+", text) if w and w != "and"
                ):
                    return _authors.normalize_authors([text])
        return []

    def _labelled_byline_names(self) -> list[str]:
        """Return the names after a byline label in unmarked markup.

        ``<li>Von: <a href="/ann-lee">Ann Lee</a>, <a href="/bo-chen">Bo Chen</a></li>`` or
        ``<p><strong>Author:</strong> <a>Ann Lee</a></p>``: the label is the element's first
        text and every link in the element is a name. Else the plain text after a bold label
        (``<strong>Autorin/Autor</strong> Ann Lee``) or in the cell after a ``<dt>``/``<th>``.
        """
        for el in _LABELLED_XPATH(self.doc.tree):
            if el.xpath("ancestor::aside or ancestor::footer or ancestor::nav"):
                continue
            label = clean_line(el.text or "")
            if not label and len(el) and el[0].tag in {"strong", "b", "em", "span"}:
                label = clean_line(el[0].text_content()) if not len(el[0]) else ""
            if not _BYLINE_LABEL_RE.match(label):
                continue
            links = [clean_line(a.text_content()) for a in el.iter("a")]
            names = _authors.names_from_pieces(links)
            if names:
                return names
        # Plain text after a bold label: <li><strong>Autorin/Autor</strong> Ann Lee</li>, or
        # the cell after a <dt>/<th> label.
        for label in _LABEL_XPATH(self.doc.tree):
            if not _BYLINE_LABEL_RE.match(clean_line(label.text_content())):
                continue
            names = _authors.names_from_pieces([clean_line(_label_value(label))])
            if names and not label.xpath("ancestor::aside or ancestor::footer or ancestor::nav"):
                return names
        return []

    def _byline_names(self) -> list[str]:
        """Return names from byline markup: the first element giving names and its siblings."""
        out: list[str] = []
        anchor: HtmlElement | None = None
        for el in self.doc.tree.xpath(_BYLINE_XPATH)[:20]:
            if el.tag in {"script", "style", "meta", "link", "img", "html", "body", "input"}:
                continue
            if anchor is not None and not _near(anchor, el):
                break
            if el.xpath(
                "ancestor::aside or ancestor::footer or ancestor::nav or ancestor::figure"
            ):
                continue
            cls = ((el.get("class") or "") + " " + (el.get("id") or "")).lower()
            if any(w in cls for w in _BYLINE_SKIP_CLASSES):
                continue
            raw = _byline_text(el)
            text = clean_line(raw)
            if not text or len(text) > 100:
                continue
            names = _authors.normalize_authors([text]) if len(raw) <= 100 else []
            if not names and len(el):
                # Names in sibling elements with no separator between them:
                # <span>Ann Lee</span><span>Bo Chen</span> reads "Ann Lee Bo Chen" as one text.
                names = _authors.names_from_pieces(_byline_pieces(el))
            if names and anchor is None:
                anchor = el
            for name in names:
                if name not in out:
                    out.append(name)
            if len(out) >= 6:
                break
        return out

    # ----------------------------------------------------------------- dates
    def zone_hint(self, found: list[_dates.ParsedDate]) -> dt.tzinfo | None:
        if self.profile and self.profile.timezone:
            return _dates.parse_offset(self.profile.timezone)
        for parsed in found:
            if parsed.has_zone and parsed.value.tzinfo is not None:
                return parsed.value.tzinfo
        return None

    def dates(self) -> tuple[str | None, str | None]:
        """Return (published, modified) as ISO 8601 with offsets."""
        published: list[tuple[str, _dates.ParsedDate]] = []
        modified: list[tuple[str, _dates.ParsedDate]] = []
        formats = self.layout.layout.date_formats if self.layout else ()
        for value in self.profile_values("published"):
            parsed = _dates.parse_human(value, formats)
            if parsed:
                published.append(("profile", parsed))
                break
        for value in self.profile_values("modified"):
            parsed = _dates.parse_human(value, formats)
            if parsed:
                modified.append(("profile", parsed))
                break
        for key, target in (("datePublished", published), ("dateModified", modified)):
            text = as_text(self.ld(key))
            parsed = _dates.parse_any(text) if text else None
            if parsed:
                target.append(("jsonld", parsed))
        for keys, target in ((PUBLISHED_META, published), (MODIFIED_META, modified)):
            for key in keys:
                for text in self.meta.get(key, [])[:1]:
                    parsed = _dates.parse_iso(text) or _dates.parse_epoch(text)
                    if parsed:
                        target.append(("meta", parsed))
                        break
                if target and target[-1][0] == "meta":
                    break
        if not published and "datePublished" in self.micro:
            parsed = _dates.parse_any(self.micro["datePublished"])
            if parsed:
                published.append(("meta", parsed))
        if not published:
            for time_el in self.doc.tree.xpath("//time[@datetime]")[:3]:
                parsed = _dates.parse_iso(time_el.get("datetime", ""))
                if parsed:
                    published.append(("generic", parsed))
                    break
        if not published and self.hints.get("published"):
            parsed = _dates.parse_any(self.hints["published"])
            if parsed:
                published.append((self.origin, parsed))
        if not modified and self.hints.get("modified"):
            parsed = _dates.parse_any(self.hints["modified"])
            if parsed:
                modified.append((self.origin, parsed))
        if not published:
            parsed = _dates.date_from_url(self.doc.url)
            if parsed:
                published.append(("url", parsed))
        if not published:
            parsed = self._labelled_date()
            if parsed:
                published.append(("generic", parsed))
        if not published:
            parsed = self._htmldate()
            if parsed:
                published.append(("generic", parsed))
        tz = self.zone_hint([p for _, p in published + modified])
        pub = mod = None
        if published:
            source, best = published[0]
            # A later source with the same day but a time refines a date-only value.
            if not best.has_time:
                for other_source, other in published[1:]:
                    if other.has_time and other.value.date() == best.value.date():
                        source, best = other_source, other
                        break
            if not best.has_time:
                clock = _visible_time(self.doc.tree, best.value.date())
                if clock is not None:
                    best = _dates.ParsedDate(
                        dt.datetime.combine(best.value.date(), clock), True, False
                    )
            if best.value.tzinfo is None:
                best = _borrow_zone(best, [p for _, p in published + modified])
            pub = best.resolve(tz)
            self.sources["published"] = source
        if modified:
            source, best = modified[0]
            mod = best.resolve(tz)
            self.sources["modified"] = source
        return pub, mod

    def _labelled_date(self) -> _dates.ParsedDate | None:
        """Return the date after a visible label.

        ``<strong>Datum</strong> 28.04.2023``, or the cell after a ``<dt>``/``<th>``
        "Published" label.
        """
        for label in _LABEL_XPATH(self.doc.tree):
            if not _DATE_LABEL_RE.match(clean_line(label.text_content())):
                continue
            text = clean_line(_label_value(label))
            if not 4 <= len(text) <= 60 or label.xpath(
                "ancestor::aside or ancestor::footer or ancestor::nav"
            ):
                continue
            parsed = _dates.parse_human(text)
            if parsed:
                return parsed
        return None

    def _htmldate(self) -> _dates.ParsedDate | None:
        from htmldate import find_date

        try:
            found = find_date(
                self.doc.tree,
                url=self.doc.url,
                extensive_search=False,
                outputformat="%Y-%m-%dT%H:%M:%S%z",
            )
        except Exception:  # htmldate raises assorted errors on odd pages
            return None
        if not found:
            return None
        parsed = _dates.parse_iso(found)
        if parsed and parsed.value.time() == dt.time(0, 0):
            parsed.has_time = False
        return parsed

    # ------------------------------------------------------------------ body
    def body(
        self, title: str | None, description: str | None, authors: list[str] | None = None
    ) -> str:
        """Return the body text: profile rules, else generic extraction plus the standfirst.

        Paragraphs that only repeat the headline or the byline (the author names) are dropped.
        """
        body = self._body(title, description)
        if not body:
            return body
        paras = split_paragraphs(body)
        if title:
            folded = fold(title)
            while paras and fold(paras[0]) == folded:
                paras.pop(0)
        if authors:
            names = [fold(a) for a in authors if fold(a)]
            paras = [p for p in paras if not _is_byline(p, names)]
            full_names = [fold(a) for a in authors if len(a.split()) >= 2]
            paras = paras[:-BIO_TAIL] + [
                p for p in paras[-BIO_TAIL:] if not _is_author_bio(p, full_names)
            ]
        if paras and self.sources.get("body") != "profile":
            lead = find_lead(self.doc.tree, paras[0], title, description)
            if lead and fold(lead) not in {fold(p) for p in paras[:3]}:
                paras.insert(0, lead)
        return "\n\n".join(paras)

    def _body(self, title: str | None, description: str | None) -> str:
        if self.layout is not None and "body" in self.layout.selectors:
            hits = [h for h in self.layout.select(self.doc.tree, "body") if hasattr(h, "tag")]
            if hits:
                paras: list[str] = []
                for hit in hits:
                    paras.extend(self._profile_paragraphs(hit))
                layout = self.layout.layout
                paras = cleanup_paragraphs(paras, layout.stop_patterns, layout.drop_patterns)
                if paras:
                    self.sources["body"] = "profile"
                    return "\n\n".join(paras)
        elements = self.doc.attributed_elements
        text = generic_body(self.doc.tree, self.doc.url, elements=elements)
        headings = page_headings(self.doc.tree)
        paras = join_split_body(split_paragraphs(text), self.doc.tree, elements)
        paras = restore_headings(paras, headings)
        paras = cleanup_paragraphs(paras, title=title, headlines=self.headlines())
        paras = drop_empty_headings(paras, headings)
        body = "\n\n".join(paras)
        ld_body = as_text(self.ld("articleBody"))
        if ld_body:
            ld_text = _ld_body_text(ld_body)
            if _much_longer(ld_text, body):
                # The generic extractor missed most of the text; the publisher's copy is it.
                paras = cleanup_paragraphs(split_paragraphs(ld_text), title=title)
                self.sources["body"] = "jsonld"
                return "\n\n".join(paras)
            paras = _filter_by_reference(paras, ld_text)
            body = "\n\n".join(paras)
        if len(body) < EMBEDDED_BELOW:
            # A page rendered in the browser: the article is data in its scripts. Still the
            # generic layer (the page's own content, read without a profile).
            for embedded in embedded_articles(self.doc.text):
                if _much_longer("\n\n".join(embedded), body) and belongs_to_page(
                    embedded, paras, title, description
                ):
                    paras = cleanup_paragraphs(embedded, title=title, headlines=self.headlines())
                    body = "\n\n".join(paras)
                    break
        if body:
            self.sources["body"] = "generic"
        return body

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

    def _profile_paragraphs(self, hit: HtmlElement) -> list[str]:
        assert self.layout is not None
        if not self.layout.remove:
            return element_paragraphs(hit)
        removed: set[HtmlElement] = set()
        for xp in self.layout.remove:
            for el in xp(hit):
                if hasattr(el, "tag"):
                    removed.add(el)
        return element_paragraphs(hit, removed)

    # -------------------------------------------------------------- the rest
    def dateline(self, body: str) -> str | None:
        first = body.split("\n\n", 1)[0] if body else ""
        if not first:
            return None
        if self.profile and self.profile.dateline_pattern:
            m = self.profile.dateline_pattern.match(first)
            if m and m.group("place"):
                self.sources["dateline"] = "profile"
                place = m.group("place").strip()
                return place.title() if place.isupper() else place
        place = find_dateline(first)
        if place:
            self.sources["dateline"] = "generic"
        return place

    def simple(
        self, field: str, ld_keys: tuple[str, ...], meta_keys: tuple[str, ...]
    ) -> str | None:
        for value in self.profile_values(field):
            self.sources[field] = "profile"
            return value
        for key in ld_keys:
            text = as_text(self.ld(key))
            if text:
                self.sources[field] = "jsonld"
                return clean_line(text)
        hit = first_meta(self.meta, *meta_keys)
        if hit:
            self.sources[field] = "meta"
            return clean_line(hit[1])
        return None

    def image(self) -> str | None:
        for value in self.profile_values("image"):
            resolved = urljoin(self.doc.url, value)
            self.sources["image"] = "profile"
            return resolved
        hit = first_meta(
            self.meta, "og:image", "og:image:url", "og:image:secure_url", "twitter:image"
        )
        if hit:
            self.sources["image"] = "meta"
            return urljoin(self.doc.url, hit[1])
        image = self.ld("image")
        text = as_text(image)
        if text:
            self.sources["image"] = "jsonld"
            return urljoin(self.doc.url, text)
        return None

    def tags(self) -> list[str]:
        values = self.profile_values("tags")
        source = "profile"
        if not values:
            values = list(self.meta.get("article:tag", []))
            source = "meta"
        if not values:
            keywords = self.ld("keywords")
            if isinstance(keywords, str):
                values = keywords.split(",")
            else:
                values = [as_text(k) or "" for k in as_list(keywords)]
            source = "jsonld"
        if not values:
            hit = first_meta(self.meta, "news_keywords", "keywords")
            if hit:
                values = hit[1].split(",")
            source = "meta"
        if not values:
            # WordPress and most CMSs mark tag links rel="tag" (categories: "category tag").
            values = [a.text_content() for a in self.doc.tree.xpath("//body//a[@rel='tag']")]
            source = "generic"
        out: list[str] = []
        seen: set[str] = set()
        for value in values:
            tag = clean_line(value)
            if tag and len(tag) <= 80 and tag.casefold() not in seen:
                seen.add(tag.casefold())
                out.append(tag)
        if out:
            self.sources["tags"] = source
        return out


def extract_article(
    html: str | bytes | Document,
    url: str,
    profile: SiteProfile | None = None,
    *,
    hints: Mapping[str, str] | None = None,
    fetched_at: str | None = None,
) -> ArticleItem:
    """Extract every contract field of an article page (pure; never raises for missing fields).

    `hints` may carry ``published``, ``modified`` and ``title`` from a sitemap or feed, with
    ``origin`` saying which (``"sitemap"`` or ``"feed"``); they are used when the page itself
    has no such value.
    """
    doc = html if isinstance(html, Document) else parse_document(html, url)
    if doc.url != url and url:
        doc.url = url
    ex = _Extraction(doc, profile, hints)
    canonical = ex.canonical_url()
    title = ex.title()
    published, modified = ex.dates()
    section = ex.simple("section", ("articleSection",), ("article:section", "section", "category"))
    description = ex.simple(
        "description", (), ("description", "og:description", "twitter:description")
    ) or ex.simple("description", ("description",), ())
    authors = ex.authors()
    body = ex.body(title, description, authors)
    language, lang_source = choose_language(
        body or (title or ""), doc.html_lang, profile.language if profile else None
    )
    if lang_source:
        ex.sources["language"] = lang_source
    return ArticleItem(
        id=url_fingerprint(canonical),
        url=url,
        canonical_url=canonical,
        site=profile.name if profile else host_of(url),
        title=title or None,
        authors=authors,
        published=published,
        modified=modified,
        language=language,
        section=section,
        tags=ex.tags(),
        description=description,
        image=ex.image(),
        dateline=ex.dateline(body),
        body=body,
        word_count=count_words(body),
        fetched_at=fetched_at or _now(),
        body_hash=body_hash(body),
        revision=1,
        sources=ex.sources,
    )
