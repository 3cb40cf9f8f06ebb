"""The run context: what one crawl is about, as settings every component can read.

The ``news`` spider turns its arguments (``url`` or ``site``, ``since``, ``until``,
``max_articles``) into the settings below in ``from_crawler`` (`publish_target`), and this
add-on derives the run's own settings from them in ``update_settings``: Scrapy builds add-ons
right after the spider, while the settings can still change. Components read these settings
and never the spider: the site's name, the date window, the limit, the profile's crawl delay,
the run id and the output.

Settings written by the spider: NEWSCRAWL_SITE, NEWSCRAWL_SINCE, NEWSCRAWL_UNTIL (ISO 8601,
'' for none), NEWSCRAWL_MAX_ARTICLES (0: no limit), NEWSCRAWL_SITE_DOMAINS,
NEWSCRAWL_SITE_CRAWL_DELAY, NEWSCRAWL_PROFILE_SOURCE, NEWSCRAWL_PROFILE_SHA256.
Settings derived here: NEWSCRAWL_RUN_ID (a new one unless given), FEEDS (the default per-run
output ``<NEWSCRAWL_OUTPUT_DIR>/<site>/<run-id>.jsonl`` unless -o/-O or FEEDS name one) and
CLOSESPIDER_ITEMCOUNT (from NEWSCRAWL_MAX_ARTICLES).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from scrapy.settings import SETTINGS_PRIORITIES

from newscrawl.run.names import new_run_id
from newscrawl.run.output import default_feed

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

    from newscrawl.spiders.arguments import CrawlTarget


def publish_target(settings: BaseSettings, target: CrawlTarget) -> None:
    """Write what the spider arguments say into `settings` (at spider priority)."""
    profile = target.profile
    values = {
        "NEWSCRAWL_SITE": profile.name,
        "NEWSCRAWL_SINCE": target.since.isoformat() if target.since else "",
        "NEWSCRAWL_UNTIL": target.until.isoformat() if target.until else "",
        "NEWSCRAWL_MAX_ARTICLES": target.max_articles or 0,
        "NEWSCRAWL_SITE_DOMAINS": list(profile.allowed_domains),
        "NEWSCRAWL_SITE_CRAWL_DELAY": float(profile.crawl_delay or 0.0),
        "NEWSCRAWL_PROFILE_SOURCE": profile.source or "",
        "NEWSCRAWL_PROFILE_SHA256": profile.digest or "",
    }
    for name, value in values.items():
        settings.set(name, value, priority="spider")


def window_of(settings: BaseSettings) -> tuple[dt.datetime | None, dt.datetime | None]:
    """Return the run's ``since``/``until`` window from NEWSCRAWL_SINCE/NEWSCRAWL_UNTIL."""
    since, until = settings.get("NEWSCRAWL_SINCE"), settings.get("NEWSCRAWL_UNTIL")
    return (
        dt.datetime.fromisoformat(since) if since else None,
        dt.datetime.fromisoformat(until) if until else None,
    )


class RunContextAddon:
    """Derive the run id, the default output and the article limit from the run context."""

    def update_settings(self, settings: BaseSettings) -> None:
        """Set NEWSCRAWL_RUN_ID, FEEDS and CLOSESPIDER_ITEMCOUNT (see the module docstring).

        Outside a ``news`` crawl (no NEWSCRAWL_SITE) it changes nothing.
        """
        site = settings.get("NEWSCRAWL_SITE")
        if not site:
            return
        if not settings.get("NEWSCRAWL_RUN_ID"):
            # above the project's empty default, below any run id given (-s, newscrawl crawl)
            given = settings.getpriority("NEWSCRAWL_RUN_ID") or 0
            priority = max(given, SETTINGS_PRIORITIES["addon"])
            settings.set("NEWSCRAWL_RUN_ID", new_run_id(), priority=priority)
        if not settings.getdict("FEEDS"):
            settings.set("FEEDS", default_feed(settings, site), priority="addon")
        limit = settings.getint("NEWSCRAWL_MAX_ARTICLES")
        if limit:
            settings.set("CLOSESPIDER_ITEMCOUNT", limit, priority="addon")
