"""Site profiles: YAML data validated into typed, frozen dataclasses at load time.

A profile holds data only (URLs, patterns, selectors, thresholds); logic lives in
`newscrawl.extract` and `newscrawl.discovery`. Unknown keys, wrong types, invalid
regular expressions and invalid CSS/XPath selectors are rejected with a `ProfileError`
whose message names the file, the key and the problem.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from cssselect import GenericTranslator, SelectorError
from lxml import etree

from newscrawl.exceptions import ProfileError

PROFILES_DIR = Path(__file__).parent
SELECTOR_FIELDS = (
    "title",
    "body",
    "authors",
    "published",
    "modified",
    "section",
    "tags",
    "description",
    "image",
)


@dataclass(frozen=True, slots=True)
class Layout:
    """One version of a site's markup (sites relaunch; each layout keeps its own rules)."""

    name: str
    since: dt.date | None = None
    """First day this layout was live (informational; selection is by URL and markup)."""
    until: dt.date | None = None
    """Last day this layout was live (informational; selection is by URL and markup)."""
    url_patterns: tuple[re.Pattern[str], ...] = ()
    """The layout applies only to URLs matching one of these (all URLs when empty)."""
    selectors: dict[str, str] = field(default_factory=dict)
    """Field name -> CSS selector, or XPath when it starts with ``/`` or ``(``."""
    remove: tuple[str, ...] = ()
    """CSS/XPath selectors of elements removed from the body container before text extraction."""
    stop_patterns: tuple[re.Pattern[str], ...] = ()
    """Body text is cut at the first paragraph matching one of these (e.g. ``^Check Also``)."""
    drop_patterns: tuple[re.Pattern[str], ...] = ()
    """Body paragraphs matching one of these are dropped (e.g. editor initials)."""
    date_formats: tuple[str, ...] = ()
    """strptime formats tried on the text of the ``published`` selector before dateparser."""


@dataclass(frozen=True, slots=True)
class Monitors:
    """Thresholds of the run monitors (see `newscrawl.monitors`)."""

    min_articles: int | None = None
    max_error_rate: float | None = None
    min_coverage: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SiteProfile:
    """A validated site profile."""

    name: str
    start_urls: tuple[str, ...]
    allowed_domains: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    article_url_patterns: tuple[re.Pattern[str], ...] = ()
    """A URL matching one of these is an article (when set, the page itself is not consulted)."""
    listing_url_patterns: tuple[re.Pattern[str], ...] = ()
    """Pages to follow for links (sections, pagination) but never export."""
    deny_url_patterns: tuple[re.Pattern[str], ...] = ()
    """URLs never requested."""
    crawl_delay: float | None = None
    """Seconds between requests to the site (the larger of this and robots.txt wins)."""
    language: str | None = None
    """Default ISO 639-1 language when detection is unsure."""
    timezone: str | None = None
    """Zone for dates printed without an offset: an IANA name (``Asia/Damascus``, whose
    offset follows summer time and changes of rule) or a fixed UTC offset (``+03:00``)."""
    title_suffixes: tuple[str, ...] = ()
    """Site-name suffixes stripped from titles (besides the ones detected automatically)."""
    dateline_pattern: re.Pattern[str] | None = None
    """Regex with a ``place`` group matching the dateline at the start of the body."""
    layouts: tuple[Layout, ...] = ()
    monitors: Monitors = field(default_factory=Monitors)
    source: str = ""
    """Path of the YAML file the profile was loaded from."""
    digest: str = ""
    """SHA-256 of the YAML text (recorded in run manifests)."""

    def is_article_url(self, url: str) -> bool | None:
        """Say whether `url` is an article by the profile's patterns (None when it has none)."""
        if not self.article_url_patterns:
            return None
        if any(p.search(url) for p in self.listing_url_patterns):
            return False
        return any(p.search(url) for p in self.article_url_patterns)

    def is_denied(self, url: str) -> bool:
        """Say whether `url` matches a deny pattern."""
        return any(p.search(url) for p in self.deny_url_patterns)


# ---------------------------------------------------------------- loading


_TOP_KEYS: dict[str, type | tuple[type, ...]] = {
    "name": str,
    "description": str,
    "start_urls": list,
    "allowed_domains": list,
    "sitemaps": list,
    "feeds": list,
    "article_url_patterns": list,
    "listing_url_patterns": list,
    "deny_url_patterns": list,
    "crawl_delay": (int, float),
    "language": str,
    "timezone": str,
    "title_suffixes": list,
    "dateline_pattern": str,
    "layouts": list,
    "monitors": dict,
}
_LAYOUT_KEYS: dict[str, type | tuple[type, ...]] = {
    "name": str,
    "since": (dt.date, str),
    "until": (dt.date, str),
    "url_patterns": list,
    "selectors": dict,
    "remove": list,
    "stop_patterns": list,
    "drop_patterns": list,
    "date_formats": list,
}
_MONITOR_KEYS: dict[str, type | tuple[type, ...]] = {
    "min_articles": int,
    "max_error_rate": (int, float),
    "min_coverage": dict,
}
_REQUIRED = ("name", "start_urls")
_TZ_RE = re.compile(r"^[+-]\d{2}:\d{2}$")


def _known_zone(name: str) -> bool:
    """Say whether `name` is an IANA time zone (``Asia/Damascus``) this machine knows."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


class _Checker:
    """Validate one profile document, naming the file and key in every error."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, key: str, problem: str) -> ProfileError:
        return ProfileError(f"{self.source}: {key}: {problem}")

    def check_keys(self, data: dict[str, Any], allowed: dict[str, Any], where: str) -> None:
        for key, value in data.items():
            path = f"{where}{key}"
            if key not in allowed:
                known = ", ".join(sorted(allowed))
                raise self.fail(path, f"unknown key (known keys: {known})")
            want = allowed[key]
            if isinstance(value, bool) or not isinstance(value, want):
                names = (
                    want.__name__ if isinstance(want, type) else "/".join(t.__name__ for t in want)
                )
                raise self.fail(path, f"expected {names}, got {type(value).__name__} {value!r}")

    def strings(self, values: list[Any], key: str) -> tuple[str, ...]:
        for i, value in enumerate(values):
            if not isinstance(value, str) or not value:
                raise self.fail(f"{key}[{i}]", f"expected a non-empty string, got {value!r}")
        return tuple(values)

    def urls(self, values: list[Any], key: str) -> tuple[str, ...]:
        out = self.strings(values, key)
        for i, url in enumerate(out):
            if not re.match(r"^https?://[^/\s]+", url):
                raise self.fail(f"{key}[{i}]", f"not an http(s) URL: {url!r}")
        return out

    def regex(self, value: Any, key: str) -> re.Pattern[str]:
        if not isinstance(value, str):
            raise self.fail(key, f"expected a regular expression string, got {value!r}")
        try:
            return re.compile(value)
        except re.error as exc:
            raise self.fail(key, f"invalid regular expression {value!r}: {exc}") from None

    def regexes(self, values: list[Any], key: str) -> tuple[re.Pattern[str], ...]:
        return tuple(self.regex(v, f"{key}[{i}]") for i, v in enumerate(values))

    def selector(self, value: Any, key: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, f"expected a CSS or XPath selector string, got {value!r}")
        try:
            if value.lstrip().startswith(("/", "(")):
                etree.XPath(value)
            else:
                GenericTranslator().css_to_xpath(_strip_pseudo(value))
        except (SelectorError, etree.XPathSyntaxError, SyntaxError) as exc:
            raise self.fail(key, f"invalid selector {value!r}: {exc}") from None
        return value

    def date(self, value: Any, key: str) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise self.fail(key, f"expected a date YYYY-MM-DD, got {value!r}") from None


def _strip_pseudo(css: str) -> str:
    """Drop parsel's ``::text``/``::attr(x)`` pseudo-elements, which cssselect does not know."""
    return re.sub(r"::(text|attr\([^)]*\))", "", css)


def _layout(checker: _Checker, data: Any, index: int) -> Layout:
    where = f"layouts[{index}]"
    if not isinstance(data, dict):
        raise checker.fail(where, f"expected a mapping, got {data!r}")
    checker.check_keys(data, _LAYOUT_KEYS, f"{where}.")
    selectors = {}
    for key, value in data.get("selectors", {}).items():
        if key not in SELECTOR_FIELDS:
            raise checker.fail(
                f"{where}.selectors.{key}",
                f"unknown field (known fields: {', '.join(SELECTOR_FIELDS)})",
            )
        selectors[key] = checker.selector(value, f"{where}.selectors.{key}")
    return Layout(
        name=data.get("name", f"layout{index}"),
        since=checker.date(data["since"], f"{where}.since") if "since" in data else None,
        until=checker.date(data["until"], f"{where}.until") if "until" in data else None,
        url_patterns=checker.regexes(data.get("url_patterns", []), f"{where}.url_patterns"),
        selectors=selectors,
        remove=tuple(
            checker.selector(v, f"{where}.remove[{i}]")
            for i, v in enumerate(data.get("remove", []))
        ),
        stop_patterns=checker.regexes(data.get("stop_patterns", []), f"{where}.stop_patterns"),
        drop_patterns=checker.regexes(data.get("drop_patterns", []), f"{where}.drop_patterns"),
        date_formats=checker.strings(data.get("date_formats", []), f"{where}.date_formats"),
    )


def _monitors(checker: _Checker, data: dict[str, Any]) -> Monitors:
    checker.check_keys(data, _MONITOR_KEYS, "monitors.")
    coverage = data.get("min_coverage", {})
    for key, value in coverage.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
            raise checker.fail(f"monitors.min_coverage.{key}", f"expected 0..1, got {value!r}")
    rate = data.get("max_error_rate")
    if rate is not None and not 0 <= rate <= 1:
        raise checker.fail("monitors.max_error_rate", f"expected 0..1, got {rate!r}")
    return Monitors(
        min_articles=data.get("min_articles"),
        max_error_rate=float(rate) if rate is not None else None,
        min_coverage={k: float(v) for k, v in coverage.items()},
    )


def parse_profile(text: str, source: str = "<profile>") -> SiteProfile:
    """Validate the YAML `text` of a profile into a `SiteProfile`."""
    checker = _Checker(source)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "yaml"
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise checker.fail(where, f"YAML syntax error: {problem}") from None
    if not isinstance(data, dict):
        raise checker.fail("(top level)", "expected a mapping of profile keys")
    checker.check_keys(data, _TOP_KEYS, "")
    for key in _REQUIRED:
        if key not in data:
            raise checker.fail(key, "required key is missing")
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", data["name"]):
        raise checker.fail(
            "name", f"expected lower-case letters, digits, - or _, got {data['name']!r}"
        )
    start_urls = checker.urls(data["start_urls"], "start_urls")
    if not start_urls:
        raise checker.fail("start_urls", "needs at least one URL")
    timezone = data.get("timezone")
    if timezone is not None and not _TZ_RE.match(timezone) and not _known_zone(timezone):
        raise checker.fail(
            "timezone",
            f"expected a zone name like Asia/Damascus or a UTC offset like +03:00, "
            f"got {timezone!r}",
        )
    delay = data.get("crawl_delay")
    if delay is not None and delay < 0:
        raise checker.fail("crawl_delay", f"expected seconds >= 0, got {delay!r}")
    dateline = None
    if "dateline_pattern" in data:
        dateline = checker.regex(data["dateline_pattern"], "dateline_pattern")
        if "place" not in dateline.groupindex:
            raise checker.fail("dateline_pattern", "needs a named group (?P<place>...)")
    return SiteProfile(
        name=data["name"],
        start_urls=start_urls,
        allowed_domains=checker.strings(data.get("allowed_domains", []), "allowed_domains"),
        sitemaps=checker.urls(data.get("sitemaps", []), "sitemaps"),
        feeds=checker.urls(data.get("feeds", []), "feeds"),
        article_url_patterns=checker.regexes(
            data.get("article_url_patterns", []), "article_url_patterns"
        ),
        listing_url_patterns=checker.regexes(
            data.get("listing_url_patterns", []), "listing_url_patterns"
        ),
        deny_url_patterns=checker.regexes(data.get("deny_url_patterns", []), "deny_url_patterns"),
        crawl_delay=float(delay) if delay is not None else None,
        language=data.get("language"),
        timezone=timezone,
        title_suffixes=checker.strings(data.get("title_suffixes", []), "title_suffixes"),
        dateline_pattern=dateline,
        layouts=tuple(_layout(checker, d, i) for i, d in enumerate(data.get("layouts", []))),
        monitors=_monitors(checker, data.get("monitors", {})),
        source=source,
        digest=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )


def load_profile(name_or_path: str) -> SiteProfile:
    """Load a bundled profile by name (``sana``) or a profile file by path."""
    path = Path(name_or_path)
    if name_or_path.endswith((".yaml", ".yml")) or path.is_file():
        source = str(path)
    else:
        if not re.fullmatch(r"[A-Za-z0-9_-]+", name_or_path):
            raise ProfileError(f"{name_or_path}: site: not a profile name or an existing file")
        path = PROFILES_DIR / f"{name_or_path}.yaml"
        source = str(path)
        if not path.is_file():
            known = ", ".join(sorted(available_profiles())) or "none"
            raise ProfileError(f"{name_or_path}: site: no such profile (bundled: {known})")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ProfileError(f"{source}: site: file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError(f"{source}: site: cannot read the file: {exc}") from None
    return parse_profile(text, source)


def available_profiles() -> list[str]:
    """Return the names of the bundled profiles."""
    return sorted(p.stem for p in PROFILES_DIR.glob("*.yaml"))
