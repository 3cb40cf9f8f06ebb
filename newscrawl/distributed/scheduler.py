"""The shared queue: scrapy-redis's scheduler and dupefilter, adapted to Scrapy >= 2.14.

A request popped from Redis carries its in-flight token in ``request.meta[TOKEN_META]``; it is
processed once the downloader layer is done with it (`RedisInflightMiddleware`) or once its
redirect or retry is queued (`RedisScheduler.enqueue_request`).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy.exceptions import NotConfigured
from scrapy.utils.misc import load_object
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.scheduler import Scheduler

from newscrawl.distributed.worker import RedisWorker, stop_lost, worker_for

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

TOKEN_META = "nc_redis_token"
"""Request meta key holding the in-flight token of a request popped from Redis."""


class RedisDupeFilter(RFPDupeFilter):  # type: ignore[misc]
    """scrapy-redis's shared request dupefilter, keyed per site (see `RedisScheduler`)."""


class RedisScheduler(Scheduler):  # type: ignore[misc]
    """scrapy-redis's scheduler with per-site keys and in-flight tracking, for Scrapy >= 2.14.

    Differences from scrapy-redis 0.9.1: keys are ``newscrawl:{<site>}:requests`` and
    ``…:dupefilter`` (one crawl per site, whatever the spider), the queue is always kept on close
    (other workers may still be crawling), popping moves the request atomically into this
    worker's in-flight hash (`RedisWorker.pop`), and stats are written without the deprecated
    ``spider=`` argument.
    """

    crawler: Crawler
    worker: RedisWorker

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        instance: Self = cls.from_settings(crawler.settings)
        instance.stats = crawler.stats
        instance.crawler = crawler
        return instance

    def open(self, spider: Spider) -> None:
        self.worker = worker_for(self.crawler)
        keys = self.worker.keys
        self.spider = spider
        # scrapy-redis's open() would log through the deprecated Spider.log(): build it here.
        self.queue = load_object(self.queue_cls)(
            server=self.server,
            spider=spider,
            key=keys.requests.replace("%", "%%"),
            serializer=self.serializer,
        )
        self.df = RedisDupeFilter(
            self.server,
            key=keys.dupefilter,
            debug=self.crawler.settings.getbool("DUPEFILTER_DEBUG"),
        )
        queued = len(self.queue)
        if queued:
            logger.info("joining the crawl of %s: %d requests queued", keys.site, queued)
        self.worker.register()
        self.worker.start_heartbeat(self.crawler.settings.getfloat("NEWSCRAWL_REDIS_HEARTBEAT"))
        reaped, requeued = self.worker.reap_dead()
        if reaped:
            self._inc("newscrawl/redis/reaped/workers", reaped)
            self._inc("newscrawl/redis/reaped/requests", requeued)

    def close(self, reason: str) -> None:
        """Keep the shared queue; the worker leaves the crawl once its feed is committed."""

    def enqueue_request(self, request: Request) -> bool:
        # A redirect or retry of a popped request carries its token: once the successor is in
        # Redis (or filtered as seen), the popped request is done.
        token = request.meta.pop(TOKEN_META, None)
        if token is not None:
            self.worker.mark_processed(token)
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        self._inc("scheduler/enqueued/redis")
        self.queue.push(request)
        return True

    def next_request(self) -> Request | None:
        if self.worker.lost:
            return None
        popped = self.worker.pop()
        if popped is None:
            if self.worker.lost:
                stop_lost(self.crawler, self.worker)
            return None
        token, data = popped
        request: Request = self.queue._decode_request(data)
        request.meta[TOKEN_META] = token
        self._inc("scheduler/dequeued/redis")
        self._inc("newscrawl/redis/popped")
        return request

    def _inc(self, key: str, count: int = 1) -> None:
        if self.stats is not None:
            self.stats.inc_value(key, count)


class RedisInflightMiddleware:
    """Mark a popped request as processed once the downloader layer is done with it.

    Outermost downloader middleware (added by `RedisAddon`): a response or an error ends the
    request's download, and the scraper finishes its callback before the worker closes. A
    redirect or retry (a new request) is marked by `RedisScheduler.enqueue_request` instead.
    """

    def __init__(self, crawler: Crawler) -> None:
        if not crawler.settings.get("NEWSCRAWL_REDIS_URL"):
            raise NotConfigured("NEWSCRAWL_REDIS_URL is not set")
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        self._done(request)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        self._done(request)

    def _done(self, request: Request) -> None:
        token = request.meta.get(TOKEN_META)
        if token is not None:
            worker_for(self.crawler).mark_processed(token)
