"""The worker's life in the crawl: heartbeat, reaping, the idle wait, leaving when done."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

import redis
from scrapy import signals
from scrapy.exceptions import DontCloseSpider, NotConfigured
from twisted.internet import task
from w3lib.url import file_uri_to_path

from newscrawl.distributed.worker import stop_lost, worker_for
from newscrawl.run.names import PART_SUFFIX
from newscrawl.utils.compat import wake_engine

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)


class RedisWorkerExtension:
    """Keep this worker's membership of the crawl: heartbeat, reaping, idle wait, leaving.

    Settings: NEWSCRAWL_REDIS_URL, NEWSCRAWL_REDIS_HEARTBEAT, NEWSCRAWL_REDIS_WORKER_TIMEOUT.
    Stats: newscrawl/redis/{requeued,processed,reaped/workers,reaped/requests,waited_idle}.
    """

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not settings.get("NEWSCRAWL_REDIS_URL"):
            raise NotConfigured("NEWSCRAWL_REDIS_URL is not set")
        self.crawler = crawler
        self.interval = settings.getfloat("NEWSCRAWL_REDIS_HEARTBEAT")
        self._loop: task.LoopingCall | None = None
        crawler.signals.connect(self.spider_opened, signals.spider_opened)
        crawler.signals.connect(self.spider_idle, signals.spider_idle)
        crawler.signals.connect(self.spider_closed, signals.spider_closed)
        crawler.signals.connect(self.feed_exporter_closed, signals.feed_exporter_closed)
        self._feed_paths: list[str] = []
        self._left = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def spider_opened(self) -> None:
        self._loop = task.LoopingCall(self._beat)
        # Also the poll of a worker with nothing to download: at most a second between a
        # request queued by another worker and this one taking it.
        self._loop.start(min(self.interval, 1.0), now=False)
        self._feed_paths = _local_feed_paths(self.crawler.settings)

    def _beat(self) -> None:
        """Stop if the others declared this worker dead; reap dead workers; publish busyness."""
        worker = worker_for(self.crawler)
        if worker.lost:
            stop_lost(self.crawler, worker)
            return
        try:
            engine = self.crawler.engine
            if engine is not None:
                if worker.queued():
                    wake_engine(engine)
                if not engine.spider_is_idle():
                    worker.heartbeat(busy=True)
            reaped, requeued = worker.reap_dead()
        except redis.RedisError as exc:
            logger.warning("redis heartbeat failed: %s", exc)
            return
        if reaped:
            self._inc("newscrawl/redis/reaped/workers", reaped)
            self._inc("newscrawl/redis/reaped/requests", requeued)

    def spider_idle(self) -> None:
        worker = worker_for(self.crawler)
        if worker.lost:
            return
        if not worker.finished():
            self._inc("newscrawl/redis/waited_idle")
            raise DontCloseSpider("other workers may still add requests")
        logger.info("crawl round of %s done: queue empty, no worker busy", worker.keys.site)

    def spider_closed(self, reason: str) -> None:
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        if not _has_feed_exporter(self.crawler):
            self._leave(committed=True)

    def feed_exporter_closed(self) -> None:
        committed = all(
            Path(path).exists() and not Path(path + PART_SUFFIX).exists()
            for path in self._feed_paths
        )
        self._leave(committed=committed)

    def _leave(self, *, committed: bool) -> None:
        if self._left:
            return
        self._left = True
        worker = worker_for(self.crawler)
        worker.stop_heartbeat()
        if worker.lost:
            return
        processed = len(worker.processed)
        requeued = worker.leave(committed=committed)
        self._inc("newscrawl/redis/processed", processed)
        self._inc("newscrawl/redis/requeued", requeued)
        if requeued:
            logger.info("put %d unfinished requests back in the queue", requeued)

    def _inc(self, key: str, count: int = 1) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(key, count)


def _has_feed_exporter(crawler: Crawler) -> bool:
    return bool(crawler.settings.getdict("FEEDS"))


def _local_feed_paths(settings: BaseSettings) -> list[str]:
    """Return the local file paths of the feeds (other storages are not checked)."""
    paths = []
    for uri in settings.getdict("FEEDS"):
        text = str(uri)
        if text.startswith("file:"):
            paths.append(file_uri_to_path(text))
        elif "://" not in text and "%(" not in text:
            paths.append(text)
    return paths
