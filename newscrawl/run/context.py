"""What the run bookkeeping reads about the crawl: run-context settings, never the spider.

The ``news`` spider publishes its arguments as settings (NEWSCRAWL_SITE, NEWSCRAWL_SINCE,
NEWSCRAWL_UNTIL, NEWSCRAWL_PROFILE_SOURCE, NEWSCRAWL_PROFILE_SHA256), and the run context
add-on derives NEWSCRAWL_RUN_ID. `run_setting` reads them; `_fallback` is the one place that
still looks elsewhere when a setting is not there: at the spider's attributes (a crawler built
with frozen settings, as some tests do), and at the default feed's name for the run id (the
add-on sets NEWSCRAWL_RUN_ID at add-on priority, below the project's empty default).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from newscrawl.run.names import FEED_SUFFIX, new_run_id, safe_name
from newscrawl.run.output import local_feed_path

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


def run_setting(crawler: Crawler, name: str) -> Any:
    """Return the run-context setting `name` (``''`` or None when not set)."""
    value = crawler.settings.get(name)
    if value in (None, ""):
        return _fallback(crawler, name)
    return value


def profile_monitors(crawler: Crawler) -> Any:
    """Return the ``monitors:`` thresholds of the site profile, or None (no setting has them)."""
    return _fallback(crawler, "monitors")


def _fallback(crawler: Crawler, name: str) -> Any:
    """Return what the spider or FEEDS say for `name`: to remove once settings say all."""
    if name == "NEWSCRAWL_RUN_ID":  # the default feed's name, else a new one (-o/-O)
        settings = crawler.settings
        site = safe_name(run_setting(crawler, "NEWSCRAWL_SITE") or "")
        site_dir = (Path(settings.get("NEWSCRAWL_OUTPUT_DIR")) / site).absolute()
        feeds = settings.getdict("FEEDS")
        path = local_feed_path(next(iter(feeds))) if len(feeds) == 1 else None
        default = path is not None and path.absolute().parent == site_dir
        if path is not None and default and path.name.endswith(FEED_SUFFIX):
            return path.name[: -len(FEED_SUFFIX)]
        return new_run_id()
    spider = crawler.spider
    target = getattr(spider, "target", None)
    profile = getattr(target, "profile", None)
    since, until = getattr(target, "since", None), getattr(target, "until", None)
    values = {
        "NEWSCRAWL_SITE": getattr(spider, "site_name", None),
        "NEWSCRAWL_SINCE": since.isoformat() if since else "",
        "NEWSCRAWL_UNTIL": until.isoformat() if until else "",
        "NEWSCRAWL_PROFILE_SOURCE": getattr(profile, "source", "") or "",
        "NEWSCRAWL_PROFILE_SHA256": getattr(profile, "digest", "") or "",
        "monitors": getattr(profile, "monitors", None),
    }
    return values.get(name)
