"""The add-on that turns distributed crawling on when NEWSCRAWL_REDIS_URL is set."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy.settings import SETTINGS_PRIORITIES

from newscrawl.distributed.host import worker_suffix
from newscrawl.run.names import new_run_id

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings


class RedisAddon:
    """Move the scheduler and dupefilter to scrapy-redis when NEWSCRAWL_REDIS_URL is set.

    Listed in ``ADDONS`` before the run context add-on; does nothing without the setting. Also
    gives the run a unique per-worker run id (``<UTC time>-<host>-<pid>``) when none was set,
    from which the run context add-on then names the default feed, so that workers never write
    the same file.

    Settings: NEWSCRAWL_REDIS_URL.
    """

    def update_settings(self, settings: BaseSettings) -> None:
        url = settings.get("NEWSCRAWL_REDIS_URL")
        if not url:
            return
        # Imported only now: without Redis, a crawl does not load the client (~0.07 s of CPU).
        from newscrawl.distributed.extension import RedisWorkerExtension
        from newscrawl.distributed.scheduler import RedisInflightMiddleware
        from newscrawl.distributed.storage import RedisFeedStorage

        _default(settings, "SCHEDULER", "newscrawl.distributed.scheduler.RedisScheduler")
        _default(settings, "DUPEFILTER_CLASS", "newscrawl.distributed.scheduler.RedisDupeFilter")
        _default(settings, "SCHEDULER_QUEUE_CLASS", "scrapy_redis.queue.PriorityQueue")
        _default(settings, "REDIS_URL", url)
        _default(settings, "NEWSCRAWL_STATE_ENABLED", True)
        # A worker crawls one site: take from the shared queue only what can be downloaded now,
        # instead of hoarding CONCURRENT_REQUESTS requests in a local downloader queue.
        _default(
            settings, "CONCURRENT_REQUESTS", settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN")
        )
        storages = settings.getdict("FEED_STORAGES")
        storages.update({"": RedisFeedStorage, "file": RedisFeedStorage})
        settings.set("FEED_STORAGES", storages, settings.getpriority("FEED_STORAGES") or 0)
        # After the run-state extension (510): the worker leaves only once its file is committed.
        settings.set_in_component_priority_dict("EXTENSIONS", RedisWorkerExtension, 520)
        settings.set_in_component_priority_dict(
            "DOWNLOADER_MIDDLEWARES", RedisInflightMiddleware, 1
        )
        if not settings.get("NEWSCRAWL_RUN_ID"):
            _default(settings, "NEWSCRAWL_RUN_ID", f"{new_run_id()}-{worker_suffix()}")


def _default(settings: BaseSettings, name: str, value: Any) -> None:
    """Set `name` unless the user set it (on the command line or in the spider)."""
    priority = settings.getpriority(name) or 0
    if priority <= SETTINGS_PRIORITIES["project"]:
        settings.set(name, value, max(priority, SETTINGS_PRIORITIES["addon"]))
