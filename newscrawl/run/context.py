"""The run context: what one crawl is about, as settings every component reads.

The ``news`` spider turns its arguments (``url`` or ``site``, ``since``, ``until``,
``max_articles``) and its site profile into settings in ``from_crawler``
(`newscrawl.spiders.arguments.publish_target`);
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
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings


def window_of(settings: BaseSettings) -> tuple[dt.datetime | None, dt.datetime | None]:
    """Return the run's ``since``/``until`` window from NEWSCRAWL_SINCE/NEWSCRAWL_UNTIL."""
    since, until = settings.get("NEWSCRAWL_SINCE"), settings.get("NEWSCRAWL_UNTIL")
    return (
        dt.datetime.fromisoformat(since) if since else None,
        dt.datetime.fromisoformat(until) if until else None,
    )
