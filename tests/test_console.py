"""What a person running a crawl sees: a quiet terminal, a complete log file, progress.

- A plain ``scrapy crawl news`` (stderr not a terminal) logs as Scrapy does, without any item
  and without a warning on a healthy run, with periodic progress lines and a summary.
- On a terminal (a pseudo-terminal here) the console shows the progress and the summary only;
  the full log is in ``<output>.log`` beside the output; ``-L INFO`` brings the log back.
"""

from __future__ import annotations

import json
import logging
import os
import pty
import re
import signal
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import jsonschema
import pytest

from newscrawl.console.logformatter import OffByDesignFilter
from newscrawl.console.progress import errors_by_kind, progress_line, snapshot, summary_lines
from newscrawl.console.schema import article_schema
from newscrawl.demo.server import serve
from newscrawl.demo.site import Site

ROOT = Path(__file__).resolve().parents[1]
FAST = [
    "-s",
    "AUTOTHROTTLE_ENABLED=False",
    "-s",
    "DOWNLOAD_DELAY=0",
    "-s",
    "NEWSCRAWL_CONSOLE_INTERVAL=0.5",
]
ENV = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newscrawl.settings", "COLUMNS": "100"}


@pytest.fixture(scope="module")
def demo_url():
    with serve(Site(theme="sahifa", n_articles=40)) as server:
        yield server.url


def _crawl_cmd(url: str, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"url={url}", *FAST,
            "-O", str(out), *extra]  # fmt: skip


def _read_all(fd: int) -> bytes:
    chunks = []
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.close(fd)
    return b"".join(chunks)


def _on_terminal(cmd: list[str], cwd: Path) -> tuple[subprocess.Popen[bytes], Future[bytes]]:
    """Start `cmd` with a pseudo-terminal as its stdout and stderr; return it and its screen."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=follower, stderr=follower, env=ENV)
    os.close(follower)
    return proc, ThreadPoolExecutor(1).submit(_read_all, leader)


def _newscrawl_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "newscrawl", *args]


@pytest.fixture(scope="module")
def crawls(demo_url, tmp_path_factory):
    """Run the crawls at once: ``scrapy crawl`` plain (a pipe), on a terminal, on a terminal
    with -L; ``newscrawl crawl`` and ``newscrawl demo`` on a terminal."""
    runs = {}
    procs = {}
    for name, extra, terminal in (
        ("plain", [], False),
        ("terminal", [], True),
        ("terminal_info", ["-L", "INFO"], True),
        ("newscrawl_crawl", [], True),
        ("newscrawl_demo", [], True),
    ):
        tmp = tmp_path_factory.mktemp(name)
        out = tmp / "out.jsonl"
        cmd = _crawl_cmd(demo_url, out, *extra)
        if name == "newscrawl_crawl":
            cmd = _newscrawl_cmd("crawl", demo_url, "--out", "output", *FAST)
        elif name == "newscrawl_demo":
            cmd = _newscrawl_cmd("demo", "--articles", "12", "--out", "output")
        if terminal:
            proc, reader = _on_terminal(cmd, tmp)
        else:
            proc = subprocess.Popen(
                cmd, cwd=tmp, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV
            )
            reader = ThreadPoolExecutor(1).submit(lambda p=proc: p.communicate(timeout=180)[1])
        procs[name] = (proc, reader, tmp, out)
    for name, (proc, reader, tmp, out) in procs.items():
        output = reader.result(timeout=180).decode("utf-8", "replace")
        runs[name] = (proc.wait(timeout=180), output, tmp, out)
    return runs


@pytest.mark.slow
def test_plain_scrapy_crawl_of_the_demo_prints_no_item_and_no_warning(crawls):
    code, log, _, out = crawls["plain"]
    assert code == 0, log[-3000:]
    articles = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(articles) >= 10
    validator = jsonschema.Draft202012Validator(article_schema())
    for article in articles:  # every exported line matches the documented schema
        assert not list(validator.iter_errors(article)), article["url"]
    assert " WARNING: " not in log, [line for line in log.splitlines() if "WARNING" in line]
    assert " ERROR: " not in log
    assert "Scraped from" not in log
    for article in articles:
        assert article["body"][:60] not in log
    assert "'body':" not in log
    assert re.search(r"summary: \S+: \d+ articles exported", log)
    assert f"summary: output: {out}" in log
    assert "Disabled newscrawl.extensions.runstate.RunStateExtension" in log  # at INFO


@pytest.mark.slow
def test_published_and_modified_of_one_article_use_the_same_offset(crawls):
    _, _, _, out = crawls["plain"]
    articles = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    both = [a for a in articles if a["published"] and a["modified"]]
    assert both
    assert [a["url"] for a in both if a["published"][-6:] != a["modified"][-6:]] == []


@pytest.mark.slow
def test_on_a_terminal_the_console_shows_progress_and_summary_and_the_log_goes_to_a_file(
    crawls,
):
    code, screen, tmp, _ = crawls["terminal"]
    assert code == 0, screen[-3000:]
    assert "[scrapy" not in screen  # no log line
    assert re.search(r"\d+ articles exported in", screen)
    assert "exported" in screen
    assert "pages" in screen
    log_file = tmp / "out.log"
    assert f"log: {log_file}" in screen.replace("\r\n", "\n").replace("\n  ", " ")
    log = log_file.read_text(encoding="utf-8")
    assert "Scrapy 2." in log.splitlines()[0]  # the whole log, from its first line
    assert "Spider closed (finished)" in log
    assert "Dumping Scrapy stats" in log


@pytest.mark.slow
def test_log_level_on_a_terminal_brings_the_log_back(crawls):
    code, screen, tmp, _ = crawls["terminal_info"]
    assert code == 0, screen[-3000:]
    assert "[scrapy.core.engine] INFO: Spider closed (finished)" in screen
    assert not (tmp / "out.log").exists()


@pytest.mark.slow
@pytest.mark.parametrize("name", ["newscrawl_crawl", "newscrawl_demo"])
def test_newscrawl_commands_on_a_terminal_show_progress_and_summary_only(crawls, name):
    code, screen, tmp, _ = crawls[name]
    assert code == 0, screen[-3000:]
    assert "[scrapy" not in screen  # no log line
    assert re.search(r"\d+ articles exported in", screen)
    (log_file,) = (tmp / "output").glob("*/*.log")
    assert f"log: {log_file}" in screen.replace("\r\n", "\n").replace("\n  ", " ")
    assert "Spider closed (finished)" in log_file.read_text(encoding="utf-8")
    (feed,) = (tmp / "output").glob("*/*.jsonl")
    assert len(feed.read_text(encoding="utf-8").splitlines()) >= 10


@pytest.mark.slow
def test_ctrl_c_on_a_quiet_terminal_says_it_is_stopping_then_sums_up(demo_url, tmp_path):
    """The first Ctrl-C is told on the screen at once; the run then ends with its summary."""
    slow = ["-s", "DOWNLOAD_DELAY=0.3", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1"]
    cmd = [*_crawl_cmd(demo_url, tmp_path / "out.jsonl"), *slow]
    proc, screen = _on_terminal(cmd, tmp_path)
    deadline = time.monotonic() + 60
    while not (tmp_path / "out.log").exists():  # named when the crawl opens
        assert proc.poll() is None, "the crawl ended before Ctrl-C"
        assert time.monotonic() < deadline, "the crawl never started"
        time.sleep(0.1)
    time.sleep(3)  # the 40 articles take 12 s at one request per 0.3 s
    proc.send_signal(signal.SIGINT)
    code = proc.wait(timeout=60)
    text = screen.result(timeout=10).decode("utf-8", "replace")
    assert "Received SIGINT, shutting down gracefully" in text
    assert re.search(r"\d+ articles exported in", text)
    assert code == 1, text[-2000:]  # stopped before the end: not a success
    assert "Traceback" not in text
    exported = int(re.findall(r"(\d+) articles exported in", text)[-1])
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert 0 < len(lines) == exported < 40  # what was exported until then, whole lines
    assert all(json.loads(line)["body"] for line in lines)


def test_demo_serve_serves_the_site_until_stopped(tmp_path):
    proc = subprocess.Popen(
        [sys.executable, "-m", "newscrawl", "demo", "--serve", "--port", "0", "--articles", "5"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(url + "robots.txt", timeout=10) as response:
            assert b"Sitemap:" in response.read()
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0
    assert "scrapy crawl news -a url=" in err


def test_progress_line_shows_every_figure_and_an_eta():
    stats = {
        "response_received_count": 30,
        "item_scraped_count": 20,
        "newscrawl/not_exported/duplicate": 2,
        "newscrawl/not_exported/short_body": 1,
        "downloader/response_status_count/404": 3,
        "downloader/response_status_count/200": 27,
        "downloader/exception_type_count/twisted.internet.error.TimeoutError": 1,
        "scheduler/enqueued": 50,
        "scheduler/dequeued": 40,
    }
    snap = snapshot(stats, elapsed=10.0, expected=40, fetched_articles=20)
    line = progress_line(snap)
    assert line.startswith("progress: 30 pages (180/min), 20 exported, 3 not exported")
    assert "duplicate 2, short_body 1" in line
    assert "4 errors" in line
    assert "10 queued" in line
    assert "20/40 article pages, ETA 10.0s" in line
    assert errors_by_kind(stats) == {"http 404": 3, "TimeoutError": 1}
    lines = summary_lines(snap, "demo", "finished", "out.jsonl", "out.log")
    assert lines[0] == "demo: 20 articles exported in 10.0s"
    assert "output: out.jsonl" in lines
    assert "log: out.log" in lines


def test_a_newscrawl_component_off_by_design_is_not_a_warning():
    record = logging.LogRecord(
        "scrapy.middleware",
        logging.WARNING,
        __file__,
        1,
        "Disabled %(clspath)s: %(eargs)s",
        ({"clspath": "newscrawl.extensions.runstate.X", "eargs": "NEWSCRAWL_X_ENABLED is False"},),
        None,
    )
    assert OffByDesignFilter().filter(record)
    assert record.levelno == logging.INFO
    other = logging.LogRecord(
        "scrapy.middleware",
        logging.WARNING,
        __file__,
        1,
        "Disabled %(clspath)s: %(eargs)s",
        ({"clspath": "thirdparty.Ext", "eargs": "missing key"},),
        None,
    )
    OffByDesignFilter().filter(other)
    assert other.levelno == logging.WARNING
    misconfigured = logging.LogRecord(
        "scrapy.middleware",
        logging.WARNING,
        __file__,
        1,
        "Disabled %(clspath)s: %(eargs)s",
        ({"clspath": "newscrawl.extensions.runstate.X", "eargs": "needs the news spider"},),
        None,
    )
    OffByDesignFilter().filter(misconfigured)
    assert misconfigured.levelno == logging.WARNING
