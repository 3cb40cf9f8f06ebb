"""Distributed crawling on Redis: many workers, one crawl, nothing lost, nothing twice.

``-s NEWSCRAWL_REDIS_URL=redis://host:port/db`` (``newscrawl crawl --redis URL``) turns this on.
`RedisAddon` (listed in ``ADDONS``) then moves the scheduler and the dupefilter to scrapy-redis,
and `newscrawl.state.open_state` picks the Redis run state. Every worker started with the same
URL and site joins the same crawl; each writes its own feed file (the run id carries the host
and pid), so the union of the complete ``.jsonl`` files is the corpus.

How a killed worker loses nothing
---------------------------------
scrapy-redis pops requests destructively, so `RedisScheduler` pops through a Lua script that
moves the request, in the same atomic step, into the worker's *in-flight* hash
(``…:inflight:<worker>``). A request stays there until the worker has committed the file that
holds its article: when the worker ends (after the run-state extension committed its file) it
deletes the requests it processed and puts back any it had not. A worker beats a heartbeat from
a thread every ``NEWSCRAWL_REDIS_HEARTBEAT`` seconds; one silent for
``NEWSCRAWL_REDIS_WORKER_TIMEOUT`` seconds is dead, and the first live worker to notice *reaps*
it in one Lua script: its in-flight requests go back to the queue with their priority, its
claims are released, and its run id is *fenced* (every later claim is refused). The articles of the
dead worker's ``.part`` file are fetched and exported again by the others; if a run on the same
machine recovers that part first (`newscrawl.state.files`), the state marks them exported and
the others drop their refetch instead. Either way each article ends up in one complete file.

How nothing is exported twice
-----------------------------
The shared dupefilter fetches each URL once per crawl round. Before an article is exported, the
dedup pipeline claims ``id:<id>``, ``body:<hash>`` and its MinHash LSH bands for the worker's
run id (`RunState.claim`, one atomic script): a second worker holding the same article under
another URL, or a near-duplicate of it, is refused. Committing a file makes its articles
exported; claims are kept until their owner's file is committed or the owner is reaped. A worker
that was reaped while still alive (too slow, not dead) finds its registration gone, stops, and
renames its output to ``<run-id>.jsonl.lost`` instead of completing it (`RedisFeedStorage`).

The crawl round ends when the queue is empty and no live worker is busy: idle workers wait
(``DontCloseSpider``) while another may still add requests; the last worker to leave an empty
queue deletes the dupefilter, so the next scheduled run starts a fresh round (the run state keeps
it from fetching or exporting known articles again).

Settings: NEWSCRAWL_REDIS_URL, NEWSCRAWL_REDIS_HEARTBEAT, NEWSCRAWL_REDIS_WORKER_TIMEOUT,
NEWSCRAWL_REDIS_KEY_PREFIX.
Stats: newscrawl/redis/{popped,requeued,processed,reaped/workers,reaped/requests,lost_worker,
waited_idle}.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import weakref
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import orjson
import redis
from scrapy import signals
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.settings import SETTINGS_PRIORITIES
from scrapy.utils.defer import deferred_from_coro
from scrapy.utils.misc import load_object
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.scheduler import Scheduler
from twisted.internet import task
from w3lib.url import file_uri_to_path

from newscrawl.feeds import PART_SUFFIX, AtomicFileFeedStorage, default_feed, new_run_id
from newscrawl.state.redis import KEY_PREFIX, connect, site_prefix

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)

TOKEN_META = "nc_redis_token"
"""Request meta key holding the in-flight token of a request popped from Redis."""

LOST_SUFFIX = ".lost"
"""Suffix of the output of a worker that was reaped while still running (never committed)."""

RECOVERED_SCORE = -1000
"""Queue score of a dead worker's request whose own score is missing (taken early)."""

_POP = """
if redis.call('HEXISTS', KEYS[6], ARGV[1]) == 0 then return {-1} end
local r = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #r == 0 then return {} end
redis.call('ZREM', KEYS[1], r[1])
local token = redis.call('INCR', KEYS[5])
redis.call('HSET', KEYS[2], token, r[1])
redis.call('HSET', KEYS[3], token, r[2])
redis.call('HSET', KEYS[4], ARGV[1], '1')
return {token, r[1]}
"""

_REGISTER = """
local t = redis.call('TIME')
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[1], t[1] + t[2] / 1000000, ARGV[1])
redis.call('HSET', KEYS[3], ARGV[1], '1')
return 1
"""

_HEARTBEAT = """
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 0 then return 0 end
local t = redis.call('TIME')
redis.call('ZADD', KEYS[1], t[1] + t[2] / 1000000, ARGV[1])
if ARGV[2] ~= '' then redis.call('HSET', KEYS[3], ARGV[1], ARGV[2]) end
return 1
"""

_STALE = """
local t = redis.call('TIME')
local now = t[1] + t[2] / 1000000
local out = {}
local ws = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[1]))
for _, w in ipairs(ws) do
  out[#out + 1] = w
  out[#out + 1] = redis.call('HGET', KEYS[2], w) or '{}'
end
return out
"""

_REAP = """
local t = redis.call('TIME')
local now = t[1] + t[2] / 1000000
local hb = redis.call('ZSCORE', KEYS[1], ARGV[1])
if hb and now - tonumber(hb) < tonumber(ARGV[2]) then return -1 end
local tokens = redis.call('HGETALL', KEYS[5])
local n = 0
for i = 1, #tokens, 2 do
  local score = redis.call('HGET', KEYS[6], tokens[i]) or ARGV[4]
  redis.call('ZADD', KEYS[4], score, tokens[i + 1])
  n = n + 1
end
redis.call('DEL', KEYS[5], KEYS[6])
if ARGV[3] ~= '' then
  local keys = redis.call('SMEMBERS', KEYS[8])
  for _, key in ipairs(keys) do
    if redis.call('HGET', KEYS[7], key) == ARGV[3] then redis.call('HDEL', KEYS[7], key) end
  end
  redis.call('DEL', KEYS[8])
  redis.call('SADD', KEYS[9], ARGV[3])
end
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
return n
"""

_FINISHED = """
if redis.call('ZCARD', KEYS[1]) > 0 then return 0 end
redis.call('HSET', KEYS[3], ARGV[1], '0')
local t = redis.call('TIME')
local now = t[1] + t[2] / 1000000
local ws = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
for i = 1, #ws, 2 do
  if ws[i] ~= ARGV[1] then
    if now - tonumber(ws[i + 1]) >= tonumber(ARGV[2]) then return 0 end
    if redis.call('HGET', KEYS[3], ws[i]) == '1' then return 0 end
  end
end
return 1
"""

_LEAVE = """
local n = 0
for i = 2, #ARGV do
  local blob = redis.call('HGET', KEYS[4], ARGV[i])
  if blob then
    redis.call('ZADD', KEYS[6], redis.call('HGET', KEYS[5], ARGV[i]) or '0', blob)
    n = n + 1
  end
end
redis.call('DEL', KEYS[4], KEYS[5])
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
if redis.call('HLEN', KEYS[2]) == 0 and redis.call('ZCARD', KEYS[6]) == 0 then
  redis.call('DEL', KEYS[7])
end
return n
"""


def _pid_alive(pid: int) -> bool:
    """Say whether a process with this pid exists on this machine."""
    if pid <= 0:
        return True  # unknown: let the heartbeat timeout decide
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def worker_suffix() -> str:
    """Return ``<host>-<pid>``, the part of a run id that makes it unique per worker process."""
    host = "".join(c if c.isalnum() or c in "-." else "_" for c in socket.gethostname())
    return f"{host or 'host'}-{os.getpid()}"


class CrawlKeys:
    """The Redis keys of one site's distributed crawl (all under the site's hash tag)."""

    def __init__(self, site: str, prefix: str = KEY_PREFIX) -> None:
        p = site_prefix(site, prefix)
        self.site = site
        self.prefix = p
        self.requests = f"{p}:requests"
        self.dupefilter = f"{p}:dupefilter"
        self.workers = f"{p}:workers"
        self.heartbeats = f"{p}:heartbeats"
        self.busy = f"{p}:busy"
        self.seq = f"{p}:seq"
        self.claims = f"{p}:claims"
        self.fenced = f"{p}:fenced"
        self.exported = f"{p}:exported"
        self.files = f"{p}:files"

    def inflight(self, worker: str) -> str:
        """Return the hash of `worker`'s in-flight requests (token → encoded request)."""
        return f"{self.prefix}:inflight:{worker}"

    def inflight_scores(self, worker: str) -> str:
        """Return the hash of the queue scores of `worker`'s in-flight requests."""
        return f"{self.prefix}:inflight-score:{worker}"

    def owner_claims(self, owner: str) -> str:
        """Return the set of claim keys held by `owner` (same layout as `RedisRunState`)."""
        return f"{self.claims}:{owner}"


class RedisWorker:
    """One worker process's membership of a distributed crawl.

    Holds the worker id, its run id (the owner of its claims), the tokens of the requests it
    popped, and which of them it finished processing.
    """

    def __init__(
        self,
        client: redis.Redis,
        site: str,
        worker_id: str,
        owner: str,
        *,
        prefix: str = KEY_PREFIX,
        timeout: float = 60.0,
    ) -> None:
        self.redis = client
        self.keys = CrawlKeys(site, prefix)
        self.id = worker_id
        self.owner = owner
        self.timeout = timeout
        self.suspect_after = timeout
        self.lost = False
        self.issued: dict[str, None] = {}
        self.processed: set[str] = set()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._pop = client.register_script(_POP)
        self._register = client.register_script(_REGISTER)
        self._heartbeat = client.register_script(_HEARTBEAT)
        self._stale = client.register_script(_STALE)
        self._reap = client.register_script(_REAP)
        self._finished = client.register_script(_FINISHED)
        self._leave = client.register_script(_LEAVE)

    # ------------------------------------------------------------------ membership

    def start_heartbeat(self, interval: float) -> None:
        """Beat from a thread every `interval` seconds (a busy reactor does not delay it)."""
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._beat_forever, args=(interval,), name="newscrawl-heartbeat", daemon=True
        )
        self._thread.start()

    def stop_heartbeat(self) -> None:
        """Stop the heartbeat thread."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None

    def _beat_forever(self, interval: float) -> None:
        while not self._stop.wait(interval):
            try:
                if not self.heartbeat():
                    return
            except redis.RedisError as exc:
                logger.warning("redis heartbeat failed: %s", exc)

    def register(self) -> None:
        """Join the crawl as busy."""
        info = {
            "owner": self.owner,
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "started": time.time(),
        }
        k = self.keys
        self._register(keys=[k.heartbeats, k.workers, k.busy], args=[self.id, orjson.dumps(info)])

    def heartbeat(self, busy: bool | None = None) -> bool:
        """Refresh the heartbeat (and the busy flag); return False if this worker was reaped."""
        k = self.keys
        flag = "" if busy is None else ("1" if busy else "0")
        alive = bool(self._heartbeat(keys=[k.heartbeats, k.workers, k.busy], args=[self.id, flag]))
        if not alive:
            self.lost = True
        return alive

    def reap_dead(self) -> tuple[int, int]:
        """Requeue the requests of workers silent for longer than the timeout.

        Return (workers reaped, requests put back).
        """
        k = self.keys
        workers = requests = 0
        for dead, owner in self._dead_on_this_host():
            n = self.reap(dead, owner, timeout=0)
            if n >= 0:
                workers += 1
                requests += n
                logger.warning("reaped exited worker %s: %d requests put back", dead, n)
        flat = self._stale(keys=[k.heartbeats, k.workers], args=[self.timeout])
        for i in range(0, len(flat), 2):
            dead = _text(flat[i])
            if dead == self.id:
                continue
            owner = str(orjson.loads(flat[i + 1]).get("owner") or "")
            n = self.reap(dead, owner)
            if n >= 0:
                workers += 1
                requests += n
                logger.warning("reaped dead worker %s: %d requests put back in the queue", dead, n)
        return workers, requests

    def _dead_on_this_host(self) -> list[tuple[str, str]]:
        """Return (id, owner) of workers of this host whose process has exited.

        A crashed worker on the same machine need not wait for its heartbeat to time out:
        its pid says it is gone (a reused pid only delays reaping until the timeout).
        """
        host = socket.gethostname()
        dead = []
        for raw_id, raw_info in self.redis.hgetall(self.keys.workers).items():
            worker_id = _text(raw_id)
            try:
                info = orjson.loads(raw_info)
            except orjson.JSONDecodeError:
                continue
            if worker_id == self.id or info.get("host") != host:
                continue
            if not _pid_alive(int(info.get("pid") or 0)):
                dead.append((worker_id, str(info.get("owner") or "")))
        return dead

    def reap(self, dead: str, owner: str, timeout: float | None = None) -> int:
        """Reap `dead` if silent for `timeout` seconds; return requests put back, or -1."""
        k = self.keys
        keys = [
            k.heartbeats,
            k.workers,
            k.busy,
            k.requests,
            k.inflight(dead),
            k.inflight_scores(dead),
            k.claims,
            k.owner_claims(owner),
            k.fenced,
        ]
        limit = self.timeout if timeout is None else timeout
        return int(self._reap(keys=keys, args=[dead, limit, owner, RECOVERED_SCORE]))

    def finished(self) -> bool:
        """Mark this worker idle; return True when the whole crawl round is done."""
        k = self.keys
        keys = [k.requests, k.heartbeats, k.busy]
        return bool(self._finished(keys=keys, args=[self.id, self.suspect_after]))

    def leave(self, committed: bool) -> int:
        """Leave the crawl: put back the requests not (durably) done; return how many.

        With `committed` False (the feed file was not completed), every request this worker
        popped goes back; otherwise only those it had not processed.
        """
        requeue = [t for t in self.issued if not committed or t not in self.processed]
        k = self.keys
        keys = [
            k.heartbeats,
            k.workers,
            k.busy,
            k.inflight(self.id),
            k.inflight_scores(self.id),
            k.requests,
            k.dupefilter,
        ]
        return int(self._leave(keys=keys, args=[self.id, *requeue]))

    # ------------------------------------------------------------------ requests

    def pop(self) -> tuple[str, bytes] | None:
        """Move the best request of the queue into this worker's in-flight hash.

        Return (token, encoded request), or None when the queue is empty or this worker was
        reaped (then `lost` is set).
        """
        k = self.keys
        keys = [
            k.requests,
            k.inflight(self.id),
            k.inflight_scores(self.id),
            k.busy,
            k.seq,
            k.workers,
        ]
        result = self._pop(keys=keys, args=[self.id])
        if not result:
            return None
        if result[0] == -1:
            self.lost = True
            return None
        token = _text(result[0]) if isinstance(result[0], bytes) else str(result[0])
        self.issued[token] = None
        return token, bytes(result[1])

    def queued(self) -> int:
        """Return the number of requests waiting in the shared queue."""
        return int(self.redis.zcard(self.keys.requests))

    def mark_processed(self, token: str) -> None:
        """Record that the request with `token` went through the downloader (and the scraper)."""
        if token in self.issued:
            self.processed.add(token)


def _text(value: bytes | str) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value


# ---------------------------------------------------------------------- one worker per crawler

_WORKERS: weakref.WeakKeyDictionary[Crawler, RedisWorker] = weakref.WeakKeyDictionary()


def worker_for(crawler: Crawler) -> RedisWorker:
    """Return the `RedisWorker` of `crawler`, creating (not registering) it on first use."""
    worker = _WORKERS.get(crawler)
    if worker is None:
        settings = crawler.settings
        url = settings.get("NEWSCRAWL_REDIS_URL")
        if not url:
            raise NotConfigured("NEWSCRAWL_REDIS_URL is not set")
        spider = crawler.spider
        site = str(getattr(spider, "site_name", "") or getattr(spider, "name", "") or "crawl")
        run_id = settings.get("NEWSCRAWL_RUN_ID") or f"{new_run_id()}-{worker_suffix()}"
        worker_id = run_id if worker_suffix() in run_id else f"{run_id}-{worker_suffix()}"
        timeout = settings.getfloat("NEWSCRAWL_REDIS_WORKER_TIMEOUT")
        heartbeat = settings.getfloat("NEWSCRAWL_REDIS_HEARTBEAT")
        if heartbeat <= 0 or timeout <= 2 * heartbeat:
            raise ValueError(
                "NEWSCRAWL_REDIS_WORKER_TIMEOUT must exceed twice NEWSCRAWL_REDIS_HEARTBEAT "
                f"(> 0), got {timeout} and {heartbeat}"
            )
        worker = RedisWorker(
            connect(url),
            site,
            worker_id,
            run_id,
            prefix=settings.get("NEWSCRAWL_REDIS_KEY_PREFIX"),
            timeout=timeout,
        )
        worker.suspect_after = min(timeout, 3 * heartbeat)
        _WORKERS[crawler] = worker
    return worker


# ---------------------------------------------------------------------- Scrapy components


class RedisAddon:
    """Move the scheduler and dupefilter to scrapy-redis when NEWSCRAWL_REDIS_URL is set.

    Listed in ``ADDONS``; does nothing without the setting. Also gives the run a unique
    per-worker run id (``<UTC time>-<host>-<pid>``) when none was set, and rebuilds the default
    feed with it, so that workers never write the same file.

    Settings: NEWSCRAWL_REDIS_URL.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def update_settings(self, settings: BaseSettings) -> None:
        url = settings.get("NEWSCRAWL_REDIS_URL")
        if not url:
            return
        _default(settings, "SCHEDULER", "newscrawl.distributed.RedisScheduler")
        _default(settings, "DUPEFILTER_CLASS", "newscrawl.distributed.RedisDupeFilter")
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
            site = getattr(self.crawler.spider, "site_name", None)
            if site and settings.getpriority("FEEDS") == SETTINGS_PRIORITIES["spider"]:
                # The spider's default per-run feed, built before add-ons run: rebuild it
                # with this worker's run id.
                settings.set("FEEDS", default_feed(settings, site), "spider")


def _default(settings: BaseSettings, name: str, value: Any) -> None:
    """Set `name` unless the user set it (on the command line or in the spider)."""
    priority = settings.getpriority(name) or 0
    if priority <= SETTINGS_PRIORITIES["project"]:
        settings.set(name, value, max(priority, SETTINGS_PRIORITIES["addon"]))


class RedisFeedStorage(AtomicFileFeedStorage):
    """Complete a feed file only while this worker is still a member of the crawl.

    A worker that the others declared dead (and whose requests they took over) renames its
    part to ``<name>.jsonl.lost`` instead, so its articles are not in the corpus twice. The
    check refreshes the heartbeat, which leaves the worker a full timeout to rename and commit.
    """

    crawler: Crawler | None = None

    @classmethod
    def from_crawler(
        cls, crawler: Crawler, uri: str, *, feed_options: dict[str, Any] | None = None
    ) -> Self:
        storage = cls(uri, feed_options=feed_options)
        storage.crawler = crawler
        return storage

    def store(self, file: IO[bytes]) -> None:
        worker = _WORKERS.get(self.crawler) if self.crawler is not None else None
        if worker is not None and (worker.lost or not _still_member(worker)):
            file.flush()
            os.fsync(file.fileno())
            lost = self.part_path.with_name(Path(self.path).name + LOST_SUFFIX)
            self.part_path.replace(lost)
            file.close()
            logger.error("this worker was reaped by the others; its output is left in %s", lost)
            return
        super().store(file)


def _still_member(worker: RedisWorker) -> bool:
    try:
        return worker.heartbeat()
    except redis.RedisError as exc:
        logger.warning("redis check before completing the feed failed: %s", exc)
        return True


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
                _lost(self.crawler, self.worker)
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


def _lost(crawler: Crawler, worker: RedisWorker) -> None:
    """Stop a worker that was reaped by the others (it was silent for too long)."""
    assert crawler.stats is not None
    if crawler.stats.get_value("newscrawl/redis/lost_worker"):
        return
    crawler.stats.set_value("newscrawl/redis/lost_worker", 1)
    logger.error(
        "worker %s was declared dead by the other workers (no heartbeat for %ss); "
        "stopping without completing its output",
        worker.id,
        worker.timeout,
    )
    assert crawler.engine is not None
    deferred_from_coro(crawler.engine.close_spider_async(reason="redis_worker_lost"))


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
            _lost(self.crawler, worker)
            return
        try:
            engine = self.crawler.engine
            if engine is not None:
                if worker.queued():
                    _wake(engine)
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


def _wake(engine: Any) -> None:
    """Make the engine ask the scheduler for requests now (it takes them only if it has room).

    An engine with nothing to download polls its scheduler only every 5 seconds (Scrapy's slot
    heartbeat); requests queued meanwhile by other workers would all go to the busy ones.
    """
    nextcall = getattr(getattr(engine, "_slot", None), "nextcall", None)
    if nextcall is not None:
        nextcall.schedule()


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


# ---------------------------------------------------------------------- monitoring and reset


def crawl_sites(client: redis.Redis, prefix: str = KEY_PREFIX) -> list[str]:
    """Return the sites that have crawl or state keys under `prefix`."""
    sites: set[str] = set()
    for key in client.scan_iter(match=f"{prefix}:{{*}}:*", count=1000):
        text = _text(key)
        start = text.find("{")
        end = text.find("}", start)
        if start != -1 and end != -1:
            sites.add(text[start + 1 : end])
    return sorted(sites)


def crawl_status(client: redis.Redis, site: str, prefix: str = KEY_PREFIX) -> dict[str, Any]:
    """Return the progress of `site`'s distributed crawl: queue, workers, exports.

    ``queued``: requests waiting; ``seen``: URLs in this round's dupefilter; ``exported``:
    articles in committed files (all rounds); ``files``: committed files; ``claims``: articles
    being exported now; ``workers``: id → host, pid, heartbeat age (s), busy, in-flight.
    """
    k = CrawlKeys(site, prefix)
    seconds, micros = client.time()
    now = seconds + micros / 1e6
    pipe = client.pipeline(transaction=False)
    pipe.zcard(k.requests)
    pipe.scard(k.dupefilter)
    pipe.hlen(k.exported)
    pipe.scard(k.files)
    pipe.hlen(k.claims)
    pipe.hgetall(k.workers)
    pipe.zrange(k.heartbeats, 0, -1, withscores=True)
    pipe.hgetall(k.busy)
    queued, seen, exported, files, claims, infos, beats, busy = pipe.execute()
    workers: dict[str, dict[str, Any]] = {}
    for raw_id, score in beats:
        worker_id = _text(raw_id)
        info = orjson.loads(infos.get(raw_id, b"{}"))
        workers[worker_id] = {
            "host": info.get("host"),
            "pid": info.get("pid"),
            "heartbeat_age": round(now - float(score), 1),
            "busy": busy.get(raw_id) == b"1",
            "inflight": int(client.hlen(k.inflight(worker_id))),
        }
    return {
        "site": site,
        "queued": int(queued),
        "seen": int(seen),
        "exported": int(exported),
        "files": int(files),
        "claims": int(claims),
        "workers": workers,
    }


def reset_crawl(
    client: redis.Redis, site: str, *, state: bool = False, prefix: str = KEY_PREFIX
) -> int:
    """Delete `site`'s crawl round (queue, dupefilter, workers, in-flight, claims).

    Return the number of keys deleted. Stop the workers first. With `state`, delete the run
    state too (exported articles, hashes, watermarks), so the next crawl starts from nothing.
    """
    k = CrawlKeys(site, prefix)
    keep = (
        set()
        if state
        else {
            k.exported,
            f"{k.prefix}:sig",
            f"{k.prefix}:urls",
            f"{k.prefix}:bodies",
            f"{k.prefix}:lsh",
            f"{k.prefix}:watermarks",
            k.files,
            f"{k.prefix}:schema",
        }
    )
    pattern = f"{k.prefix}:*".replace("{", "\\{").replace("}", "\\}")
    names = [n for n in client.scan_iter(match=pattern, count=1000) if _text(n) not in keep]
    if names:
        client.delete(*names)
    return len(names)
