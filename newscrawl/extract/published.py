"""Dates of a page: published and modified, from every source, with their zone.

Parsing of single values is `newscrawl.extract.dates`; this module chooses between the
sources (profile, JSON-LD, meta tags, microdata, ``<time>``, hints, URL, labels, htmldate).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from lxml import etree

from newscrawl.extract.datelabel import labelled_date
from newscrawl.extract.dates import (
    ParsedDate,
    date_from_url,
    format_iso,
    parse_any,
    parse_epoch,
    parse_human,
    parse_iso,
    parse_offset,
)
from newscrawl.extract.metadata import as_text, types_of
from newscrawl.extract.prune import COMMENT_MARKUP, is_boilerplate_block

if TYPE_CHECKING:
    from collections.abc import Iterator

    from lxml.html import HtmlElement

    from newscrawl.extract.page import Page

PUBLISHED_META = (
    "article:published_time",
    "article:published:time",
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
    "article:modified:time",
    "article:modified_time",
    "og:updated_time",
    "article:modified",
    "datemodified",
    "dcterms.modified",
    "last-modified",
    "lastmod",
)

_TIME_RE = re.compile(
    r"(?<!\d)([01]?\d|2[0-3])[:.h](\d{2})(?!\d)(?:\s*(am|pm|a\.m\.|p\.m\.))?", re.I
)
_DATE_BEFORE_RE = re.compile(
    r"(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}|\d{1,2}/\d{1,2}/\d{2,4}|"
    r"\d{1,2}\.?\s+[^\W\d_]{3,10}\.?,?\s+\d{4}|[^\W\d_]{3,10}\.?\s+\d{1,2},?\s+\d{4})"
    r"[^\d]{0,14}$"
)
_MACHINE_DATE_XPATH = etree.XPath(
    "//time/@datetime"
    " | //body//*[contains(concat(' ', normalize-space(@class), ' '), ' published ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' dt-published ')]/@title"
)
"""Machine-readable dates in the markup: ``<time datetime>`` and hAtom/microformats-2
``<abbr class="published" title="2011-03-30T21:05:00-07:00">``, in document order."""
_ASIDE_XPATH = etree.XPath(
    "boolean(ancestor::aside[not(ancestor::article)] or ancestor::nav"
    " or ancestor::footer[not(ancestor::article)]"
    " or ancestor::blockquote"
    f" or ancestor::*[{' or '.join(COMMENT_MARKUP)}])"
)
"""A date in a sidebar or footer (outside the article: an article's own footer holds its
date), menu, quoted embed or reader comment is not the page's."""
_LIST_TIMES_XPATH = etree.XPath(
    "count(ancestor::li[1]/parent::*//time | ancestor::li[1]/parent::*//abbr[@title])"
)


def _machine_dates(tree: HtmlElement) -> list[str]:
    """Return the page's machine-readable dates that belong to its article, in document order.

    Dates in asides, menus, footers, embeds, reader comments and boilerplate-named blocks
    (related posts) are left out, and so are those of a list with several dated items (a
    teaser list); ``<time>`` in a one-item meta list stays.
    """
    out: list[str] = []
    for attr in _MACHINE_DATE_XPATH(tree):
        el = attr.getparent()
        if el is None or _ASIDE_XPATH(el) or _LIST_TIMES_XPATH(el) > 1:
            continue
        if any(is_boilerplate_block(a) for a in el.iterancestors()):
            continue
        out.append(str(attr))
    return out


_VISIBLE_XPATH = etree.XPath(
    "//body//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::noscript)]"
)


def _visible_datetimes(tree: HtmlElement) -> Iterator[dt.datetime]:
    """Yield the dates printed with a time in the page's text (``25.04.24 | 14:07 Uhr``)."""
    text = " ".join(" ".join(t.split()) for t in _VISIBLE_XPATH(tree) if t.strip())[:200_000]
    for m in _TIME_RE.finditer(text):
        before = _DATE_BEFORE_RE.search(text[max(0, m.start() - 40) : m.start()])
        if not before:
            continue
        parsed = parse_human(before.group(1), ("%d.%m.%y", "%d.%m.%Y", "%d. %m. %Y"))
        if parsed is None:
            continue
        hour, minute = int(m.group(1)), int(m.group(2))
        suffix = (m.group(3) or "").lower().replace(".", "")
        if suffix == "pm" and hour < 12:
            hour += 12
        elif suffix == "am" and hour == 12:
            hour = 0
        yield dt.datetime.combine(parsed.value.date(), dt.time(hour, minute))


def _visible_time(tree: HtmlElement, day: dt.date) -> dt.time | None:
    """Find the time printed next to `day` in the page (``25.04.24 | 14:07 Uhr``), if any.

    Used only when every structured source gave a date without a time.
    """
    for local in _visible_datetimes(tree):
        if local.date() == day:
            return local.time()
    return None


def _borrow_zone(naive: ParsedDate, others: list[ParsedDate]) -> ParsedDate:
    """Give a zone-less date the offset of another source printing the same wall-clock time."""
    for other in others:
        value = other.value
        if value.tzinfo is not None and other.has_time and naive.has_time:
            wall = value.replace(tzinfo=None, second=0, microsecond=0)
            if wall == naive.value.replace(second=0, microsecond=0):
                return ParsedDate(naive.value.replace(tzinfo=value.tzinfo), True, True)
    return naive


_OFFSET_STAMP_RE = re.compile(
    r"(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?[+-]\d{2}:?\d{2})(?![\d:])"
)
"""ISO timestamps with a numeric offset anywhere in the page source (scripts included)."""


def _same_instant_offset(utc: dt.datetime, source: str) -> dt.tzinfo | None:
    """Return the non-zero offset of a timestamp in `source` naming the same minute as `utc`.

    Pages that give ``datePublished`` in UTC often print the same instant in their own zone
    elsewhere (a ``<time datetime>``, an analytics or video object):
    ``2023-11-09T03:28:35Z`` and ``2023-11-08T22:28:35-05:00``.
    """
    target = utc.replace(second=0, microsecond=0)
    for days in (-1, 0, 1):
        # The local day is the UTC day or a neighbour: look only where those days are written.
        day = (target + dt.timedelta(days=days)).date().isoformat()
        at = source.find(day)
        while at >= 0:
            m = _OFFSET_STAMP_RE.match(source, at)
            parsed = parse_iso(m.group(1)) if m else None
            if (
                parsed is not None
                and parsed.value.utcoffset()
                and parsed.value.replace(second=0, microsecond=0) == target
            ):
                return parsed.value.tzinfo
            at = source.find(day, at + 10)
    return None


def _page_languages(tree: HtmlElement) -> list[str] | None:
    """Return the page's declared language (``<html lang>``) for reading its printed dates.

    Reading a date in one language is cheap; trying every language dateparser knows (None:
    a page that does not say) costs a compiled pattern set per language.
    """
    lang = (tree.get("lang") or tree.get("xml:lang") or "").split("-")[0].strip().lower()
    if not lang.isalpha():
        return None
    return [lang, "en"] if lang != "en" else ["en"]


_VISIBLE_DATE_RE = re.compile(
    r"\d{1,2}\.\s?\d{1,2}\.\s?\d{4}|\d{4}-\d{1,2}-\d{1,2}|\d{1,2}\.?\s+[^\W\d_]{3,10}\.?,?\s+\d{4}|"
    r"[^\W\d_]{3,10}\.?\s+\d{1,2},?\s+\d{4}"
)
MAX_SHIFT_EAST = dt.timedelta(hours=9)
MAX_SHIFT_WEST = dt.timedelta(hours=8)
"""How far a printed day may move a UTC time: zones from the Americas to East Asia."""


HEADLINE_NEAR = 300
"""A date printed this close after the headline (characters) is the article's own."""


def _printed_date(tree: HtmlElement, near: int | None = None) -> ParsedDate | None:
    """Return the first date printed after the headline (the article's own, for readers).

    With `near`, only a date within that many characters after the headline counts (in a
    byline or dateline under it), and a page without a visible ``<h1>`` has none.
    """
    text = " ".join(" ".join(t.split()) for t in _VISIBLE_XPATH(tree) if t.strip())[:200_000]
    # The article's date follows its headline; a date above it is often today's, in the
    # site's header.
    h1 = tree.find(".//h1")
    headline = " ".join(h1.text_content().split()) if h1 is not None else ""
    start = text.find(headline) if headline else -1
    if near is not None and start < 0:
        return None
    m = _VISIBLE_DATE_RE.search(text, max(start, 0))
    if m is None or (near is not None and m.start() > start + len(headline) + near):
        return None
    return parse_human(m.group(0), languages=_page_languages(tree))


def _printed_day(tree: HtmlElement) -> dt.date | None:
    """Return the day of `_printed_date`, if any."""
    parsed = _printed_date(tree)
    return parsed.value.date() if parsed is not None else None


def _printed_day_offset(tree: HtmlElement, utc: dt.datetime) -> dt.tzinfo | None:
    """Return the smallest whole-hour offset that puts `utc` on the day the page prints first.

    ``datePublished: 2023-11-01T23:01:00Z`` on a page whose first printed date is
    ``02 Novembre 2023``: the page's zone is east of London, and ``00:01+01:00`` is the same
    instant on the page's own day. Only a first printed date one day off, within a few hours
    of midnight, counts.
    """
    day = _printed_day(tree)
    if day is None:
        return None
    wall = utc.astimezone(dt.UTC).replace(tzinfo=None)
    midnight = dt.datetime.combine(wall.date(), dt.time())
    if day == wall.date() + dt.timedelta(days=1):
        hours = -(-(midnight + dt.timedelta(days=1) - wall) // dt.timedelta(hours=1))
        shift = dt.timedelta(hours=hours)
        return dt.timezone(shift) if shift <= MAX_SHIFT_EAST else None
    if day == wall.date() - dt.timedelta(days=1):
        hours = (wall - midnight) // dt.timedelta(hours=1) + 1
        shift = dt.timedelta(hours=hours)
        return dt.timezone(-shift) if shift <= MAX_SHIFT_WEST else None
    return None


def _page_offset(
    utc: ParsedDate, others: list[ParsedDate], page: Page | None = None
) -> ParsedDate:
    """Show a UTC value in the offset the page prints its dates with (same instant).

    ``datePublished: 2021-11-04T23:00:00Z`` beside ``dateModified: 2021-11-05T09:00:00+01:00``
    is ``2021-11-05T00:00:00+01:00``: the page's own day, not London's. Without such a
    neighbour, a timestamp with an offset naming the same instant anywhere in the page gives
    the offset, or, near midnight, the day the page prints under its headline.
    """
    offset = utc.value.utcoffset()
    if offset is None or offset or not utc.has_time:
        return utc
    for other in others:
        value = other.value
        if other.has_zone and value.tzinfo is not None and value.utcoffset():
            return ParsedDate(utc.value.astimezone(value.tzinfo), True, True)
    if page is not None:
        tz = _same_instant_offset(utc.value, page.doc.text) or _printed_day_offset(
            page.doc.tree, utc.value
        )
        if tz is not None:
            return ParsedDate(utc.value.astimezone(tz), True, True)
    return utc


def _zone_hint(page: Page, found: list[ParsedDate]) -> dt.tzinfo | None:
    if page.profile and page.profile.timezone:
        return parse_offset(page.profile.timezone)
    for parsed in found:
        if parsed.has_zone and parsed.value.tzinfo is not None:
            return parsed.value.tzinfo
    return None


def _after(parsed: ParsedDate, tz: dt.tzinfo | None, fetched: dt.datetime | None) -> bool:
    """Say whether `parsed`, read in zone `tz` (UTC when None), lies after the fetch time."""
    if fetched is None:
        return False
    value = parsed.value
    if value.tzinfo is None:
        value = value.replace(tzinfo=tz or dt.UTC)
    return value > fetched


def find_dates(page: Page) -> tuple[str | None, str | None]:
    """Return (published, modified) as ISO 8601 with offsets.

    Machine-readable values (profile, JSON-LD, meta, microdata, ``datetime``/``title``
    attributes) come before visible text; a value after the fetch time is refused, and the
    next source is asked; a time without a date is never read as today. A page whose every
    date (machine-readable and printed) lies after the fetch time gets none: htmldate's search
    could only find another, wrong one.
    """
    published: list[tuple[str, ParsedDate]] = []
    modified: list[tuple[str, ParsedDate]] = []
    fetched = page.fetched
    site_tz = parse_offset(page.profile.timezone) if page.profile else None
    refused = 0

    def add(target: list[tuple[str, ParsedDate]], source: str, parsed: ParsedDate | None) -> bool:
        nonlocal refused
        if parsed is None:
            return False
        if _after(parsed, site_tz, fetched):
            refused += 1
            return False
        target.append((source, parsed))
        return True

    formats = page.layout.layout.date_formats if page.layout else ()
    for value in page.profile_values("published"):
        if add(published, "profile", parse_human(value, formats)):
            break
    for value in page.profile_values("modified"):
        if add(modified, "profile", parse_human(value, formats)):
            break
    for key, target in (("datePublished", published), ("dateModified", modified)):
        text = as_text(page.ld(key))
        add(target, "jsonld", parse_any(text) if text else None)
    for keys, target in ((PUBLISHED_META, published), (MODIFIED_META, modified)):
        found = False
        for key in keys:
            for text in page.meta.get(key, [])[:1]:
                found = add(target, "meta", parse_iso(text) or parse_epoch(text))
                if found:
                    break
            if found:
                break
    if not published and "datePublished" in page.micro:
        add(published, "meta", parse_any(page.micro["datePublished"]))
    if not published:
        for value in _machine_dates(page.doc.tree)[:3]:
            if add(published, "generic", parse_iso(value)):
                break
    if not published and page.hints.get("published"):
        add(published, page.origin, parse_any(page.hints["published"]))
    if not published:
        add(published, "jsonld", _webpage_published(page))
    if not modified and page.hints.get("modified"):
        add(modified, page.origin, parse_any(page.hints["modified"]))
    if not published:
        add(published, "url", date_from_url(page.doc.url))
    if not published:
        add(published, "generic", labelled_date(page.doc.tree))
    if not published:
        add(published, "generic", _printed_date(page.doc.tree, near=HEADLINE_NEAR))
    if not published and not (refused and not modified):
        add(published, "generic", _htmldate(page))
    tz = _zone_hint(page, [p for _, p in published + modified])
    pub = mod = None
    if published:
        source, best = _agreed(page, published)
        # A later source with the same day but a time refines a date-only value.
        if not best.has_time:
            for other_source, other in published[1:]:
                if other.has_time and other.value.date() == best.value.date():
                    source, best = other_source, other
                    break
        if not best.has_time:
            clock = _visible_time(page.doc.tree, best.value.date())
            if clock is not None:
                timed = ParsedDate(dt.datetime.combine(best.value.date(), clock), True, False)
                if not _after(timed, tz, fetched):
                    best = timed
        if best.value.tzinfo is None:
            best = _borrow_zone(best, [p for _, p in published + modified])
        else:
            best = _page_offset(best, [p for _, p in published + modified], page)
        if not _after(best, tz, fetched):
            pub = best.resolve(tz)
            page.sources["published"] = source
    if modified:
        source, best = modified[0]
        if not _after(best, tz, fetched):
            mod = best.resolve(tz)
            page.sources["modified"] = source
    if pub is not None and mod is not None:
        # one article, one offset: modified is the same instant at published's offset
        offset = dt.datetime.fromisoformat(pub).utcoffset()
        if offset is not None:
            mod = format_iso(dt.datetime.fromisoformat(mod).astimezone(dt.timezone(offset)))
    return pub, mod


WEBPAGE_TYPES = frozenset(
    {"webpage", "itempage", "aboutpage", "collectionpage", "faqpage", "qapage", "profilepage"}
)
"""schema.org types of a page as a whole (Yoast and Rank Math describe every page so)."""


def _webpage_published(page: Page) -> ParsedDate | None:
    """Return ``datePublished`` of the page's JSON-LD ``WebPage`` node, when no article has one.

    SEO plugins put a ``WebPage`` with ``datePublished`` and ``dateModified`` on pages that
    are not marked as articles (about pages, guides); without it the date search falls
    through to heuristics that may take the modified day.
    """
    for obj in page.doc.jsonld:
        if types_of(obj) & WEBPAGE_TYPES:
            text = as_text(obj.get("datePublished"))
            parsed = parse_any(text) if text else None
            if parsed is not None:
                return parsed
    return None


def _agreed(page: Page, published: list[tuple[str, ParsedDate]]) -> tuple[str, ParsedDate]:
    """Return the first published value, or the one the page prints when the sources differ.

    JSON-LD and the meta tags sometimes name different days (a CMS record created days
    before the story went out); the day printed under the headline, read by every reader,
    decides between them. A day without a time (often a print edition's) does not overrule
    a timestamp. Without such agreement the first source stays.
    """
    first = published[0]
    days = {parsed.value.date() for _, parsed in published}
    if len(days) < 2:
        return first
    printed = _printed_day(page.doc.tree)
    if printed is None or printed == first[1].value.date():
        return first
    for source, parsed in published[1:]:
        if parsed.value.date() == printed and (parsed.has_time or not first[1].has_time):
            return source, parsed
    return first


def _htmldate(page: Page) -> ParsedDate | None:
    """Ask htmldate: its quick search first, the extensive one (original date) when that fails."""
    from htmldate import find_date

    max_date = (page.fetched or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%d")
    for extensive in (False, True):
        try:
            found = find_date(
                page.doc.tree,
                url=page.doc.url,
                extensive_search=extensive,
                original_date=extensive,
                outputformat="%Y-%m-%dT%H:%M:%S%z",
                max_date=max_date,
            )
        except Exception:  # htmldate raises assorted errors on odd pages
            found = None
        parsed = parse_iso(found) if found else None
        if parsed:
            if parsed.value.time() == dt.time(0, 0):
                parsed.has_time = False
            return parsed
    return None
