"""The run context add-on: the run id, the default output and the article limit.

The ``news`` spider publishes its arguments as settings in ``from_crawler``
(`newscrawl.run.context.publish_target`); Scrapy builds add-ons right after the spider, while
the settings can still change, and this add-on derives the run's own settings from them in
``update_settings``: NEWSCRAWL_RUN_ID (a new one unless given), FEEDS (the default per-run
output ``<NEWSCRAWL_OUTPUT_DIR>/<site>/<run-id>.jsonl`` unless -o/-O or FEEDS name one) and
CLOSESPIDER_ITEMCOUNT (from NEWSCRAWL_MAX_ARTICLES).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.settings import SETTINGS_PRIORITIES

from newscrawl.run.names import new_run_id
from newscrawl.run.output import default_feed

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings


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
