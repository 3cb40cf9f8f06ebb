"""Guess from a URL's shape whether it names an article, a listing, or can't tell.

General rules that hold across most news CMSs (WordPress, Drupal, Arc, custom): listings are
the home page, section/category/tag/topic/author pages, pagination, date archives, search and
the site's about/contact/legal pages; articles carry a long slug, a numeric id or a date
followed by a slug. The page classifier combines this with what the page itself says.
"""

from __future__ import annotations

import re
from typing import Literal
from urllib.parse import parse_qsl, unquote, urlsplit

UrlKind = Literal["article", "listing", "unknown"]

LISTING_SEGMENTS = frozenset(
    {
        "category", "categories", "cat", "section", "sections", "tag", "tags", "topic",
        "topics", "author", "authors", "writer", "writers", "columnist", "columnists",
        "archive", "archives", "search", "label", "labels", "keyword", "keywords", "feed",
        "feeds", "rss", "series", "subject", "subjects", "people", "profile", "profiles",
    }
)  # fmt: skip
"""Path segments that mark a listing (``/category/…``, ``/tag/…``, ``/author/…``)."""
NON_ARTICLE_PAGES = frozenset(
    {
        "about", "about-us", "aboutus", "who-we-are", "contact", "contact-us", "contactus",
        "privacy", "privacy-policy", "privacy-notice", "cookie-policy", "cookies", "terms",
        "terms-of-use", "terms-of-service", "terms-and-conditions", "tos", "legal", "imprint",
        "impressum", "disclaimer", "advertise", "advertising", "subscribe", "subscription",
        "newsletter", "newsletters", "login", "log-in", "signin", "sign-in", "register",
        "signup", "sign-up", "account", "my-account", "faq", "faqs", "help", "careers", "jobs",
        "team", "our-team", "staff", "masthead", "editorial-policy", "ethics", "corrections",
        "copyright", "sitemap", "site-map", "accessibility", "donate", "support-us", "shop",
        "store", "wp-login.php", "wp-admin", "cart", "checkout", "index", "home", "default",
        "main", "news", "latest", "latest-news", "most-read", "most-popular", "video",
        "videos", "photos", "gallery", "galleries", "podcasts", "live",
    }
)  # fmt: skip
"""Whole last segments (extension removed) of pages that are never articles."""
_NON_ARTICLE_PREFIXES = ("about-", "contact-", "privacy-", "terms-", "cookie-", "advertise-")
LISTING_QUERY_KEYS = frozenset(
    {"s", "q", "query", "search", "cat", "tag", "author", "m", "category", "section", "topic",
     "year", "month", "day"}
)  # fmt: skip
"""Query keys that make a listing (WordPress ``?s=``, ``?cat=``, ``?tag=``, ``?m=``)."""
PAGING_QUERY_KEYS = frozenset({"paged", "page", "pg", "start", "offset"})
"""Query keys that page a listing, unless the path itself is an article's (``/slug/?page=2``)."""
ARTICLE_QUERY_KEYS = frozenset(
    {"p", "story", "story_id", "storyid", "article", "article_id", "articleid", "news_id",
     "newsid", "nid", "postid", "post_id", "sid", "aid", "contentid", "content_id"}
)  # fmt: skip
"""Query keys whose numeric value names one article (WordPress ``?p=123``)."""
ARTICLE_SEGMENTS = frozenset({"article", "articles", "story", "stories", "post", "posts", "news"})
_ARTICLE_STEMS = ARTICLE_SEGMENTS | {
    "detail",
    "details",
    "show",
    "view",
    "read",
    "item",
    "content",
}

_EXTENSION_RE = re.compile(r"\.(s?html?|php\d?|aspx?|jsp|cfm)$", re.IGNORECASE)
YEAR_RE = re.compile(r"^(19[5-9]\d|20\d\d)$")
"""A year segment of a dated path (1950-2099)."""
MONTH_RE = re.compile(r"^(0?[1-9]|1[0-2])$")
DAY_RE = re.compile(r"^(0?[1-9]|[12]\d|3[01])$")
_MONTH_NAMES = frozenset(
    {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
     "january", "february", "march", "april", "june", "july", "august", "september",
     "october", "november", "december"}
)  # fmt: skip
_ID_RE = re.compile(r"^\d{4,}$")
_EMBEDDED_ID_RE = re.compile(
    r"(?:^|[^0-9a-z])(?:[a-z]{0,3})?\d{5,}(?:$|[^0-9a-z])|^\d{4,}[-_]", re.IGNORECASE
)
_OPAQUE_ID_RE = re.compile(r"^(?=[a-z0-9]*\d)(?=[a-z0-9]*[a-z])[a-z0-9]{8,40}$", re.IGNORECASE)
"""Hash-like ids with letters and digits (``674cdc8a21efa004``, ``clymn8zyrp9o``)."""
_STRONG_ARTICLE_SEGMENTS = frozenset({"article", "articles", "story", "stories"})
_ID_OWNER_SEGMENTS = LISTING_SEGMENTS - {"archive", "archives"}
"""Listing segments whose next segment is the listing's own id (``/category/12345/``); WordPress
numeric permalinks are ``/archives/123``, so an id after ``archive(s)`` is an article's."""
_WORD_SPLIT_RE = re.compile(r"[-_+\s]+")
_DATE_IN_SEGMENT_RE = re.compile(
    r"^(19|20)\d\d(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?|(0[1-9]|1[0-2])-?(0[1-9]|[12]\d|3[01]))$"
)
"""A date in one segment: ``2024-05-06``, ``20240506``, ``2024-0506`` or a month ``2024-05``."""
_AMP_PRINT = frozenset({"amp", "print", "amp.html"})


def url_kind(url: str) -> UrlKind:
    """Guess from its shape whether `url` is an ``article``, a ``listing`` or ``unknown``.

    Pure and cheap (no network, no page). ``unknown`` means the shape says nothing either way
    (e.g. ``/some-page/``); let the page decide.
    """
    try:
        parts = urlsplit(url.strip())
        query = [(key.lower(), value) for key, value in parse_qsl(parts.query)]
        path = unquote(parts.path)
    except ValueError:
        return "unknown"
    segments = [seg for seg in path.split("/") if seg]
    if segments and segments[-1].lower() in _AMP_PRINT:
        segments = segments[:-1]
    keys = {key for key, _ in query}
    if any(key in ARTICLE_QUERY_KEYS and value.strip().isdigit() for key, value in query):
        return "article"
    if _is_cms_article_query(segments, query):
        return "article"
    if keys & LISTING_QUERY_KEYS:
        return "listing"
    if not segments and "page_id" in keys:
        return "listing"  # WordPress static pages (about, contact) are never articles
    by_path = _kind_from_segments(segments)
    if by_path != "article" and keys & PAGING_QUERY_KEYS:
        return "listing"
    if by_path == "listing" and not segments and keys:
        return "unknown"  # /?id=…: the home path says nothing about these
    return by_path


def _is_cms_article_query(segments: list[str], query: list[tuple[str, str]]) -> bool:
    """Recognise ``index.php?view=article&id=12``, ``news.php?id=12``, ``detail.aspx?id=12``."""
    values = dict(query)
    if values.get("view", "").lower() == "article" or values.get("task", "").lower() == "view":
        return True
    if not segments or not any(value.strip().isdigit() for _, value in query):
        return False
    stem = _EXTENSION_RE.sub("", segments[-1].lower())
    return stem in _ARTICLE_STEMS and any("id" in key for key in values)


def _kind_from_segments(segments: list[str]) -> UrlKind:
    lowered = [seg.lower() for seg in segments]
    page_file = False
    if lowered:
        page_file = _EXTENSION_RE.search(lowered[-1]) is not None
        lowered[-1] = _EXTENSION_RE.sub("", lowered[-1])
        if lowered[-1] in ("index", "default", "") and len(lowered) > 0:
            lowered = lowered[:-1]
    if not lowered:
        return "listing"  # the home page
    last = lowered[-1]
    # Pagination: /page/N, /section/page/N
    if len(lowered) >= 2 and lowered[-2] in ("page", "p", "pages") and last.isdigit():
        return "listing"
    if last in NON_ARTICLE_PAGES and len(lowered) <= 2:
        return "listing"
    if len(lowered) == 1 and last.startswith(_NON_ARTICLE_PREFIXES) and _words(last) <= 4:
        return "listing"
    if _is_date_archive(lowered):
        return "listing"
    has_id = _has_article_id(lowered)
    if any(seg in LISTING_SEGMENTS for seg in lowered[:-1]) or last in LISTING_SEGMENTS:
        return "article" if has_id and lowered[-1] not in LISTING_SEGMENTS else "listing"
    if has_id:
        return "article"
    if _has_date_prefix(lowered) and (_words(last) >= 2 or _OPAQUE_ID_RE.match(last)):
        return "article"
    if _looks_like_slug(last) or (page_file and _words(last) >= 3):
        return "article"
    if any(seg in _STRONG_ARTICLE_SEGMENTS for seg in lowered[:-1]) and (
        _words(last) >= 2 or _OPAQUE_ID_RE.match(last) or any(ch.isdigit() for ch in last)
    ):
        return "article"  # /article/…/slug, /articles/<id>, /news/articles/<hash>
    if len(lowered) >= 2 and lowered[-2] in ARTICLE_SEGMENTS and _words(last) >= 3:
        return "article"
    if len(lowered) == 1 and _words(last) > 1:
        return "unknown"  # /hello-world/: a short post or a page, the page must tell
    if len(lowered) <= 2 and all(_is_section_word(seg) for seg in lowered):
        return "listing"
    return "unknown"


def _words(segment: str) -> int:
    return len([word for word in _WORD_SPLIT_RE.split(segment) if word])


def _is_section_word(segment: str) -> bool:
    return _words(segment) <= 2 and not any(ch.isdigit() for ch in segment) and len(segment) <= 30


def _looks_like_slug(segment: str) -> bool:
    words = [word for word in _WORD_SPLIT_RE.split(segment) if word]
    return len(words) >= 5 or (len(words) >= 4 and len(segment) >= 24)


def _has_article_id(segments: list[str]) -> bool:
    """Say whether a segment is a numeric id (not a year of a date path)."""
    for index, seg in enumerate(segments):
        if YEAR_RE.match(seg) or _DATE_IN_SEGMENT_RE.match(seg):
            continue
        previous = segments[index - 1] if index else ""
        if index and (YEAR_RE.match(previous) or MONTH_RE.match(previous)) and len(seg) <= 2:
            continue
        if previous in _ID_OWNER_SEGMENTS:
            continue
        if _ID_RE.match(seg) and previous not in ("page", "p", "pages"):
            return True
        if _EMBEDDED_ID_RE.search(seg) and not _DATE_IN_SEGMENT_RE.match(seg):
            return True
    return False


def _date_prefix_length(segments: list[str]) -> int:
    """Return how many segments from some position form /YYYY[/MM[/DD]] (0 if none)."""
    for index, seg in enumerate(segments):
        if _DATE_IN_SEGMENT_RE.match(seg):
            return index + 1
        if not YEAR_RE.match(seg):
            continue
        end = index + 1
        if end < len(segments) and (
            MONTH_RE.match(segments[end]) or segments[end] in _MONTH_NAMES
        ):
            end += 1
            if end < len(segments) and DAY_RE.match(segments[end]):
                end += 1
        return end
    return 0


def _is_date_archive(segments: list[str]) -> bool:
    """Say whether the path ends with a date (/2024/, /2024/05/, /2024/05/06/)."""
    end = _date_prefix_length(segments)
    return end > 0 and end == len(segments)


def _has_date_prefix(segments: list[str]) -> bool:
    end = _date_prefix_length(segments)
    return 0 < end < len(segments)
