"""Spider arguments: validate ``url``/``site``/``since``/``until``/``max_articles`` into a target.

Every problem raises `ArgumentError` or `ProfileError` with one readable line, before any
request is made. `publish_target` writes the target into the run context settings
(`newscrawl.run.context`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from newscrawl.console.errors import check_url_text
from newscrawl.discovery.urls import canonicalize_url, host_of
from newscrawl.exceptions import ArgumentError
from newscrawl.sites import SiteProfile, load_profile

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings


@dataclass(frozen=True, slots=True)
class CrawlTarget:
    """What one crawl is pointed at, validated."""

    profile: SiteProfile
    """The named profile, or an ad-hoc one (name = host) for ``-a url=``."""
    ad_hoc: bool
    """True when no profile was named (the page itself decides what is an article)."""
    since: dt.datetime | None
    until: dt.datetime | None
    max_articles: int | None

    def before_since(self, moment: dt.datetime | None) -> bool:
        """Say whether `moment` (a sitemap lastmod) is before ``since``."""
        return bool(self.since and moment and moment < self.since)

    def outside_window(self, published: dt.datetime | None) -> bool:
        """Say whether `published` is outside ``since``/``until`` (an unknown date is not)."""
        if published is None:
            return False
        since, until = self.since, self.until
        return bool((since and published < since) or (until and published > until))


def parse_url(url: str) -> str:
    """Return `url` canonicalised, or raise `ArgumentError` when it is not an http(s) URL.

    A URL with a space, or a host written without ``https://``, is told with a hint.
    """
    check_url_text(url)
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ArgumentError(f"url: not an http(s) URL with a host: {url!r}")
    try:
        _ = parts.port
    except ValueError:
        raise ArgumentError(f"url: invalid port in {url!r}") from None
    return canonicalize_url(url)


def parse_date(value: str, name: str, *, end_of_day: bool = False) -> dt.datetime:
    """Parse ``YYYY-MM-DD`` (or a full ISO 8601 time) into an aware UTC datetime."""
    try:
        if len(value.strip()) == 10:
            day = dt.date.fromisoformat(value.strip())
            clock = dt.time.max if end_of_day else dt.time.min
            return dt.datetime.combine(day, clock, tzinfo=dt.UTC)
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise ArgumentError(f"{name}: expected a date YYYY-MM-DD, got {value!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def parse_crawl_arguments(
    url: str | None = None,
    site: str | None = None,
    since: str | None = None,
    until: str | None = None,
    max_articles: str | int | None = None,
) -> CrawlTarget:
    """Validate the spider arguments into a `CrawlTarget`."""
    if not url and not site:
        raise ArgumentError(
            "give -a url=URL (any news site) or -a site=NAME|PATH.yaml (a profile)"
        )
    if site:
        profile = load_profile(site)
        if url:
            start = parse_url(url)
            profile = _replace_start(profile, start)
        ad_hoc = False
    else:
        assert url is not None
        start = parse_url(url)
        host = host_of(start)
        profile = SiteProfile(name=host, start_urls=(start,), allowed_domains=(host,))
        ad_hoc = True
    since_dt = parse_date(since, "since") if since else None
    until_dt = parse_date(until, "until", end_of_day=True) if until else None
    if since_dt and until_dt and since_dt > until_dt:
        raise ArgumentError(f"since: {since} is after until {until}")
    limit = None
    if max_articles not in (None, ""):
        try:
            limit = int(str(max_articles))
        except ValueError:
            limit = -1
        if limit < 1:
            raise ArgumentError(f"max_articles: expected a positive integer, got {max_articles!r}")
    return CrawlTarget(
        profile=profile, ad_hoc=ad_hoc, since=since_dt, until=until_dt, max_articles=limit
    )


def _replace_start(profile: SiteProfile, start: str) -> SiteProfile:
    """Point a profile at another start URL (a mirror or a local copy of the site).

    The profile's sitemaps and feeds keep their paths and move to the new host.
    """
    new = urlsplit(start)

    def rebase(url: str) -> str:
        return urlunsplit((new.scheme, new.netloc, *urlsplit(url)[2:]))

    host = host_of(start)
    domains = (
        profile.allowed_domains
        if host in profile.allowed_domains
        else (
            *profile.allowed_domains,
            host,
        )
    )
    return replace(
        profile,
        start_urls=(start,),
        allowed_domains=domains,
        sitemaps=tuple(rebase(u) for u in profile.sitemaps),
        feeds=tuple(rebase(u) for u in profile.feeds),
    )


def publish_target(settings: BaseSettings, target: CrawlTarget) -> None:
    """Write what the spider arguments and the site profile say into `settings`.

    At spider priority: a ``-s`` on the command line still wins.
    """
    profile = target.profile
    values: dict[str, Any] = {
        "NEWSCRAWL_SITE": profile.name,
        "NEWSCRAWL_SINCE": target.since.isoformat() if target.since else "",
        "NEWSCRAWL_UNTIL": target.until.isoformat() if target.until else "",
        "NEWSCRAWL_MAX_ARTICLES": target.max_articles or 0,
        "NEWSCRAWL_SITE_DOMAINS": list(profile.allowed_domains),
        "NEWSCRAWL_SITE_CRAWL_DELAY": float(profile.crawl_delay or 0.0),
        "NEWSCRAWL_PROFILE_SOURCE": profile.source or "",
        "NEWSCRAWL_PROFILE_SHA256": profile.digest or "",
    }
    limits = profile.monitors
    if limits.min_articles is not None:
        values["NEWSCRAWL_MONITOR_MIN_ARTICLES"] = limits.min_articles
    if limits.max_error_rate is not None:
        values["NEWSCRAWL_MONITOR_MAX_ERROR_RATE"] = limits.max_error_rate
    if limits.min_coverage:
        coverage = dict(settings.getdict("NEWSCRAWL_MONITOR_MIN_COVERAGE"))
        values["NEWSCRAWL_MONITOR_MIN_COVERAGE"] = {**coverage, **limits.min_coverage}
    for name, value in values.items():
        settings.set(name, value, priority="spider")
