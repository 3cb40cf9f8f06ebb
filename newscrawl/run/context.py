"""The run context: what one crawl is about, as settings every component reads.

The ``news`` spider turns its arguments (``url`` or ``site``, ``since``, ``until``,
``max_articles``) and its site profile into settings in ``from_crawler`` (`publish_target`);
the add-on `newscrawl.addons.run_context.RunContextAddon` derives the run id, the default
output and the article limit from them. Components read these settings and never the spider.

Settings: NEWSCRAWL_SITE, NEWSCRAWL_SINCE, NEWSCRAWL_UNTIL (ISO 8601, '' for none),
NEWSCRAWL_MAX_ARTICLES (0: no limit), NEWSCRAWL_SITE_DOMAINS, NEWSCRAWL_SITE_CRAWL_DELAY,
NEWSCRAWL_PROFILE_SOURCE, NEWSCRAWL_PROFILE_SHA256, and the profile's ``monitors:``
thresholds as NEWSCRAWL_MONITOR_MIN_ARTICLES, NEWSCRAWL_MONITOR_MAX_ERROR_RATE and
NEWSCRAWL_MONITOR_MIN_COVERAGE.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

    from newscrawl.spiders.arguments import CrawlTarget


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


def window_of(settings: BaseSettings) -> tuple[dt.datetime | None, dt.datetime | None]:
    """Return the run's ``since``/``until`` window from NEWSCRAWL_SINCE/NEWSCRAWL_UNTIL."""
    since, until = settings.get("NEWSCRAWL_SINCE"), settings.get("NEWSCRAWL_UNTIL")
    return (
        dt.datetime.fromisoformat(since) if since else None,
        dt.datetime.fromisoformat(until) if until else None,
    )
