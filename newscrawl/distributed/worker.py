"""One worker process's membership of a distributed crawl, and the worker of each crawler.

`RedisWorker` runs the worker protocol (`newscrawl.distributed.scripts`): register, heartbeat,
pop into the in-flight hash, reap dead workers, finish a round, leave. `worker_for` gives each
crawler its one worker; `stop_lost` stops a crawler whose worker the others declared dead.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import weakref
from typing import TYPE_CHECKING

import orjson
import redis
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import deferred_from_coro

from newscrawl.distributed import scripts
from newscrawl.distributed.host import pid_alive, worker_suffix
from newscrawl.run.names import new_run_id
from newscrawl.run.state.keys import KEY_PREFIX, SiteKeys, text
from newscrawl.run.state.redis import connect

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)

RECOVERED_SCORE = -1000
"""Queue score of a dead worker's request whose own score is missing (taken early)."""


class RedisWorker:
    """One worker process's membership of a distributed crawl.

    Holds the worker id, its run id (the owner of its claims), the tokens of the requests it
    popped, and which of them it finished processing. A crawl's queue is the site's request
    queue and its round set the dupefilter; ``newscrawl import`` passes its queue of WARC files
    and the set of the files queued this round (`SiteKeys.import_queue`, `SiteKeys.import_seen`).
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
        queue: str | None = None,
        round_set: str | None = None,
    ) -> None:
        self.redis = client
        self.keys = SiteKeys(site, prefix)
        self.queue = queue or self.keys.requests
        """The sorted set popped from (and put back into)."""
        self.round_set = round_set or self.keys.dupefilter
        """What the last worker to leave an empty queue deletes: the round is over."""
        self.id = worker_id
        self.owner = owner
        self.timeout = timeout
        self.suspect_after = timeout
        self.lost = False
        self.issued: dict[str, None] = {}
        self.processed: set[str] = set()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._pop = client.register_script(scripts.POP)
        self._register = client.register_script(scripts.REGISTER)
        self._heartbeat = client.register_script(scripts.HEARTBEAT)
        self._stale = client.register_script(scripts.STALE)
        self._reap = client.register_script(scripts.REAP)
        self._finished = client.register_script(scripts.FINISHED)
        self._leave = client.register_script(scripts.LEAVE)

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

    def register(self, *, member_only: bool = False) -> bool:
        """Join the crawl as busy; return False if `member_only` and this worker was reaped.

        With `member_only`, the worker's info (its `owner`) is rewritten only while it is still
        a member: a reaped worker does not join again.
        """
        info = {
            "owner": self.owner,
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "started": time.time(),
        }
        k = self.keys
        joined = self._register(
            keys=[k.heartbeats, k.workers, k.busy],
            args=[self.id, orjson.dumps(info), "1" if member_only else ""],
        )
        if not joined:
            self.lost = True
        return bool(joined)

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
            dead = text(flat[i])
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
            worker_id = text(raw_id)
            try:
                info = orjson.loads(raw_info)
            except orjson.JSONDecodeError:
                continue
            if worker_id == self.id or info.get("host") != host:
                continue
            if not pid_alive(int(info.get("pid") or 0)):
                dead.append((worker_id, str(info.get("owner") or "")))
        return dead

    def reap(self, dead: str, owner: str, timeout: float | None = None) -> int:
        """Reap `dead` if silent for `timeout` seconds; return requests put back, or -1."""
        k = self.keys
        keys = [
            k.heartbeats,
            k.workers,
            k.busy,
            self.queue,
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
        keys = [self.queue, k.heartbeats, k.busy]
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
            self.queue,
            self.round_set,
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
            self.queue,
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
        token = text(result[0]) if isinstance(result[0], bytes) else str(result[0])
        self.issued[token] = None
        return token, bytes(result[1])

    def queued(self) -> int:
        """Return the number of requests waiting in the shared queue."""
        return int(self.redis.zcard(self.queue))

    def mark_processed(self, token: str) -> None:
        """Record that the request with `token` went through the downloader (and the scraper)."""
        if token in self.issued:
            self.processed.add(token)


# ---------------------------------------------------------------------- one worker per crawler

_WORKERS: weakref.WeakKeyDictionary[Crawler, RedisWorker] = weakref.WeakKeyDictionary()


def existing_worker(crawler: Crawler) -> RedisWorker | None:
    """Return the `RedisWorker` of `crawler` if it has one (distributed crawls only)."""
    return _WORKERS.get(crawler)


def worker_for(crawler: Crawler) -> RedisWorker:
    """Return the `RedisWorker` of `crawler`, creating (not registering) it on first use."""
    worker = _WORKERS.get(crawler)
    if worker is None:
        settings = crawler.settings
        url = settings.get("NEWSCRAWL_REDIS_URL")
        if not url:
            raise NotConfigured("NEWSCRAWL_REDIS_URL is not set")
        site = settings.get("NEWSCRAWL_SITE") or "crawl"
        run_id = settings.get("NEWSCRAWL_RUN_ID") or f"{new_run_id()}-{worker_suffix()}"
        worker_id = run_id if worker_suffix() in run_id else f"{run_id}-{worker_suffix()}"
        timeout, heartbeat = worker_timing(settings)
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


def worker_timing(settings: BaseSettings) -> tuple[float, float]:
    """Return (worker timeout, heartbeat interval) in seconds; ValueError if inconsistent.

    Settings: NEWSCRAWL_REDIS_WORKER_TIMEOUT, NEWSCRAWL_REDIS_HEARTBEAT.
    """
    timeout = settings.getfloat("NEWSCRAWL_REDIS_WORKER_TIMEOUT")
    heartbeat = settings.getfloat("NEWSCRAWL_REDIS_HEARTBEAT")
    if heartbeat <= 0 or timeout <= 2 * heartbeat:
        raise ValueError(
            "NEWSCRAWL_REDIS_WORKER_TIMEOUT must exceed twice NEWSCRAWL_REDIS_HEARTBEAT "
            f"(> 0), got {timeout} and {heartbeat}"
        )
    return timeout, heartbeat


def stop_lost(crawler: Crawler, worker: RedisWorker) -> None:
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
