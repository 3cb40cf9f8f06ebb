"""Scrapyd route: a real ``scrapyd`` on 127.0.0.1, ``scrapyd-deploy``, ``schedule.json``.

The project is copied to a temporary directory (the egg build writes ``build/`` and
``*.egg-info`` next to ``scrapy.cfg``), its ``[deploy]`` target pointed at the test's scrapyd,
and deployed with ``scrapyd-deploy``. Two jobs are scheduled with the same spider arguments as
the command line and the scheduled-run settings; the second exports nothing new.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from newscrawl.demo.server import serve
from newscrawl.demo.site import Site

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def call(base: str, endpoint: str, data: list[tuple[str, str]] | None = None) -> dict:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    with urllib.request.urlopen(base + endpoint, data=body, timeout=30) as response:
        return json.loads(response.read())


@pytest.fixture
def scrapyd(tmp_path):
    """Start scrapyd on a free port in a temp dir; yield its base URL and directory."""
    home = tmp_path / "scrapyd"
    home.mkdir()
    port = free_port()
    (home / "scrapyd.conf").write_text(
        "[scrapyd]\n"
        "bind_address = 127.0.0.1\n"
        f"http_port = {port}\n"
        f"eggs_dir = {home / 'eggs'}\n"
        f"logs_dir = {home / 'logs'}\n"
        "items_dir =\n"
        f"dbs_dir = {home / 'dbs'}\n"
        "max_proc = 1\n"
        "poll_interval = 0.5\n"
    )
    log = (home / "scrapyd.out").open("w")
    proc = subprocess.Popen(
        [str(BIN / "scrapyd"), "--pidfile=", "-l", "-"], cwd=home, stdout=log, stderr=log
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                call(base, "daemonstatus.json")
                break
            except OSError:
                assert proc.poll() is None, (home / "scrapyd.out").read_text()
                assert time.monotonic() < deadline, "scrapyd did not start"
                time.sleep(0.2)
        yield base, home
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def deploy(base: str, tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    for name in ("pyproject.toml", "README.md", "requirements.txt"):
        if (ROOT / name).exists():
            shutil.copy(ROOT / name, project / name)
    shutil.copytree(
        ROOT / "newscrawl", project / "newscrawl", ignore=shutil.ignore_patterns("__pycache__")
    )
    cfg = (ROOT / "scrapy.cfg").read_text()
    (project / "scrapy.cfg").write_text(re.sub(r"(?m)^url = .*$", f"url = {base}", cfg))
    proc = subprocess.run(
        [str(BIN / "scrapyd-deploy"), "-p", "newscrawl", "-v", "r1"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert '"status": "ok"' in proc.stdout or "'status': 'ok'" in proc.stdout + proc.stderr, (
        proc.stdout + proc.stderr
    )


def run_job(base: str, site_url: str, home: Path) -> str:
    settings = [
        "NEWSCRAWL_STATE_ENABLED=True",
        "SPIDERMON_ENABLED=True",
        f"NEWSCRAWL_STATE_DIR={home / 'state'}",
        f"NEWSCRAWL_OUTPUT_DIR={home / 'output'}",
        "AUTOTHROTTLE_ENABLED=False",
        "DOWNLOAD_DELAY=0",
        "NEWSCRAWL_POOL_ENABLED=False",
    ]
    data = [("project", "newscrawl"), ("spider", "news"), ("url", site_url)]
    data += [("setting", s) for s in settings]
    answer = call(base, "schedule.json", data)
    assert answer["status"] == "ok", answer
    job = answer["jobid"]
    deadline = time.monotonic() + 240
    while True:
        jobs = call(base, "listjobs.json?project=newscrawl")
        if any(j["id"] == job for j in jobs["finished"]):
            return job
        assert time.monotonic() < deadline, jobs
        time.sleep(0.5)


@pytest.mark.slow
def test_scrapyd_deploy_and_schedule_crawl_articles_incrementally(tmp_path, scrapyd):
    base, home = scrapyd
    deploy(base, tmp_path)
    assert "news" in call(base, "listspiders.json?project=newscrawl")["spiders"]
    site = Site(theme="modern", n_articles=12)
    with serve(site) as server:
        first = run_job(base, server.url, home)
        second = run_job(base, server.url, home)
    out = home / "output" / "127.0.0.1"
    manifests = sorted(out.glob("*.manifest.json"))
    assert len(manifests) == 2, list(out.iterdir())
    runs = [json.loads(p.read_text()) for p in manifests]
    assert [m["ok"] for m in runs] == [True, True]
    lines = [json.loads(x) for p in sorted(out.glob("*.jsonl")) for x in p.open()]
    exported = {x["canonical_url"] for x in lines}
    logs = "".join(
        (home / "logs" / "newscrawl" / "news" / f"{job}.log").read_text()
        for job in (first, second)
    )
    unextractable = set(re.findall(r"Dropped: no body text in (\S+)", logs))
    expected = {a.url(server.url) for a in site.articles} - unextractable
    assert len(expected) >= len(site.articles) - 2, f"extraction failed on {unextractable}"
    for article in site.articles:
        if article.url(server.url) not in expected:
            continue
        # An article or its syndicated copy, whichever was downloaded first (never both).
        assert len(article.urls(server.url) & exported) == 1, article.url_path
    assert len(lines) == len(exported)  # once each
    assert runs[1]["articles"]["exported"] == 0
    assert runs[1]["articles"]["skipped_seen"] > 0
