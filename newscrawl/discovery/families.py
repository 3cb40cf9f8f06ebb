"""URL families and what their pages yield: traps recognised by what the crawl learns.

A URL family is a path with its variable parts generalised: years, months and days
(``/calendar/{y}-{m}/``, ``/{y}/{m}/``), numbers (``/page/{n}/``), the name after a listing
segment (``/tag/{slug}/``) and query values (``/?m={n}``). Listing pages of one family are
alike: a calendar widget's months, a tag's pages, an author's pages. `YieldLedger` counts, per
family, the pages fetched and the new article URLs they gave; a family whose last
`barren_limit` pages gave nothing new is exhausted, and the crawl follows it no further.

This bounds the traps no URL rule knows (an endless calendar under a new name, a faceted
archive, a prev/next chain through empty months) by what they cost, and it costs nothing on a
productive family: one new article in a page starts the count again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from newscrawl.discovery.urlshape import DAY_RE, LISTING_SEGMENTS, MONTH_RE, YEAR_RE

BARREN_LIMIT = 3
"""Consecutive pages without a new article URL after which a family is exhausted."""

_DATE_RE = re.compile(r"^(?:19|20)\d\d-\d{1,2}(?:-\d{1,2})?$")
_NUMBER_RE = re.compile(r"\d+")


def url_family(url: str) -> str:
    """Return the family of `url`: its path and query keys with the variable parts generalised.

    >>> url_family("https://ex.com/calendar/2026-05/")
    '/calendar/{y}-{m}/'
    >>> url_family("https://ex.com/tag/climate/page/3/")
    '/tag/{slug}/page/{n}/'
    >>> url_family("https://ex.com/?m=202405&cat=7")
    '/?cat={n}&m={n}'
    """
    try:
        parts = urlsplit(url)
        query = parse_qsl(parts.query, keep_blank_values=True)
    except ValueError:
        return url
    segments = [seg for seg in parts.path.split("/") if seg]
    general: list[str] = []
    previous = ""
    for seg in segments:
        general.append(_general_segment(seg.lower(), general, previous))
        previous = seg.lower()
    path = "/" + "/".join(general)
    if general and parts.path.endswith("/"):
        path += "/"
    if not query:
        return path
    keys = sorted({key.lower(): _general_value(value) for key, value in query}.items())
    return path + "?" + "&".join(f"{key}={value}" for key, value in keys)


def _general_segment(seg: str, before: list[str], previous: str) -> str:
    last = before[-1] if before else ""
    if _DATE_RE.match(seg):
        return "{y}-{m}-{d}" if seg.count("-") == 2 else "{y}-{m}"
    if YEAR_RE.match(seg):
        return "{y}"
    if last == "{y}" and MONTH_RE.match(seg):
        return "{m}"
    if last == "{m}" and DAY_RE.match(seg):
        return "{d}"
    if seg.isdigit():
        return "{n}"
    if previous in LISTING_SEGMENTS:
        return "{slug}"
    return _NUMBER_RE.sub("{n}", seg)


def _general_value(value: str) -> str:
    value = value.strip()
    if not value:
        return ""
    return "{n}" if value.isdigit() else "{v}"


@dataclass(slots=True)
class FamilyYield:
    """What the pages of one URL family gave so far."""

    pages: int = 0
    """Pages of the family fetched and analysed."""
    new_articles: int = 0
    """New article URLs those pages linked to (not requested before)."""
    barren_run: int = 0
    """Pages in a row, up to the last one, that gave no new article URL."""


class YieldLedger:
    """The yield of each URL family in one crawl (not thread-safe; the spider's own)."""

    def __init__(self, barren_limit: int = BARREN_LIMIT) -> None:
        if barren_limit < 1:
            raise ValueError(f"barren_limit must be >= 1, got {barren_limit}")
        self.barren_limit = barren_limit
        self.families: dict[str, FamilyYield] = {}

    def record(self, url: str, new_articles: int) -> FamilyYield:
        """Note that the page `url` was fetched and linked `new_articles` new article URLs."""
        family = self.families.setdefault(url_family(url), FamilyYield())
        family.pages += 1
        family.new_articles += new_articles
        family.barren_run = 0 if new_articles else family.barren_run + 1
        return family

    def exhausted(self, url: str) -> bool:
        """Say whether the family of `url` stopped giving new articles (follow it no further)."""
        family = self.families.get(url_family(url))
        return family is not None and family.barren_run >= self.barren_limit

    def summary(self) -> dict[str, dict[str, int | bool]]:
        """Return each family fetched with its pages, new articles and whether it is exhausted."""
        return {
            name: {
                "pages": family.pages,
                "new_articles": family.new_articles,
                "exhausted": family.barren_run >= self.barren_limit,
            }
            for name, family in sorted(self.families.items())
        }
