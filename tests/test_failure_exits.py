"""Failure is not success: a run that reached nothing, or wrote nothing, exits non-zero.

Every case is a real ``scrapy crawl news`` (or ``newscrawl crawl``) subprocess. Sites that
cannot be reached: a closed port on 127.0.0.1 (connection refused), a ``.invalid`` name (DNS
lookup failed; the crawl runs under ``tests/offline_scrapy.py``, so the lookup fails on this
machine and no packet leaves it), a server answering 503 to everything. Outputs that cannot be
written: refused before the first request (exit 2), or lost during the crawl (exit 1). Each
failure is one line on stderr (``newscrawl: error: …``), never a traceback.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from faultserver import serve_counter

from newscrawl.demo.server import serve
from newscrawl.demo.site import Site

ROOT = Path(__file__).resolve().parents[1]
TESTS = Path(__file__).resolve().parent
FAST = [
    "-s", "AUTOTHROTTLE_ENABLED=False",
    "-s", "DOWNLOAD_DELAY=0",
    "-s", "NEWSCRAWL_POOL_ENABLED=False",
    "-s", "RETRY_TIMES=1",
]  # fmt: skip
ENV = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newscrawl.settings"}


def crawl(tmp: Path, *args: str, offline: bool = False) -> subprocess.CompletedProcess[str]:
    """Run ``scrapy crawl news ARGS`` in `tmp` (output dir ``tmp/output``)."""
    runner = [str(TESTS / "offline_scrapy.py")] if offline else ["-m", "scrapy"]
    return subprocess.run(
        [sys.executable, *runner, "crawl", "news", *args, *FAST,
         "-s", f"NEWSCRAWL_OUTPUT_DIR={tmp / 'output'}"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, env=ENV,
    )  # fmt: skip


def error_line(proc: subprocess.CompletedProcess[str]) -> str:
    """Return the one ``newscrawl: error:`` line of a run's stderr; it must end the output."""
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    lines = proc.stderr.strip().splitlines()
    errors = [line for line in lines if line.startswith("newscrawl: error:")]
    assert len(errors) == 1, proc.stderr[-3000:]
    assert lines[-1] == errors[0]
    return errors[0]


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])  # closed again when the block ends: refused


# ---------------------------------------------------------------------- site not reached


def test_site_refusing_connections_fails_the_run(tmp_path):
    proc = crawl(tmp_path, "-a", f"url=http://127.0.0.1:{closed_port()}/")
    assert proc.returncode == 1
    line = error_line(proc)
    assert line.startswith("newscrawl: error: 127.0.0.1: run failed: no response from the site")
    assert "connection refused" in line


def test_site_whose_name_does_not_resolve_fails_the_run(tmp_path):
    proc = crawl(tmp_path, "-a", "url=http://news.example.invalid/", offline=True)
    assert proc.returncode == 1
    line = error_line(proc)
    assert line.startswith("newscrawl: error: news.example.invalid: run failed: no response")
    assert "DNS lookup failed" in line


@pytest.fixture
def failing_server():
    """A site that answers 503 to every request; yields its URL and the request count."""
    hits: list[str] = []

    class Busy(BaseHTTPRequestHandler):
        def log_message(self, format, *args):
            return

        def do_GET(self):
            hits.append(self.path)
            body = b"<html><body>busy</body></html>"
            self.send_response(503)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Busy)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", hits
    finally:
        server.shutdown()
        server.server_close()


def test_site_failing_every_request_fails_the_run(tmp_path, failing_server):
    url, hits = failing_server
    proc = crawl(tmp_path, "-a", f"url={url}", "-O", str(tmp_path / "out.jsonl"))
    assert proc.returncode == 1
    assert hits
    line = error_line(proc)
    assert "run failed: every request failed: 3 of 3 requests (HTTP 503)" in line
    assert (tmp_path / "out.jsonl").read_text() == ""


def test_scheduled_run_of_an_unreachable_site_fails_and_the_error_monitor_counts_it(tmp_path):
    """With no minimum of articles, only the failed downloads can fail the run."""
    proc = subprocess.run(
        [sys.executable, "-m", "newscrawl.cli.crawl", f"http://127.0.0.1:{closed_port()}/",
         "--state-dir", "state", "--out", "out", "--run-id", "r1", *FAST,
         "-s", "NEWSCRAWL_MONITOR_MIN_ARTICLES=0"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, env=ENV,
    )  # fmt: skip
    assert proc.returncode == 1, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    assert "newscrawl crawl: 127.0.0.1: run failed: no response from the site" in proc.stderr
    manifest = json.loads((tmp_path / "out" / "127.0.0.1" / "r1.manifest.json").read_text())
    assert manifest["ok"] is False
    assert manifest["failure"].startswith("no response from the site: 3 requests failed")
    monitors = {m["name"]: m for m in manifest["monitors"]["results"]}
    assert monitors["min articles"]["status"] == "passed"
    assert monitors["max error rate"]["status"] == "failed"
    assert "3 of 3 requests failed" in monitors["max error rate"]["reason"]


# ---------------------------------------------------------------------- output not writable


@pytest.fixture(scope="module")
def refused_outputs(tmp_path_factory):
    """Run every unwritable-output case against a counting server; it must see no request."""
    tmp = tmp_path_factory.mktemp("outputs")
    blocker = tmp / "a-file"
    blocker.write_text("not a directory")
    (tmp / "dir.jsonl").mkdir()
    cases = {
        "O_under_file": ["-O", str(blocker / "out.jsonl")],
        "o_under_file": ["-o", str(blocker / "sub" / "out.jsonl")],
        "O_in_proc": ["-O", "/proc/newscrawl-test/out.jsonl"],
        "O_is_dir": ["-O", str(tmp / "dir.jsonl")],
        "output_dir_under_file": ["-s", f"NEWSCRAWL_OUTPUT_DIR={blocker / 'output'}"],
    }
    with serve_counter("127.0.0.1") as (base, hits):
        command = [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"url={base}/", *FAST]
        procs = {
            name: subprocess.Popen(
                [*command, *args],
                cwd=tmp,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=ENV,
            )
            for name, args in cases.items()
        }
        results = {}
        for name, proc in procs.items():
            out, err = proc.communicate(timeout=120)
            results[name] = (proc.returncode, out, err)
    return results, sum(hits.values()), blocker


@pytest.mark.parametrize(
    ("case", "words"),
    [
        ("O_under_file", ["output", "a-file/out.jsonl", "cannot be written", "not a directory"]),
        ("o_under_file", ["output", "a-file/sub/out.jsonl", "cannot be written"]),
        ("O_in_proc", ["output /proc/newscrawl-test/out.jsonl cannot be written"]),
        ("O_is_dir", ["cannot be written: it is a directory"]),
        ("output_dir_under_file", ["output dir", "a-file/output", "cannot be written"]),
    ],
)
def test_unwritable_output_is_refused_before_the_first_request(refused_outputs, case, words):
    results, _, _ = refused_outputs
    code, out, err = results[case]
    assert code == 2, err
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("newscrawl: error: ")
    for word in words:
        assert word in lines[0]


def test_unwritable_outputs_make_no_request(refused_outputs):
    _, requests, blocker = refused_outputs
    assert requests == 0
    assert blocker.read_text() == "not a directory"


def test_output_lost_during_the_crawl_fails_the_run(tmp_path):
    """The output's directory disappears while the crawl runs: the file cannot be completed."""
    site = Site(theme="sahifa", n_articles=8)
    held = site.articles[-1].url_path
    gate = threading.Event()
    serve_page = site.get

    def get(path, *args, **kwargs):
        if path.split("?")[0] == held:
            gate.wait(60)
        return serve_page(path, *args, **kwargs)

    site.get = get
    target = tmp_path / "feeds" / "out.jsonl"
    with serve(site) as server:
        proc = subprocess.Popen(
            [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"url={server.url}",
             *FAST, "-O", str(target)],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 60
            part = target.with_name("out.jsonl.part")
            while not part.exists():  # articles are being written
                assert proc.poll() is None, proc.communicate()[1][-3000:]
                assert time.monotonic() < deadline, "no article written"
                time.sleep(0.05)
            shutil.rmtree(target.parent)
        finally:
            gate.set()
        out, err = proc.communicate(timeout=120)
    result = subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
    assert result.returncode == 1, err[-3000:]
    line = error_line(result)
    assert line.startswith(f"newscrawl: error: 127.0.0.1: run failed: output {target} not written")
    assert not target.exists()
