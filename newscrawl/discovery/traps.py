"""The crawler-trap guard: which discovered URLs are never worth a request.

`TrapGuard` is kept per crawl (pure python, not thread-safe). It refuses URLs by their shape
(endless calendars, deep pagination, faceted query strings, depth, repeated path segments,
session ids, over-long URLs), URLs a crawler has no business with (log-in, registration,
cart, search results, comment replies), and date archives outside the span of article dates
the crawl has actually seen on the site (`note_date`). The yield of URL families, the other
half of trap detection, is `newscrawl.discovery.families`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from datetime import date
from typing import Final, Literal, get_args
from urllib.parse import parse_qsl, unquote, urlsplit

from newscrawl.discovery.links import PAGE_QUERY_KEYS, page_number_from
from newscrawl.discovery.urls import SESSION_PARAMS
from newscrawl.discovery.urlshape import url_kind

MAX_URL_LENGTH = 2000
"""URLs longer than this are refused as traps (``too_long``)."""

TrapReason = Literal[
    "calendar",
    "outside_span",
    "private",
    "search",
    "comment_reply",
    "pagination",
    "query_variants",
    "depth",
    "repeated_path_segments",
    "session_id",
    "too_long",
]
TRAP_REASONS: Final = get_args(TrapReason)
"""Every reason `TrapGuard.check` can return (a closed set, usable as stats detail)."""

PRIVATE_SEGMENTS = frozenset(
    {
        "wp-login.php", "wp-admin", "wp-signup.php", "wp-register.php", "wp-activate.php",
        "login", "log-in", "logout", "log-out", "signin", "sign-in", "signout", "sign-out",
        "signup", "sign-up", "register", "registration", "account", "my-account", "myaccount",
        "cart", "basket", "checkout", "lost-password", "lostpassword", "reset-password",
        "password-reset", "forgot-password", "user-login", "user-register",
    }
)  # fmt: skip
"""Path segments of log-in, registration, account and shopping-cart pages (any CMS)."""
_PRIVATE_ACTIONS = frozenset({"login", "logout", "register", "lostpassword", "signup", "rp"})
_CART_KEYS = frozenset({"add-to-cart", "add_to_cart", "remove_item", "wc-ajax"})
SEARCH_KEYS = frozenset({"s", "q", "query", "search", "searchterm", "search_query", "keywords"})
"""Query keys of site search (WordPress ``?s=``); a value makes the URL a search result."""
REPLY_KEYS = frozenset({"replytocom", "reply_to_comment", "replyto", "in_reply_to"})
"""Query keys of "reply to this comment" links (WordPress ``?replytocom=``)."""
_COMMENT_PAGE_RE = re.compile(r"^comment-page-\d+$")
SPAN_MARGIN_DAYS = 31
"""Date archives up to this many days outside the span of article dates seen are followed."""


class TrapGuard:
    """Refuse URLs that lead into crawler traps; one instance per crawl (not thread-safe).

    `check` returns a reason from `TRAP_REASONS`, or None when the URL may be followed. It
    remembers the query strings it let through per path, to bound faceted URLs.

    Log-in, registration, account and cart pages (``private``), search results (``search``)
    and comment-reply links (``comment_reply``) are never followed. Dated URLs
    (``/2031/05/``, ``?month=5&year=2031``, ``?m=203105``, ``/calendar/2031-05/``) are
    ``calendar`` traps when they point more than `max_future_days` after `today` or before
    `min_year`, or, for date archives (not articles), when they begin after `today`; with
    `since` (the crawl's ``-a since=``), date archives that end before it are too. Once the
    crawl has seen article dates (`note_date`), a date archive wholly outside their span,
    widened by `span_margin_days` each side, is ``outside_span``. Query strings count as
    facets unless their values are numeric (ids, page numbers), so ``/?p=123`` article URLs
    never exhaust a path's `max_query_variants`.
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
        span_margin_days: int = SPAN_MARGIN_DAYS,
    ) -> None:
        self.max_pagination = max_pagination
        self.max_query_variants = max_query_variants
        self.max_depth = max_depth
        self.today = today or dt.datetime.now(dt.UTC).date()
        self.max_future_days = max_future_days
        self.min_year = min_year
        self.max_url_length = max_url_length
        self.max_segment_repeats = max_segment_repeats
        self.since = since
        self.span_margin = dt.timedelta(days=span_margin_days)
        self.first_seen: date | None = None
        """Earliest article date seen on the site (None: none seen yet)."""
        self.last_seen: date | None = None
        """Latest article date seen on the site, `today` at the most."""
        self._followed_span: tuple[date, date] | None = None
        """The seen span widened by the margin: the days date archives may cover."""
        self._variants: dict[tuple[str, str], set[str]] = {}

    def note_date(self, day: date) -> None:
        """Widen the span of article dates seen with `day` (from a sitemap, feed or article).

        Dates after `today` say nothing about the archive (scheduled or mistyped) and are
        left out.
        """
        if day > self.today:
            return
        if self.first_seen is None or day < self.first_seen:
            self.first_seen = day
        if self.last_seen is None or day > self.last_seen:
            self.last_seen = day
        self._followed_span = (
            _shift(self.first_seen, -self.span_margin),
            _shift(self.last_seen, self.span_margin),
        )

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
        segments = [seg for seg in path.lower().split("/") if seg]
        keys = {key.lower(): value for key, value in query}
        if _is_private(segments, keys):
            return "private"
        if _is_search(segments, keys):
            return "search"
        if keys.keys() & REPLY_KEYS or any(_COMMENT_PAGE_RE.match(seg) for seg in segments):
            return "comment_reply"
        if _has_session_id(path, query):
            return "session_id"
        if self._repeated_segments(path):
            return "repeated_path_segments"
        dated = self._dated_trap(url, path, query)
        if dated is not None:
            return dated
        page = page_number_from(path, query)
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

    def _dated_trap(self, url: str, path: str, query: list[tuple[str, str]]) -> TrapReason | None:
        found = url_date(path, query)
        if found is None:
            return None
        if found[0] < self.min_year:
            return "calendar"
        span = date_range(*found)
        if span is None:
            return "calendar"  # /2024/13/45/: a generated date, not a real archive
        first, last = span
        if (first - self.today).days > self.max_future_days:
            return "calendar"
        if url_kind(url) == "article":
            return None
        # A date archive: nothing published after today, nor wholly before the window.
        if first > self.today or (self.since is not None and last < self.since):
            return "calendar"
        if self._followed_span is not None and (
            last < self._followed_span[0] or first > self._followed_span[1]
        ):
            return "outside_span"
        return None

    def _too_many_variants(self, host: str, path: str, query: list[tuple[str, str]]) -> bool:
        # Numeric values (ids, page numbers) name content; other values are facets.
        facets = sorted(
            (key.lower(), value)
            for key, value in query
            if not value.strip().isdigit() and key.lower() not in PAGE_QUERY_KEYS
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


def url_date(path: str, query: list[tuple[str, str]]) -> tuple[int, int | None, int | None] | None:
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


def _shift(day: date, delta: dt.timedelta) -> date:
    """Return `day` + `delta`, clamped to the calendar's range."""
    try:
        return day + delta
    except OverflowError:
        return date.max if delta.days > 0 else date.min


def archive_range(url: str) -> tuple[date, date] | None:
    """Return the first and last day a date archive URL covers, or None if it is not one.

    Article URLs with a date in them (``/2024/05/12/some-story/``) are not archives.
    """
    try:
        parts = urlsplit(url)
        found = url_date(unquote(parts.path), parse_qsl(parts.query, keep_blank_values=True))
    except ValueError:
        return None
    if found is None or url_kind(url) == "article":
        return None
    return date_range(*found)


def date_range(year: int, month: int | None, day: int | None) -> tuple[date, date] | None:
    """Return the days a (year, month, day) archive covers, or None for an impossible date."""
    try:
        first = date(year, month or 1, day or 1)
        if day:
            return first, first
        if month:
            return first, date(year, month, calendar.monthrange(year, month)[1])
        return first, date(year, 12, 31)
    except (ValueError, OverflowError):
        return None


def _is_private(segments: list[str], keys: dict[str, str]) -> bool:
    if any(seg in PRIVATE_SEGMENTS for seg in segments):
        return True
    if keys.get("action", "").lower() in _PRIVATE_ACTIONS:
        return True
    return bool(keys.keys() & _CART_KEYS)


def _is_search(segments: list[str], keys: dict[str, str]) -> bool:
    if any(keys.get(key, "").strip() for key in SEARCH_KEYS):
        return True
    # /search/term/ and /search?…; Blogger's /search/label/<name> is a label listing
    return bool(segments) and segments[0] == "search" and segments[1:2] != ["label"]


def _ymd(year: str, month: str | None, day: str | None) -> tuple[int, int | None, int | None]:
    return int(year), int(month) if month else None, int(day) if day else None


def _has_session_id(path: str, query: list[tuple[str, str]]) -> bool:
    lowered = path.lower()
    if ";jsessionid=" in lowered or ";phpsessid=" in lowered or ";sid=" in lowered:
        return True
    if re.search(r"/\(s\([a-z0-9]{16,}\)\)/", lowered):  # ASP.NET cookieless session
        return True
    return any(key.lower() in SESSION_PARAMS and len(value) >= 8 for key, value in query)
