"""Links in HTML pages, pagination, and the crawler-trap guard.

`extract_links` and `find_pagination` are pure functions of a parsed page. `TrapGuard` is a
small pure-python object kept per crawl: it bounds endless calendars, pagination, faceted
query strings, depth, repeated path segments, session ids and over-long URLs.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, Final, Literal
from urllib.parse import parse_qsl, unquote, urlsplit, urlunsplit

from newscrawl.discovery._common import resolve_http_url
from newscrawl.discovery.feeds import html_base
from newscrawl.discovery.urls import SESSION_PARAMS, host_of
from newscrawl.discovery.urlshape import url_kind

if TYPE_CHECKING:
    from lxml.html import HtmlElement

ASSET_EXTENSIONS = frozenset(
    {
        "jpg", "jpeg", "png", "gif", "webp", "svg", "bmp", "ico", "tif", "tiff", "avif", "heic",
        "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "rtf", "epub",
        "zip", "rar", "7z", "gz", "tgz", "bz2", "xz", "tar", "exe", "dmg", "apk", "msi", "iso",
        "mp3", "mp4", "m4a", "m4v", "wav", "ogg", "oga", "webm", "avi", "mov", "wmv", "flv",
        "mkv", "css", "js", "json", "woff", "woff2", "ttf", "otf", "eot", "swf", "ics", "vcf",
    }
)  # fmt: skip
"""File extensions of links that are never pages (images, documents, archives, media)."""
MAX_URL_LENGTH = 2000
"""URLs longer than this are refused as traps (``too_long``)."""
MAX_LINK_TEXT = 300
"""Characters of anchor text kept per link."""

TrapReason = Literal[
    "calendar",
    "pagination",
    "query_variants",
    "depth",
    "repeated_path_segments",
    "session_id",
    "too_long",
]
TRAP_REASONS: Final = (
    "calendar",
    "pagination",
    "query_variants",
    "depth",
    "repeated_path_segments",
    "session_id",
    "too_long",
)
"""Every reason `TrapGuard.check` can return (a closed set, usable as stats detail)."""

_SPACE_RE = re.compile(r"\s+")
_PAGE_PATH_RE = re.compile(r"/(?:page|pages)/(\d{1,9})/?$", re.IGNORECASE)
_PAGE_QUERY_KEYS = frozenset({"paged", "page", "pg", "p_page", "pagenum", "page_num"})
_PAGINATION_CONTAINERS = (
    "pagination",
    "nav-links",
    "page-numbers",
    "pager",
    "paging",
    "wp-pagenavi",
    "nav-previous",
    "nav-next",
)
_NEXT_TEXTS = frozenset(
    {"next", "next page", "older posts", "older entries", "more", "older", "suivant", "weiter",
     "\u00bb", "\u203a", "next \u00bb", "next \u203a", "\u0627\u0644\u062a\u0627\u0644\u064a"}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Link:
    """One ``<a href>`` of a page."""

    url: str
    """Absolute http(s) URL, fragment removed (not canonicalised)."""
    text: str
    """Anchor text (or ``title``/image ``alt``), whitespace collapsed, at most 300 chars."""
    rel: str = ""
    """The ``rel`` attribute, lower-cased ('' if none)."""

    @property
    def nofollow(self) -> bool:
        """Say whether the link carries ``rel=nofollow`` (or ``ugc``/``sponsored``)."""
        return bool({"nofollow", "ugc", "sponsored"} & set(self.rel.split()))


def extract_links(tree: HtmlElement, base_url: str) -> list[Link]:
    """Return the page's ``<a href>`` links to http(s) pages, deduplicated, in document order.

    Hrefs are resolved against ``<base href>`` or `base_url`; ``javascript:``, ``mailto:``,
    ``tel:`` and other non-http schemes, bare fragments and links to assets (by extension,
    see `ASSET_EXTENSIONS`) are skipped.
    """
    base = html_base(tree, base_url)
    links: list[Link] = []
    seen: set[str] = set()
    for anchor in _elements(tree, "//a[@href]"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith("#"):
            continue
        url = _page_url(href, base)
        if url is None or url in seen:
            continue
        seen.add(url)
        links.append(Link(url=url, text=_anchor_text(anchor), rel=_rel(anchor)))
    return links


def find_pagination(tree: HtmlElement, base_url: str) -> list[str]:
    """Return URLs of further pages of the listing `tree` (next first), without the page itself.

    Sources: ``rel=next`` (``<link>`` and ``<a>``), links inside pagination containers
    (``.pagination``, ``.nav-links``, ``.page-numbers``, ``.pager``, ``.wp-pagenavi`` …), and
    links to ``/page/N`` or ``?paged=N`` of the same listing. Only same-host URLs (``www.``
    ignored) are returned.
    """
    base = html_base(tree, base_url)
    current = _strip_fragment(base_url)
    current_stem = _listing_stem(current)
    found: list[str] = []
    seen = {current}

    def add(href: str | None) -> None:
        url = _page_url(href or "", base)
        if url and url not in seen and _same_host(url, current):
            seen.add(url)
            found.append(url)

    for element in _elements(tree, "//link[@href] | //a[@href]"):
        if "next" in _rel(element).split():
            add(element.get("href"))
    for anchor in _elements(tree, "//a[@href]"):
        href = anchor.get("href")
        url = _page_url(href or "", base)
        if url is None:
            continue
        same_listing = _listing_stem(url) == current_stem and (
            _page_number(url) is not None or _anchor_text(anchor).lower() in _NEXT_TEXTS
        )
        if same_listing or _in_pagination_container(anchor):
            add(href)
    return found


class TrapGuard:
    """Refuse URLs that lead into crawler traps; one instance per crawl (not thread-safe).

    `check` returns a reason from `TRAP_REASONS`, or None when the URL may be followed. It
    remembers the query strings it let through per path, to bound faceted URLs.

    Dated URLs (``/2031/05/``, ``?month=5&year=2031``, ``?m=203105``, ``/calendar/2031/``) are
    ``calendar`` traps when they point more than `max_future_days` after `today` or before
    `min_year`; with `since` (the crawl's ``-a since=``), date archives that end before it are
    too. Query strings count as facets unless their values are numeric (ids, page numbers),
    so ``/?p=123`` article URLs never exhaust a path's `max_query_variants`.
    """

    def __init__(
        self,
        max_pagination: int = 50,
        max_query_variants: int = 20,
        max_depth: int = 4,
        *,
        today: date | None = None,
        max_future_days: int = 366,
        min_year: int = 1990,
        max_url_length: int = MAX_URL_LENGTH,
        max_segment_repeats: int = 2,
        since: date | None = None,
    ) -> None:
        self.max_pagination = max_pagination
        self.max_query_variants = max_query_variants
        self.max_depth = max_depth
        self.today = today or datetime.now(UTC).date()
        self.max_future_days = max_future_days
        self.min_year = min_year
        self.max_url_length = max_url_length
        self.max_segment_repeats = max_segment_repeats
        self.since = since
        self._variants: dict[tuple[str, str], set[str]] = {}

    def check(self, url: str, depth: int = 0, via_pagination_depth: int = 0) -> TrapReason | None:
        """Return why `url` is a trap, or None (and record its query string) if it is not.

        `depth` is the number of link hops from a start page; `via_pagination_depth` the
        number of consecutive "next page" hops that led here.
        """
        if len(url) > self.max_url_length:
            return "too_long"
        try:
            parts = urlsplit(url)
            query = parse_qsl(parts.query, keep_blank_values=True)
        except ValueError:
            return "too_long" if len(url) > self.max_url_length else None
        path = unquote(parts.path)
        if _has_session_id(path, query):
            return "session_id"
        if self._repeated_segments(path):
            return "repeated_path_segments"
        if self._is_calendar_trap(url, path, query):
            return "calendar"
        page = _page_number_from(path, query)
        if via_pagination_depth > self.max_pagination or (
            page is not None and page > self.max_pagination
        ):
            return "pagination"
        if depth > self.max_depth:
            return "depth"
        if self._too_many_variants(parts.hostname or "", parts.path, query):
            return "query_variants"
        return None

    def _repeated_segments(self, path: str) -> bool:
        counts: dict[str, int] = {}
        for segment in path.lower().split("/"):
            if segment:
                counts[segment] = counts.get(segment, 0) + 1
                if counts[segment] > self.max_segment_repeats:
                    return True
        return False

    def _is_calendar_trap(self, url: str, path: str, query: list[tuple[str, str]]) -> bool:
        found = _url_date(path, query)
        if found is None:
            return False
        year, month, day = found
        if year < self.min_year:
            return True
        try:
            first = date(year, month or 1, day or 1)
            if day:
                last = first
            elif month:
                last = date(year, month, calendar.monthrange(year, month)[1])
            else:
                last = date(year, 12, 31)
        except (ValueError, OverflowError):
            return True  # /2024/13/45/: a generated date, not a real archive
        if (first - self.today).days > self.max_future_days:
            return True
        # A date archive (not an article) wholly before the crawl's window has nothing to give.
        return self.since is not None and last < self.since and url_kind(url) != "article"

    def _too_many_variants(self, host: str, path: str, query: list[tuple[str, str]]) -> bool:
        # Numeric values (ids, page numbers) name content; other values are facets.
        facets = sorted(
            (key.lower(), value)
            for key, value in query
            if not value.strip().isdigit() and key.lower() not in _PAGE_QUERY_KEYS
        )
        if not facets:
            return False
        variant = "&".join(f"{key}={value}" for key, value in facets)
        seen = self._variants.setdefault((host, path), set())
        if variant in seen:
            return False
        if len(seen) >= self.max_query_variants:
            return True
        seen.add(variant)
        return False


_YEAR_SEGMENT_RE = re.compile(r"^(\d{4})$")
_MONTH_SEGMENT_RE = re.compile(r"^(0?[1-9]|1[0-2])$")
_DAY_SEGMENT_RE = re.compile(r"^(0?[1-9]|[12]\d|3[01])$")
_ISO_DATE_RE = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?!\d)")
_CALENDAR_WORDS = frozenset(
    {"calendar", "events", "event", "agenda", "cal", "day", "month", "week"}
)
_DATE_QUERY_KEYS = frozenset(
    {"date", "day", "month", "year", "yr", "mon", "cal", "calendar", "eventdate",
     "tribe-bar-date", "start_date", "end_date", "from", "to", "ical", "week"}
)  # fmt: skip


def _url_date(
    path: str, query: list[tuple[str, str]]
) -> tuple[int, int | None, int | None] | None:
    """Return the (year, month, day) a URL points at, if it looks like a dated page."""
    qs = {key.lower(): value.strip() for key, value in query}
    if "year" in qs and qs["year"].isdigit():
        month = qs.get("month", "")
        day = qs.get("day", "")
        return (
            int(qs["year"][:6]),
            int(month) if month.isdigit() and len(month) <= 2 else None,
            int(day) if day.isdigit() and len(day) <= 2 else None,
        )
    for key, value in qs.items():
        if key in _DATE_QUERY_KEYS or key == "m":
            match = _ISO_DATE_RE.search(value)
            if match:
                return _ymd(match.group(1), match.group(2), match.group(3))
            if key == "m" and value.isdigit() and len(value) in (4, 6, 8):
                return _ymd(value[:4], value[4:6] or None, value[6:8] or None)
    segments = [seg for seg in path.lower().split("/") if seg]
    calendarish = any(seg in _CALENDAR_WORDS for seg in segments)
    for index, seg in enumerate(segments):
        match = _ISO_DATE_RE.fullmatch(seg)
        if match:
            return _ymd(match.group(1), match.group(2), match.group(3))
        if not _YEAR_SEGMENT_RE.match(seg):
            continue
        following = segments[index + 1 : index + 3]
        if following and _MONTH_SEGMENT_RE.match(following[0]):
            day_text: str | None = None
            if len(following) > 1 and _DAY_SEGMENT_RE.match(following[1]):
                day_text = following[1]
            return _ymd(seg, following[0], day_text)
        if calendarish:
            return _ymd(seg, None, None)
    return None


def _ymd(year: str, month: str | None, day: str | None) -> tuple[int, int | None, int | None]:
    return int(year), int(month) if month else None, int(day) if day else None


def _has_session_id(path: str, query: list[tuple[str, str]]) -> bool:
    lowered = path.lower()
    if ";jsessionid=" in lowered or ";phpsessid=" in lowered or ";sid=" in lowered:
        return True
    if re.search(r"/\(s\([a-z0-9]{16,}\)\)/", lowered):  # ASP.NET cookieless session
        return True
    return any(key.lower() in SESSION_PARAMS and len(value) >= 8 for key, value in query)


def _page_number_from(path: str, query: list[tuple[str, str]]) -> int | None:
    match = _PAGE_PATH_RE.search(path)
    if match:
        return int(match.group(1))
    for key, value in query:
        if key.lower() in _PAGE_QUERY_KEYS and value.strip().isdigit():
            return int(value.strip()[:9])
    return None


def _page_number(url: str) -> int | None:
    try:
        parts = urlsplit(url)
        return _page_number_from(parts.path, parse_qsl(parts.query))
    except ValueError:
        return None


def _listing_stem(url: str) -> str:
    """Return `url` without its page number (``/page/N`` or ``paged=N``) and fragment."""
    try:
        parts = urlsplit(url)
        path = _PAGE_PATH_RE.sub("/", parts.path)
        query = [
            (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if k.lower() not in _PAGE_QUERY_KEYS
        ]  # fmt: skip
    except ValueError:
        return url
    path = path if path.endswith("/") else path + "/"
    query_text = "&".join(f"{k}={v}" for k, v in sorted(query))
    return urlunsplit((parts.scheme.lower(), (parts.hostname or ""), path, query_text, ""))


def _same_host(url: str, other: str) -> bool:
    """Say whether two URLs are on the same host (``www.`` ignored)."""
    return host_of(url) == host_of(other)


def _in_pagination_container(element: Any) -> bool:
    node = element
    for _ in range(6):
        node = node.getparent()
        if node is None:
            return False
        classes = f" {node.get('class') or ''} {node.get('id') or ''} ".lower()
        if any(name in classes.split() for name in _PAGINATION_CONTAINERS):
            return True
        if node.tag == "nav" and "pag" in (node.get("aria-label") or "").lower():
            return True
    return False


def _page_url(href: str, base: str) -> str | None:
    lowered = href.strip().lower()
    if lowered.startswith(("javascript:", "mailto:", "tel:", "data:", "sms:", "callto:")):
        return None
    url = resolve_http_url(href, base)
    if url is None or _is_asset(url):
        return None
    return _strip_fragment(url)


def _strip_fragment(url: str) -> str:
    return url.split("#", 1)[0]


def _is_asset(url: str) -> bool:
    try:
        path = urlsplit(url).path
    except ValueError:
        return True
    last = path.rsplit("/", 1)[-1]
    if "." not in last:
        return False
    return last.rsplit(".", 1)[-1].lower() in ASSET_EXTENSIONS


def _rel(element: Any) -> str:
    return " ".join((element.get("rel") or "").lower().split())


def _anchor_text(anchor: Any) -> str:
    try:
        text = anchor.text_content()
    except (AttributeError, ValueError):
        text = "".join(anchor.itertext())
    text = _SPACE_RE.sub(" ", text).strip()
    if not text:
        text = anchor.get("title") or ""
        if not text:
            for img in anchor.iter("img"):
                text = img.get("alt") or ""
                if text:
                    break
        text = _SPACE_RE.sub(" ", text).strip()
    return text[:MAX_LINK_TEXT]


def _elements(tree: Any, query: str) -> list[Any]:
    try:
        result = tree.xpath(query)
    except Exception:  # lxml raises a family of errors on odd trees; treat them as "no links"
        return []
    return [item for item in result if isinstance(getattr(item, "tag", None), str)]
