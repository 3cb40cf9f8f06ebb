"""Distributed crawls: real ``scrapy crawl news`` worker processes sharing one real Redis.

One demo site of a few hundred articles on 127.0.0.1. Every article must appear exactly once in
the union of the complete ``.jsonl`` files of all workers: with three workers at once, with a
worker SIGKILLed midway (plus one started after it), and after a second scheduled run.
"""

from __future__ import annotations

import collections
import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from typing import TYPE_CHECKING

import pytest
import redis
from crawling import assert_each_article_once

from newscrawl.demo.server import serve
from newscrawl.demo.site import Site

if TYPE_CHECKING:
    from pathlib import Path


N_ARTICLES = 200
WORKER_SETTINGS = {
    "AUTOTHROTTLE_ENABLED": "False",
    "DOWNLOAD_DELAY": "0",
    "NEWSCRAWL_REDIS_HEARTBEAT": "1",
    "NEWSCRAWL_REDIS_WORKER_TIMEOUT": "8",
    # Keep the process count at one per worker on a 2-core CI machine.
    "NEWSCRAWL_POOL_ENABLED": "False",
    "LOG_LEVEL": "INFO",
    "DOWNLOAD_TIMEOUT": "90",
}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site_url():
    site = Site(theme="sahifa", n_articles=N_ARTICLES)
    with serve(site) as server:
        yield site, server.url


class Worker:
    """One ``scrapy crawl news`` worker process."""

    def __init__(
        self,
        tmp: Path,
        url: str,
        redis_url: str,
        name: str,
        *,
        scheduled: bool = False,
        **extra: str,
    ) -> None:
        self.log = tmp / f"{name}.log"
        settings = {**WORKER_SETTINGS, **extra}
        if scheduled:  # `newscrawl crawl URL --redis …`, as cron would run it
            args = [sys.executable, "-m", "newscrawl", "crawl", url, "--redis", redis_url]
            args += ["--out", str(tmp / "out"), "--state-dir", str(tmp / "state")]
        else:
            args = [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"url={url}"]
            settings["NEWSCRAWL_REDIS_URL"] = redis_url
            settings["NEWSCRAWL_OUTPUT_DIR"] = str(tmp / "out")
            settings["NEWSCRAWL_STATE_DIR"] = str(tmp / "state")
        for key, value in settings.items():
            args += ["-s", f"{key}={value}"]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                args,
                cwd=tmp,
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**os.environ, "SCRAPY_SETTINGS_MODULE": "newscrawl.settings"},
            )

    def wait(self, timeout: float = 300) -> int:
        return self.process.wait(timeout)

    def stats(self) -> dict[str, int]:
        block = self.log.read_text().rsplit("Dumping Scrapy stats:", 1)[-1]
        return {k: int(v) for k, v in re.findall(r"'([^']+)': (\d+)[,}]", block)}


def outputs(tmp: Path) -> dict[str, list[str]]:
    """Return the canonical URLs in each complete output file."""
    return {
        path.name: [json.loads(line)["canonical_url"] for line in path.open(encoding="utf-8")]
        for path in sorted((tmp / "out").glob("*/*.jsonl"))
    }


def union(files: dict[str, list[str]]) -> collections.Counter[str]:
    return collections.Counter(url for urls in files.values() for url in urls)


def test_three_workers_share_one_crawl_and_export_every_article_once(
    site_url, redis_url, tmp_path
):
    site, base = site_url
    # Hold every page until the three workers have joined, so that a worker slow to start
    # (Python imports on a loaded machine) does not find the crawl done.
    gate = threading.Event()
    serve_page = site.get
    site.get = lambda *args, **kwargs: gate.wait(60) and serve_page(*args, **kwargs)
    try:
        workers = [Worker(tmp_path, base, redis_url, f"w{i}") for i in range(3)]
        client = redis.Redis.from_url(redis_url)
        deadline = time.monotonic() + 120
        while client.zcard("newscrawl:{127.0.0.1}:heartbeats") < 3:
            assert time.monotonic() < deadline, "the workers did not join"
            assert all(w.process.poll() is None for w in workers)
            time.sleep(0.1)
        client.close()
        started = time.monotonic()
        gate.set()
        codes = [w.wait() for w in workers]
    finally:
        gate.set()
        site.get = serve_page
    elapsed = time.monotonic() - started
    assert codes == [0, 0, 0], [w.log.read_text()[-2000:] for w in workers]
    files = outputs(tmp_path)
    counts = union(files)
    assert_each_article_once(site, base, counts.elements())
    shares = sorted(len(urls) for urls in files.values())
    popped = [w.stats().get("newscrawl/redis/popped", 0) for w in workers]
    print(f"3 workers, {N_ARTICLES} articles in {elapsed:.0f}s: articles {shares}, "
          f"requests {popped}")  # fmt: skip
    assert len(files) == 3
    assert min(shares) >= N_ARTICLES // 10, shares  # each worker did a real share
    assert min(popped) >= 20, popped

    # A scheduled second run over the same Redis exports nothing again.
    again = Worker(tmp_path, base, redis_url, "again", scheduled=True)
    assert again.wait() == 0, again.log.read_text()[-2000:]
    files_after = outputs(tmp_path)
    assert len(files_after) == 4
    assert union(files_after) == counts
    stats = again.stats()
    print(f"second run: {stats.get('item_scraped_count', 0)} exported, "
          f"{stats.get('downloader/request_count', 0)} requests")  # fmt: skip
    assert stats.get("item_scraped_count", 0) == 0


def test_killed_worker_loses_nothing_and_repeats_nothing(site_url, redis_url, tmp_path):
    site, base = site_url
    workers = [Worker(tmp_path, base, redis_url, f"w{i}") for i in range(2)]
    # A third worker stops early on its own (max articles): it puts back what it had not done.
    workers.append(Worker(tmp_path, base, redis_url, "w2", CLOSESPIDER_ITEMCOUNT="15"))
    victim = workers[1]
    part, written = None, 0
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and victim.process.poll() is None:
        parts = list((tmp_path / "out").glob(f"*/*-{victim.process.pid}.jsonl.part"))
        written = parts[0].read_bytes().count(b"\n") if parts else 0
        if written >= 10:
            part = parts[0]
            break
        time.sleep(0.2)
    assert part is not None, "the victim never wrote 10 articles"
    victim.process.send_signal(signal.SIGKILL)
    victim.wait()
    # A survivor that ends now recovers (and removes) the dead part at once.
    with contextlib.suppress(FileNotFoundError):
        written = part.read_bytes().count(b"\n")
    late = Worker(tmp_path, base, redis_url, "late")
    survivors = [workers[0], workers[2], late]
    codes = [w.wait() for w in survivors]
    assert codes == [0, 0, 0], [w.log.read_text()[-2000:] for w in survivors]
    files = outputs(tmp_path)
    counts = union(files)
    assert_each_article_once(site, base, counts.elements())
    reaped = sum(w.stats().get("newscrawl/redis/reaped/requests", 0) for w in survivors)
    recovered = sum(
        len(urls) for name, urls in files.items() if name.endswith(f"-{victim.process.pid}.jsonl")
    )  # the dead part, recovered into a complete file by a survivor on this machine
    stopped = workers[2].stats()
    print(f"killed worker had written {written} articles to its part file; "
          f"{reaped} of its requests were requeued; {recovered} articles recovered from its "
          f"part; union {sum(counts.values())} lines, {len(counts)} articles; "
          f"files {sorted(len(v) for v in files.values())}; the early stopper exported "
          f"{stopped.get('item_scraped_count', 0)} and put back "
          f"{stopped.get('newscrawl/redis/requeued', 0)} requests")  # fmt: skip
    assert reaped > 0
