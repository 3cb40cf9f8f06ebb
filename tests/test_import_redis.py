"""``newscrawl import --redis``: several workers share the WARC files and the state.

Real worker processes (``python -m newscrawl import``) and a real ``redis-server``: each file is
read by exactly one worker, every article is exported exactly once across the workers' outputs,
and a worker that is killed, or silent past the lease, has its file taken over by another.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from typing import TYPE_CHECKING

import killpoints
import pytest
import redis
from crawling import assert_each_article_once
from warcs import write_warc

from newscrawl.demo.site import Site
from newscrawl.distributed.admin import crawl_status
from newscrawl.run.state.keys import SiteKeys

if TYPE_CHECKING:
    from pathlib import Path

BASE = "http://news.example/"
LEASE = ["-s", "NEWSCRAWL_REDIS_HEARTBEAT=0.3", "-s", "NEWSCRAWL_REDIS_WORKER_TIMEOUT=2"]


def write_warcs(directory: Path, site: Site, n_files: int) -> list[Path]:
    """Write the demo site's article pages, one fetch each, spread over `n_files` WARC files."""
    rels = site.article_paths()
    return [
        write_warc(directory / f"news-{i}.warc.gz", site, BASE, rels[i::n_files])
        for i in range(n_files)
    ]


def worker(
    files: list[Path], out: Path, redis_url: str, name: str, env: dict[str, str] | None = None
) -> subprocess.Popen[str]:
    """Start one import worker (its own output and state directory, as on its own machine)."""
    return subprocess.Popen(
        [sys.executable, "-m", "newscrawl", "import", *map(str, files), "--out", str(out),
         "--state-dir", str(out / "state"), "--redis", redis_url, "--run-id", name, *LEASE],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "SCRAPY_SETTINGS_MODULE": "newscrawl.settings", **(env or {})},
    )  # fmt: skip


def finish(proc: subprocess.Popen[str], timeout: float = 120) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out, err


def exported(*outs: Path) -> list[dict]:
    """Return the lines of the complete output files of `outs` (not parts, not lost files).

    Each line gets ``run``: the run id that wrote it (its file's name).
    """
    return [
        {**json.loads(line), "run": path.name.removesuffix(".jsonl")}
        for out in outs
        for path in sorted(out.glob("import/*.jsonl"))
        for line in path.read_text("utf-8").splitlines()
    ]


def readers(lines: list[dict]) -> dict[str, set[str]]:
    """Return, for each WARC file, the runs whose output holds its articles."""
    runs: dict[str, set[str]] = {}
    for line in lines:
        runs.setdefault(line["warc"]["file"], set()).add(line["run"])
    return runs


def wait_for(path: Path, proc: subprocess.Popen[str], timeout: float = 60) -> int:
    deadline = time.monotonic() + timeout
    while not (path.exists() and path.read_text().strip()):
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, f"{path} never written"
        time.sleep(0.1)
    return int(path.read_text())


def gone(pid: int, timeout: float = 10) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


@pytest.fixture(scope="module")
def site() -> Site:
    return Site(theme="sahifa", n_articles=24)


def test_two_workers_share_the_files_each_read_once_each_article_exported_once(
    site, tmp_path, redis_url
):
    files = write_warcs(tmp_path, site, 6)
    outs = [tmp_path / "a", tmp_path / "b"]
    procs = [worker(files, out, redis_url, name) for out, name in zip(outs, "ab", strict=True)]
    results = [finish(proc) for proc in procs]
    for code, _, err in results:
        assert code == 0, err[-3000:]
    lines = exported(*outs)
    client = redis.Redis.from_url(redis_url)
    keys = SiteKeys("import")
    committed = Counter(json.loads(v)["file"] for v in client.hvals(keys.exported))
    assert len(lines) == len(site.articles), ([r[1] for r in results], committed)
    assert_each_article_once(site, BASE, (line["canonical_url"] for line in lines))
    runs = readers(lines)
    assert set(runs) == {f.name for f in files}
    assert all(len(r) == 1 for r in runs.values()), runs  # each file read by one run only
    # "worker <name>: <n> articles exported from <files> files", summed over the workers
    done = sum(int(out.splitlines()[-1].split(" from ")[1].split()[0]) for _, out, _ in results)
    assert done == 6
    assert crawl_status(client, "import")["warc_files"] == {"queued": 0, "done": 6}
    assert not client.exists(keys.import_seen)  # the last worker to leave ended the round
    # the same files again, one worker: every file is done, nothing is read or exported
    code, out, err = finish(worker(files, tmp_path / "c", redis_url, "c"))
    assert code == 0, err[-3000:]
    assert "0 of 6 files queued" in out
    assert exported(tmp_path / "c") == []


def test_killed_worker_file_is_taken_over_nothing_lost_or_repeated(site, tmp_path, redis_url):
    """SIGKILL a worker mid-file: its reading child dies with it; the other reads the file."""
    files = write_warcs(tmp_path, site, 3)
    mark = tmp_path / "paused"
    a = worker(
        files, tmp_path / "a", redis_url, "a", killpoints.env("torn_write", mark, torn_after=2)
    )
    child = wait_for(mark, a)  # a's child wrote 2 lines and half the 3rd of its file
    b = worker(files, tmp_path / "b", redis_url, "b")
    os.kill(a.pid, signal.SIGKILL)
    a.wait(10)
    assert gone(child), "the reading child outlived its killed worker"
    code, _, err = finish(b)
    assert code == 0, err[-3000:]
    assert "reaped exited worker a" in err
    lines = exported(tmp_path / "a", tmp_path / "b")
    assert_each_article_once(site, BASE, (line["canonical_url"] for line in lines))
    assert {line["run"].split("-")[0] for line in lines} == {"b"}
    assert list((tmp_path / "a" / "import").glob("*.jsonl.part"))  # a's torn output, not counted


def test_silent_worker_loses_its_file_after_the_lease_and_does_not_complete_it(
    site, tmp_path, redis_url
):
    """A stopped worker (alive, silent) is reaped after the lease; woken, it gives its file up."""
    files = write_warcs(tmp_path, site, 2)
    mark = tmp_path / "paused"
    a = worker(
        files, tmp_path / "a", redis_url, "a", killpoints.env("torn_write", mark, torn_after=2)
    )
    child = wait_for(mark, a)
    os.kill(a.pid, signal.SIGSTOP)
    try:
        started = time.monotonic()
        code, _, err = finish(worker(files, tmp_path / "b", redis_url, "b"))
        assert code == 0, err[-3000:]
        assert "reaped dead worker a" in err
        assert time.monotonic() - started >= 2  # not before the lease ran out
    finally:
        os.kill(a.pid, signal.SIGCONT)
    code, _, err = finish(a, timeout=30)
    assert code == 1
    assert "worker a was declared dead by the others" in err
    assert gone(child)
    lines = exported(tmp_path / "a", tmp_path / "b")
    assert_each_article_once(site, BASE, (line["canonical_url"] for line in lines))
    assert Counter(line["run"].split("-")[0] for line in lines) == {"b": len(lines)}


@pytest.mark.parametrize(
    ("redis_arg", "extra", "message"),
    [
        ("redis://127.0.0.1:1/0", [], "cannot use redis at redis://127.0.0.1:1/0"),
        (
            None,
            ["-s", "NEWSCRAWL_REDIS_HEARTBEAT=5", "-s", "NEWSCRAWL_REDIS_WORKER_TIMEOUT=6"],
            "NEWSCRAWL_REDIS_WORKER_TIMEOUT must exceed twice NEWSCRAWL_REDIS_HEARTBEAT",
        ),
    ],
)
def test_bad_redis_settings_are_one_line_and_exit_2(
    site, tmp_path, redis_url, redis_arg, extra, message
):
    (warc,) = write_warcs(tmp_path, site, 1)
    proc = subprocess.run(
        [sys.executable, "-m", "newscrawl", "import", str(warc), "--out", str(tmp_path / "out"),
         "--redis", redis_arg or redis_url, *extra],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "SCRAPY_SETTINGS_MODULE": "newscrawl.settings"},
    )  # fmt: skip
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("newscrawl import: error: ")
    assert message in lines[0]
