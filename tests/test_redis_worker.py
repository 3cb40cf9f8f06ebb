"""The Redis worker protocol (`newscrawl.distributed`) against a real redis-server.

Pop into the in-flight hash, reaping of dead workers, the end of a crawl round, leaving, the
add-on switch, and scrapy-redis under Scrapy >= 2.14 without deprecated calls.
"""

from __future__ import annotations

import subprocess
import time
import warnings

import orjson
import pytest
import redis
import scrapy
from scrapy.utils.test import get_crawler

from newscrawl.distributed.extension import RedisWorkerExtension
from newscrawl.distributed.scheduler import TOKEN_META, RedisDupeFilter, RedisScheduler
from newscrawl.distributed.worker import RedisWorker
from newscrawl.run.state import open_state


def _worker(url: str, name: str, timeout: float = 2.0) -> RedisWorker:
    worker = RedisWorker(redis.Redis.from_url(url), "demo", name, f"run-{name}", timeout=timeout)
    worker.suspect_after = timeout
    return worker


def _push(worker: RedisWorker, *blobs: bytes, score: int = 0) -> None:
    for blob in blobs:
        worker.redis.zadd(worker.keys.requests, {blob: score})


def test_pop_moves_the_request_into_the_workers_inflight_hash(redis_url):
    worker = _worker(redis_url, "a")
    worker.register()
    _push(worker, b"r1")
    token, blob = worker.pop()
    assert blob == b"r1"
    assert worker.redis.zcard(worker.keys.requests) == 0
    assert worker.redis.hget(worker.keys.inflight("a"), token) == b"r1"
    assert worker.pop() is None


def test_dead_worker_is_reaped_its_requests_requeued_and_claims_released(redis_url):
    dead, live = _worker(redis_url, "dead"), _worker(redis_url, "live")
    dead.register()
    live.register()
    _push(dead, b"r1", b"r2")
    dead.pop()
    dead.pop()
    with open_state(redis_url, "demo") as state:
        assert state.claim(["id:x"], "run-dead") == []
        assert live.reap_dead() == (0, 0)  # not silent long enough yet
        time.sleep(2.2)
        live.heartbeat()
        assert live.reap_dead() == (1, 2)
        assert live.redis.zcard(live.keys.requests) == 2
        assert state.claim(["id:x"], "run-live") == []
        # The dead worker, were it only slow, can neither pop nor claim any more.
        assert state.claim(["id:y"], "run-dead") == ["id:y"]
    assert dead.pop() is None
    assert dead.lost
    assert not dead.heartbeat()


def test_exited_worker_on_this_host_is_reaped_without_waiting_for_the_timeout(redis_url):
    gone, live = _worker(redis_url, "gone", timeout=60), _worker(redis_url, "live", timeout=60)
    gone.register()
    live.register()
    _push(gone, b"r1")
    gone.pop()
    exited = subprocess.Popen(["true"])
    exited.wait()
    info = orjson.loads(live.redis.hget(live.keys.workers, "gone"))
    live.redis.hset(live.keys.workers, "gone", orjson.dumps({**info, "pid": exited.pid}))
    assert live.reap_dead() == (1, 1)
    assert live.redis.zcard(live.keys.requests) == 1


def test_round_is_not_finished_while_another_worker_is_busy_or_silent(redis_url):
    a, b = _worker(redis_url, "a"), _worker(redis_url, "b")
    a.register()
    b.register()
    assert not a.finished()  # b is busy (registered as busy)
    b.heartbeat(busy=False)
    assert a.finished()
    _push(a, b"r1")
    assert not a.finished()  # the queue is not empty
    b.pop()
    assert not a.finished()  # b popped, so b is busy again
    b.heartbeat(busy=False)
    time.sleep(2.2)  # b falls silent: wait until it is reaped
    assert not a.finished()


def test_leave_requeues_unprocessed_requests_and_last_leaver_ends_the_round(redis_url):
    a, b = _worker(redis_url, "a"), _worker(redis_url, "b")
    a.register()
    b.register()
    a.redis.sadd(a.keys.dupefilter, "fp")
    _push(a, b"r1", b"r2")
    t1, _ = a.pop()
    a.pop()
    a.mark_processed(t1)
    assert a.leave(committed=True) == 1  # r2 was not processed: back in the queue
    assert a.redis.zrange(a.keys.requests, 0, -1) == [b"r2"]
    assert a.redis.exists(a.keys.inflight("a")) == 0
    b.pop()
    assert b.leave(committed=False) == 1  # file not completed: everything goes back
    assert b.redis.exists(b.keys.dupefilter) == 1  # the queue is not empty: round goes on
    c = _worker(redis_url, "c")
    c.register()
    t, _ = c.pop()
    c.mark_processed(t)
    c.leave(committed=True)
    assert c.redis.exists(c.keys.dupefilter) == 0  # last worker, empty queue: round over


class _SiteSpider(scrapy.Spider):
    name = "news"

    def parse(self, response):
        return None


def _crawler(redis_url: str | None):
    settings = {
        "NEWSCRAWL_SITE": "demo",  # what the news spider publishes (the run context)
        "NEWSCRAWL_REDIS_HEARTBEAT": 1.0,
        "NEWSCRAWL_REDIS_WORKER_TIMEOUT": 5.0,
    }
    if redis_url:
        settings["NEWSCRAWL_REDIS_URL"] = redis_url
    from crawling import project_settings

    crawler = get_crawler(_SiteSpider, project_settings(**settings))
    crawler.spider = crawler._create_spider()
    crawler._apply_settings()
    return crawler


def test_addon_moves_scheduler_dupefilter_and_state_only_with_a_redis_url(redis_url):
    off = _crawler(None)
    assert off.settings["SCHEDULER"] == "scrapy.core.scheduler.Scheduler"
    assert not off.settings.getbool("NEWSCRAWL_STATE_ENABLED")
    from crawling import project_settings

    assert off.settings.getint("CONCURRENT_REQUESTS") == project_settings()["CONCURRENT_REQUESTS"]
    on = _crawler(redis_url)
    assert on.settings["SCHEDULER"] == "newscrawl.distributed.scheduler.RedisScheduler"
    assert on.settings["DUPEFILTER_CLASS"] == "newscrawl.distributed.scheduler.RedisDupeFilter"
    assert on.settings.getbool("NEWSCRAWL_STATE_ENABLED")
    per_domain = on.settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN")
    assert on.settings.getint("CONCURRENT_REQUESTS") == per_domain  # no hoarding
    assert RedisWorkerExtension in on.settings.getdict("EXTENSIONS")
    run_id = on.settings["NEWSCRAWL_RUN_ID"]
    assert run_id.endswith(f"-{__import__('os').getpid()}")
    # The default per-run output carries this worker's run id: workers never share a file.
    assert [f"{run_id}.jsonl" in str(uri) for uri in on.settings.getdict("FEEDS")] == [True]


def test_scheduler_round_trip_without_deprecated_scrapy_calls(redis_url):
    crawler = _crawler(redis_url)
    scheduler = RedisScheduler.from_crawler(crawler)
    spider = crawler.spider
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        scheduler.open(spider)
        try:
            request = scrapy.Request("http://127.0.0.1:1/a", callback=spider.parse, priority=5)
            assert scheduler.enqueue_request(request)
            assert not scheduler.enqueue_request(request.copy())  # shared dupefilter
            # A worker joining a crawl with requests queued (scrapy-redis logs that through
            # the deprecated Spider.log()).
            joiner = RedisScheduler.from_crawler(_crawler(redis_url))
            joiner.open(joiner.crawler.spider)
            joiner.worker.stop_heartbeat()
            popped = scheduler.next_request()
            assert popped.url == request.url
            assert popped.callback == spider.parse
            assert popped.meta[TOKEN_META]
            assert isinstance(scheduler.df, RedisDupeFilter)
            assert scheduler.df.key == "newscrawl:{demo}:dupefilter"
            assert crawler.stats.get_value("scheduler/enqueued/redis") == 1
            assert crawler.stats.get_value("newscrawl/redis/popped") == 1
            # A redirect of the popped request carries its token: enqueuing it ends the
            # popped one, even when the dupefilter drops the redirect.
            token = popped.meta[TOKEN_META]
            assert token not in scheduler.worker.processed
            assert not scheduler.enqueue_request(popped.replace(url=request.url))
            assert token in scheduler.worker.processed
        finally:
            scheduler.worker.stop_heartbeat()
            scheduler.close("finished")


def test_status_reports_queue_workers_and_exports_and_reset_keeps_the_state(redis_url, capsys):
    from newscrawl.cli.redis import main
    from newscrawl.distributed.admin import crawl_status
    from newscrawl.exceptions import NewscrawlError

    worker = _worker(redis_url, "a")
    worker.register()
    _push(worker, b"r1", b"r2")
    worker.pop()
    with open_state(redis_url, "demo") as state:
        state.commit_file("f.jsonl", [], {}, {})
    status = crawl_status(worker.redis, "demo")
    assert (status["queued"], status["files"]) == (1, 1)
    assert status["workers"]["a"]["inflight"] == 1
    assert main(["status", redis_url]) == 0
    assert "demo: queued 1" in capsys.readouterr().out
    with pytest.raises(NewscrawlError, match="still registered"):
        main(["reset", redis_url, "demo"])
    assert main(["reset", redis_url, "demo", "--force"]) == 0
    status = crawl_status(worker.redis, "demo")
    assert (status["queued"], status["workers"], status["files"]) == (0, {}, 1)
    assert main(["reset", redis_url, "demo", "--state"]) == 0
    assert crawl_status(worker.redis, "demo")["files"] == 0


def test_reaped_worker_leaves_its_output_as_lost_not_complete(redis_url, tmp_path):
    from newscrawl.distributed.storage import RedisFeedStorage
    from newscrawl.distributed.worker import _WORKERS

    crawler = _crawler(redis_url)
    worker = _worker(redis_url, "zombie")
    worker.register()
    _WORKERS[crawler] = worker
    final = tmp_path / "run.jsonl"
    storage = RedisFeedStorage.from_crawler(crawler, str(final), feed_options={"overwrite": True})
    file = storage.open(crawler.spider)
    file.write(b'{"id": "a"}\n')
    worker.redis.hdel(worker.keys.workers, "zombie")  # the others reaped it meanwhile
    storage.store(file)
    assert not final.exists()
    assert not (tmp_path / "run.jsonl.part").exists()
    assert (tmp_path / "run.jsonl.lost").read_bytes() == b'{"id": "a"}\n'

    final2 = tmp_path / "run2.jsonl"
    worker.register()
    storage = RedisFeedStorage.from_crawler(crawler, str(final2), feed_options={"overwrite": True})
    file = storage.open(crawler.spider)
    file.write(b'{"id": "b"}\n')
    worker.lost = False
    storage.store(file)
    assert final2.read_bytes() == b'{"id": "b"}\n'


def test_near_duplicate_being_exported_by_another_worker_is_refused(redis_url, tmp_path):
    from ledgers import crawler_with_ledger
    from scrapy.utils.misc import build_from_crawler

    from newscrawl.exceptions import DuplicateArticle
    from newscrawl.items import ArticleItem
    from newscrawl.pipelines.dedup import DedupPipeline

    body = " ".join(f"word{i}" for i in range(300))

    def item(n: str, text: str) -> ArticleItem:
        url = f"http://127.0.0.1/{n}/"
        return ArticleItem(
            id=f"id-{n}", url=url, canonical_url=url, body=text, body_hash=f"h-{n}",
            fetched_at="2026-01-02T00:00:00+00:00",
        )  # fmt: skip

    pipes = []
    for run_id in ("worker-a", "worker-b"):
        crawler, run = crawler_with_ledger(tmp_path, run_id, NEWSCRAWL_REDIS_URL=redis_url)
        assert run.distributed
        pipes.append((build_from_crawler(DedupPipeline, crawler), crawler))
    (a, _), (b, b_crawler) = pipes
    a.process_item(item("original", body))  # claimed by worker-a, not committed yet
    with pytest.raises(DuplicateArticle):
        b.process_item(item("syndicated", body.replace("word150", "changed")))
    assert b_crawler.stats.get_value("newscrawl/dedup/dropped/claimed") == 1
    other = " ".join(f"other{i}" for i in range(300))
    assert b.process_item(item("other", other)).id == "id-other"
