"""``-o``/``-O`` with the run state and with Redis: the given file is the run's output.

Real ``scrapy crawl news`` subprocesses against a demo site on 127.0.0.1, with the run state
on (SQLite, or a real redis-server). The file holds only what the run exports (``-O``
replaces it, ``-o`` appends to it), appears complete, and is committed only then: runs killed
at every moment (through the test-only kill points of `killpoints`) lose and repeat nothing,
and Redis workers each with their own ``-O`` give the whole site in the union.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from typing import TYPE_CHECKING

import killpoints
import pytest
import redis
from crawling import assert_each_article_once
from faultserver import serve_counter

from newscrawl.demo.server import serve
from newscrawl.demo.site import Site

if TYPE_CHECKING:
    from pathlib import Path

FAST = [
    "-s", "AUTOTHROTTLE_ENABLED=False",
    "-s", "DOWNLOAD_DELAY=0",
    "-s", "NEWSCRAWL_POOL_ENABLED=False",
]  # fmt: skip
SITE = "127.0.0.1"
PAGE_DELAY = 0.03
"""Seconds each page of the Redis workers' site takes to serve (see the test)."""


class Crawls:
    """``scrapy crawl news`` runs of one served site with the run state on, in `tmp`."""

    def __init__(self, tmp: Path, url: str, redis_url: str | None = None) -> None:
        self.tmp = tmp
        self.url = url
        self.count = 0
        if redis_url:
            self.state = [
                "-s", f"NEWSCRAWL_REDIS_URL={redis_url}",
                "-s", "NEWSCRAWL_REDIS_HEARTBEAT=0.5",
                "-s", "NEWSCRAWL_REDIS_WORKER_TIMEOUT=4",
            ]  # fmt: skip
        else:
            self.state = ["-s", "NEWSCRAWL_STATE_ENABLED=True", "-s", "NEWSCRAWL_STATE_DIR=state"]

    def start(self, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
        self.count += 1
        command = [
            sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"url={self.url}",
            *FAST, *self.state, "-s", "NEWSCRAWL_OUTPUT_DIR=output", *args,
        ]  # fmt: skip
        log = (self.tmp / f"crawl{self.count:02d}.log").open("w")
        return subprocess.Popen(
            command,
            cwd=self.tmp,
            stdout=subprocess.DEVNULL,
            stderr=log,
            text=True,
            env={**os.environ, "SCRAPY_SETTINGS_MODULE": "newscrawl.settings", **(env or {})},
        )

    def run(self, *args: str) -> tuple[int, str]:
        proc = self.start(*args)
        code = proc.wait(120)
        return code, self.log()

    def log(self, run: int | None = None) -> str:
        return (self.tmp / f"crawl{run or self.count:02d}.log").read_text()[-3000:]

    def kill_at(self, point: str, *args: str, torn_after: int = 2) -> None:
        """Start a run that pauses at `point`; SIGKILL it there."""
        mark = self.tmp / f"paused-{self.count + 1}"
        proc = self.start(*args, env=killpoints.env(point, mark, torn_after))
        deadline = time.monotonic() + 120
        try:
            while not mark.exists():
                assert proc.poll() is None, f"run ended before {point}: {self.log()}"
                assert time.monotonic() < deadline, f"never reached {point}"
                time.sleep(0.05)
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait()

    def leftovers(self) -> list[str]:
        """Return the parts, pointers and append notes left behind."""
        found = [*self.tmp.glob("*.part"), *self.tmp.glob("output/*/*.json")]
        return sorted(p.name for p in found if not p.name.endswith(".manifest.json"))


def urls(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["canonical_url"] for line in lines if not line.startswith('{"old')]


@pytest.fixture
def site():
    site = Site(theme="sahifa", n_articles=12)
    with serve(site) as server:
        yield site, server.url


# ---------------------------------------------------------------------- state on, one machine


def test_O_with_the_state_holds_only_this_runs_articles(tmp_path, site):
    site, base = site
    crawls = Crawls(tmp_path, base)
    out = tmp_path / "out.jsonl"
    code, log = crawls.run("-O", "out.jsonl")
    assert code == 0, log
    assert_each_article_once(site, base, urls(out))
    assert crawls.leftovers() == []
    (manifest,) = (tmp_path / "output").glob("*/*.manifest.json")
    output = json.loads(manifest.read_text())["output"]
    assert (output["dir"], output["file"]) == (str(tmp_path), "out.jsonl")  # the real file
    code, log = crawls.run("-O", "out.jsonl")  # nothing new on the site
    assert code == 0, log
    assert out.read_text() == ""
    new = site.add_articles(2)
    code, log = crawls.run("-O", "out.jsonl")
    assert code == 0, log
    assert sorted(urls(out)) == sorted(a.url(base) for a in new)
    assert crawls.leftovers() == []


def test_o_with_the_state_appends_only_new_articles(tmp_path, site):
    site, base = site
    crawls = Crawls(tmp_path, base)
    out = tmp_path / "corpus.jsonl"
    out.write_text('{"old": "a line of an earlier crawl"}\n')
    code, log = crawls.run("-o", "corpus.jsonl")
    assert code == 0, log
    assert_each_article_once(site, base, urls(out))
    first = out.read_text()
    assert first.startswith('{"old"')
    code, log = crawls.run("-o", "corpus.jsonl")
    assert code == 0, log
    assert out.read_text() == first
    new = site.add_articles(2)
    code, log = crawls.run("-o", "corpus.jsonl")
    assert code == 0, log
    assert out.read_text().startswith(first)
    assert_each_article_once(site, base, urls(out))
    assert {a.url(base) for a in new} <= set(urls(out))
    assert crawls.leftovers() == []


@pytest.mark.slow
def test_O_runs_killed_at_every_moment_lose_and_repeat_nothing(tmp_path, site):
    """Each killed run's articles reach the file of the next run, once; then nothing again."""
    site, base = site
    crawls = Crawls(tmp_path, base)
    out = tmp_path / "out.jsonl"
    delivered: Counter[str] = Counter()  # what each completed file held, summed over runs

    crawls.kill_at("before_rename", "-O", "out.jsonl")  # part complete, file not replaced
    assert (tmp_path / "out.jsonl.part").exists()
    assert not out.exists()
    code, log = crawls.run("-O", "out.jsonl")
    assert code == 0, log
    assert "recovered" in crawls.log()
    delivered.update(urls(out))

    new = site.add_articles(3)
    crawls.kill_at("torn_write", "-O", "out.jsonl", torn_after=1)  # a line and a half
    code, log = crawls.run("-O", "out.jsonl")
    assert code == 0, log
    assert sorted(urls(out)) == sorted(a.url(base) for a in new)
    delivered.update(urls(out))

    newer = site.add_articles(3)
    crawls.kill_at("before_commit", "-O", "out.jsonl")  # the file replaced, not committed
    assert sorted(urls(out)) == sorted(a.url(base) for a in newer)
    code, log = crawls.run("-O", "out.jsonl")
    assert code == 0, log
    assert sorted(urls(out)) == sorted(a.url(base) for a in newer)  # committed, kept
    delivered.update(urls(out))

    code, log = crawls.run("-O", "out.jsonl")
    assert code == 0, log
    assert out.read_text() == ""
    assert crawls.leftovers() == []
    assert_each_article_once(site, base, delivered.elements())


@pytest.mark.slow
def test_o_runs_killed_while_appending_lose_and_repeat_nothing(tmp_path, site):
    site, base = site
    crawls = Crawls(tmp_path, base)
    out = tmp_path / "corpus.jsonl"
    out.write_text('{"old": "a line of an earlier crawl"}\n')
    crawls.kill_at("before_commit", "-o", "corpus.jsonl")  # appended, not committed
    assert len(urls(out)) >= len(site.articles)
    code, log = crawls.run("-o", "corpus.jsonl")
    assert code == 0, log
    assert_each_article_once(site, base, urls(out))

    new = site.add_articles(3)
    crawls.kill_at("before_rename", "-o", "corpus.jsonl")  # part complete, not appended
    code, log = crawls.run("-o", "corpus.jsonl")
    assert code == 0, log
    assert out.read_text().startswith('{"old": "a line of an earlier crawl"}\n')
    assert_each_article_once(site, base, urls(out))
    assert {a.url(base) for a in new} <= set(urls(out))
    assert crawls.leftovers() == []


def test_state_refuses_an_output_it_cannot_commit_before_any_request(tmp_path):
    with serve_counter("127.0.0.1") as (base, hits):
        crawls = Crawls(tmp_path, base + "/")
        code, log = crawls.run("-O", "out.csv")
        assert code == 2
        assert log.strip() == (
            "newscrawl: error: output out.csv: the run state writes JSON Lines (.jsonl), not csv"
        )
        code, log = crawls.run("-O", "a.jsonl", "-O", "b.jsonl")
        assert code == 2
        assert log.strip() == (
            "newscrawl: error: the run state writes one output file, got 2 (-o/-O or FEEDS)"
        )
    assert sum(hits.values()) == 0


# ---------------------------------------------------------------------- Redis workers


@pytest.mark.slow
def test_redis_workers_each_with_their_own_O_give_the_whole_site(tmp_path, site, redis_url):
    site, base = site
    gate = threading.Event()  # hold the pages until both workers have joined
    serve_page = site.get

    def slow_page(*args: object, **kwargs: object) -> object:
        # Every page takes a network's time, so neither worker can take all 12 articles
        # before the other asks for one (a page is analysed in a millisecond or two).
        gate.wait(60)
        time.sleep(PAGE_DELAY)
        return serve_page(*args, **kwargs)

    site.get = slow_page
    crawls = Crawls(tmp_path, base, redis_url)
    try:
        workers = [crawls.start("-O", f"worker-{i}.jsonl") for i in (1, 2)]
        client = redis.Redis.from_url(redis_url)
        deadline = time.monotonic() + 60
        while client.zcard(f"newscrawl:{{{SITE}}}:heartbeats") < 2:
            assert time.monotonic() < deadline, "the workers did not join"
            assert all(w.poll() is None for w in workers), crawls.log()
            time.sleep(0.05)
        client.close()
        gate.set()
        codes = [w.wait(120) for w in workers]
    finally:
        gate.set()
        site.get = serve_page
    assert codes == [0, 0], [crawls.log(1), crawls.log(2)]
    files = {i: urls(tmp_path / f"worker-{i}.jsonl") for i in (1, 2)}
    assert_each_article_once(site, base, files[1] + files[2])
    assert files[1]
    assert files[2]
    assert crawls.leftovers() == []
    # The next round of worker 1 finds nothing new: its file is replaced by an empty one.
    code, log = crawls.run("-O", "worker-1.jsonl")
    assert code == 0, log
    assert (tmp_path / "worker-1.jsonl").read_text() == ""


@pytest.mark.slow
def test_second_redis_worker_writing_the_same_file_is_refused(tmp_path, site, redis_url):
    _, base = site
    crawls = Crawls(tmp_path, base, redis_url)
    mark = tmp_path / "paused"
    holder = crawls.start("-O", "same.jsonl", env=killpoints.env("before_rename", mark))
    try:
        deadline = time.monotonic() + 60
        while not mark.exists():
            assert holder.poll() is None, crawls.log(1)
            assert time.monotonic() < deadline
            time.sleep(0.05)
        code, log = crawls.run("-O", "same.jsonl")
        assert code == 2
        last = log.strip().splitlines()[-1]
        assert last.startswith(f"newscrawl: error: output {tmp_path / 'same.jsonl'} is being ")
        assert "is being written by run" in last
        assert "Traceback" not in log
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
