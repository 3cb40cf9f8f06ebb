"""Scheduled runs with real processes: incremental runs, SIGKILL at chosen moments, bad input.

Every crawl is a ``python -m newscrawl.cli.crawl`` subprocess (what ``newscrawl crawl`` runs)
against a demo site served on 127.0.0.1 by this test process. Kill moments are reached either
by watching the output (articles written) or through the test-only kill points of `killpoints`
(the process stops there and the test SIGKILLs it).
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import killpoints
import pytest

from newscrawl.demo.model import Page
from newscrawl.demo.server import serve
from newscrawl.demo.site import Site

ROOT = Path(__file__).resolve().parents[1]
FAST = [
    "-s", "AUTOTHROTTLE_ENABLED=False",
    "-s", "DOWNLOAD_DELAY=0",
    "-s", "NEWSCRAWL_POOL_ENABLED=False",
    "-s", "TELNETCONSOLE_ENABLED=False",
]  # fmt: skip
SITE = "127.0.0.1"
N_ARTICLES = 24


class Runs:
    """Runs of ``newscrawl crawl`` against one served site, sharing state and output dirs."""

    def __init__(self, tmp: Path, url: str, state: str | None = None) -> None:
        self.tmp = tmp
        self.url = url
        self.out = tmp / "out"
        self.state_args = ["--redis", state] if state else ["--state-dir", str(tmp / "state")]
        self.count = 0

    def command(self, *extra: str) -> list[str]:
        self.count += 1
        return [
            sys.executable, "-m", "newscrawl.cli.crawl", self.url,
            *self.state_args, "--out", str(self.out), "--run-id", f"run{self.count:02d}",
            *FAST, *extra,
        ]  # fmt: skip

    def run(self, *extra: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
        proc = self.start(*extra)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            raise
        return subprocess.CompletedProcess(proc.args, proc.returncode, "", self.log())

    def unextractable(self) -> set[str]:
        """Return the URLs extraction found no body in (the clean pipeline logs them)."""
        found: set[str] = set()
        for log in self.tmp.glob("run*.log"):
            text = log.read_text(encoding="utf-8", errors="replace")
            found.update(re.findall(r"Dropped: no body text in (\S+)", text))
        return found

    def start(self, *extra: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
        command = self.command(*extra)
        with (self.tmp / f"run{self.count:02d}.log").open("w") as log:
            return subprocess.Popen(
                command,
                cwd=self.tmp,
                stdout=subprocess.DEVNULL,
                stderr=log,
                text=True,
                env={**os.environ, **(env or {})},
            )

    def log(self, run: int | None = None) -> str:
        path = self.tmp / f"run{run or self.count:02d}.log"
        return path.read_text(encoding="utf-8", errors="replace")[-3000:]

    def site_dir(self) -> Path:
        return self.out / SITE

    def completed_lines(self) -> list[dict]:
        return [
            json.loads(line)
            for path in sorted(self.site_dir().glob("*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines()
        ]

    def manifest(self, run: int) -> dict:
        return json.loads((self.site_dir() / f"run{run:02d}.manifest.json").read_text())


def kill_at_pause(runs: Runs, point: str, *extra: str, torn_after: int = 3) -> None:
    """Start a run that pauses at `point`, wait until it is there, SIGKILL it."""
    mark = runs.tmp / f"pause-{runs.count + 1}"
    proc = runs.start(*extra, env=killpoints.env(point, mark, torn_after))
    deadline = time.monotonic() + 120
    while not mark.exists():
        if proc.poll() is not None:
            raise AssertionError(f"run ended before {point}: {runs.log()}")
        if time.monotonic() > deadline:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            raise AssertionError(f"never reached {point}: {runs.log()}")
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()


def kill_after_articles(runs: Runs, *extra: str, min_bytes: int = 6000) -> None:
    """Start a slowed-down run and SIGKILL it once its part file holds some articles."""
    slow = ["-s", "DOWNLOAD_DELAY=0.05", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1"]
    proc = runs.start(*slow, *extra)
    part = runs.site_dir() / f"run{runs.count:02d}.jsonl.part"
    deadline = time.monotonic() + 120
    try:
        while not (part.exists() and part.stat().st_size >= min_bytes):
            if proc.poll() is not None:
                raise AssertionError(f"run ended before writing: {runs.log()}")
            assert time.monotonic() < deadline, "no articles written"
            time.sleep(0.02)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()


def path_of(url: str) -> str:
    """Return the path and query of `url`, as the demo server logs requests."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def check_exactly_once(runs: Runs, site, base: str) -> Counter:
    """Assert every article of `site` is exported exactly once across completed files.

    An article counts as exported when it or its syndicated copy is (which one is kept depends
    on download order, and the other one's drop is logged at INFO, which a run may not log).
    Articles the extractor finds no body in (dropped by the clean pipeline in every run, an
    extraction matter) are not expected; the kill tests are about losing extracted articles.
    """
    counts = Counter(line["canonical_url"] for line in runs.completed_lines())
    unextractable = runs.unextractable()
    groups = [article.urls(base) for article in site.articles]
    assert sum(1 for g in groups if g & unextractable) <= 2, f"no body in {sorted(unextractable)}"
    missing = [g for g in groups if not g & (set(counts) | unextractable)]
    repeated = {url: n for url, n in counts.items() if n > 1}
    with_copy = [g & set(counts) for g in groups if len(g & set(counts)) > 1]
    assert not missing, f"lost {len(missing)}: {missing[:5]}"
    assert not repeated, f"repeated: {repeated}"
    assert not with_copy, f"exported with its copy: {with_copy}"
    assert not list(runs.site_dir().glob("*.part")), "a .part file was left"
    return counts


@pytest.fixture(params=["sqlite", "redis"])
def backend(request):
    return None if request.param == "sqlite" else request.getfixturevalue("redis_url")


@pytest.fixture
def served():
    site = Site(theme="modern", n_articles=N_ARTICLES)
    with serve(site) as server:
        yield site, server


@pytest.fixture
def served_sahifa():
    site = Site(theme="sahifa", n_articles=N_ARTICLES, sitemap_size=10)
    with serve(site) as server:
        yield site, server


@pytest.mark.slow
def test_incremental_runs_fetch_only_new_and_changed_articles(tmp_path, served_sahifa):
    """Run 1 exports the site; run 2 (nothing changed) fetches no exported article page and no
    sitemap whose lastmod did not move; run 3 exports exactly the new articles and the revised
    one (revision 2), not the one whose lastmod moved without a change."""
    site, server = served_sahifa
    runs = Runs(tmp_path, server.url)
    child_sitemaps = {p for p in site.paths() if "sitemap" in p and "index" not in p}
    post_sitemaps = {p for p in child_sitemaps if p.startswith("/post-sitemap")}

    first = runs.run()
    assert first.returncode == 0, first.stderr[-3000:]
    assert "[py.warnings]" not in (tmp_path / "run01.log").read_text()  # no library noise
    exported = check_exactly_once(runs, site, server.url)
    first_requests = len(server.request_log)
    article_paths = {a.url_path for a in site.articles}
    first_articles = sum(1 for p in server.request_log if p in article_paths)
    assert first_articles >= N_ARTICLES

    exported_paths = {path_of(line["url"]) for line in runs.completed_lines()}
    server.clear_log()
    second = runs.run()
    assert second.returncode == 0, second.stderr[-3000:]
    assert runs.manifest(2)["articles"]["exported"] == 0
    assert [p for p in server.request_log if p in exported_paths] == []
    # unchanged lastmod in the index: skipped (robots.txt's own sitemaps are still read)
    assert not post_sitemaps & set(server.request_log)
    assert runs.manifest(2)["sources"]["sitemaps_skipped_unchanged"] == len(child_sitemaps)
    # robots.txt's news sitemap and the feed, read whole by run 1, answer its validators with
    # 304; the index (it lists sitemaps, which may change while it does not) is read again
    statuses = {r.path: r.status for r in server.requests}
    feeds = set(site.feed_paths()) & set(statuses)
    assert feeds
    assert {path: statuses[path] for path in {"/news-sitemap.xml", *feeds}} == dict.fromkeys(
        {"/news-sitemap.xml", *feeds}, 304
    )
    assert statuses["/sitemap_index.xml"] == 200
    assert runs.manifest(2)["sources"]["not_modified"] == 1 + len(feeds)
    second_requests = len(server.request_log)

    new = site.add_articles(3)
    revised = site.revise_article(2)
    touched = site.touch_article(5)  # lastmod moves, text does not
    server.clear_log()
    third = runs.run()
    assert third.returncode == 0, third.stderr[-3000:]
    lines = [json.loads(x) for x in (runs.site_dir() / "run03.jsonl").open(encoding="utf-8")]
    got = sorted((x["canonical_url"], x["revision"]) for x in lines)
    fresh = {a.url(server.url) for a in new} - runs.unextractable()
    assert got == sorted([*((url, 1) for url in fresh), (revised.url(server.url), 2)])
    changed = {
        r.path: r.status for r in server.requests if r.path in {"/news-sitemap.xml", *feeds}
    }
    assert changed == dict.fromkeys({"/news-sitemap.xml", *feeds}, 200)  # new articles in them
    refetched = {p for p in server.request_log if p in exported_paths}
    assert refetched == {revised.url_path, touched.url_path}
    assert post_sitemaps - set(server.request_log)  # some did not move
    manifest = runs.manifest(3)
    assert manifest["ok"] is True
    assert manifest["articles"]["revisions"] == 1
    assert manifest["articles"]["unchanged"] == 1
    assert manifest["articles"]["skipped_seen"] > 0
    assert {m["name"] for m in manifest["monitors"]["results"]} == {
        "min articles", "max error rate", "field coverage",
    }  # fmt: skip
    counts = Counter(line["canonical_url"] for line in runs.completed_lines())
    assert counts[revised.url(server.url)] == 2  # revision 1 and revision 2
    assert counts[touched.url(server.url)] == 1
    third_requests = len(server.request_log)

    server.clear_log()
    refresh = runs.run("--refresh")  # fetch everything again: nothing changed, nothing new
    assert refresh.returncode == 0, refresh.stderr[-3000:]
    assert runs.manifest(4)["articles"]["exported"] == 0
    assert runs.manifest(4)["articles"]["unchanged"] >= len(exported_paths)
    assert exported_paths <= set(server.request_log)
    print(
        f"\nrequests: first run {first_requests} ({first_articles} article pages, "
        f"{len(exported)} exported), second run {second_requests} (0 article pages), "
        f"third run {third_requests} ({len(fresh)} new, 1 revised, 1 touched), "
        f"--refresh run {len(server.request_log)}"
    )


@pytest.mark.slow
def test_an_article_a_server_error_kept_out_is_fetched_by_the_next_run(tmp_path, served_sahifa):
    """A 503 left after the retries is an error: the run records no watermark or validator,
    so the next run reads the sitemaps and feed again (not a 304) and gets the article."""
    site, server = served_sahifa
    victim = site.articles[-1]  # the newest: in the news sitemap and the feed
    serve_page = site.get
    site.get = lambda path, *args, **kwargs: (
        Page(b"busy", "text/plain", 503)
        if path == victim.url_path
        else serve_page(path, *args, **kwargs)
    )
    runs = Runs(tmp_path, server.url)
    no_links = ["-s", "NEWSCRAWL_DISCOVERY_FOLLOW_LINKS=False"]
    assert runs.run(*no_links).returncode == 0
    assert victim.url(server.url) not in exported_in(runs, 1)
    assert runs.manifest(1)["errors"]["by_kind"] == {"article": 1}
    assert runs.manifest(1)["sources"]["watermarks_saved"] == 0
    site.get = serve_page
    server.clear_log()
    assert runs.run(*no_links).returncode == 0
    assert exported_in(runs, 2) == [victim.url(server.url)]
    assert runs.manifest(2)["sources"]["not_modified"] == 0
    # nothing new: the news sitemap and the feed answer 304, the index's children are
    # skipped by lastmod; the articles they listed still count as found for the monitor
    third = runs.run(*no_links)
    assert third.returncode == 0, third.stderr[-3000:]
    assert runs.manifest(3)["sources"]["not_modified"] >= 2
    assert runs.manifest(3)["monitors"]["passed"] is True


def exported_in(runs: Runs, run: int) -> list[str]:
    path = runs.site_dir() / f"run{run:02d}.jsonl"
    return sorted(json.loads(x)["canonical_url"] for x in path.open(encoding="utf-8"))


@pytest.mark.slow
def test_runs_killed_at_every_moment_lose_and_repeat_nothing(tmp_path, served, backend):
    """Kill five runs in a row, each at another moment; the sixth run completes.

    Each run starts by recovering what the killed one before it left. New articles appear on
    the site between some runs, so every killed run has articles of its own to write.
    """
    site, server = served
    fast_reap = ["NEWSCRAWL_REDIS_HEARTBEAT=0.5", "NEWSCRAWL_REDIS_WORKER_TIMEOUT=2"]
    extra = [arg for s in fast_reap for arg in ("-s", s)] if backend else []
    runs = Runs(tmp_path, server.url, backend)
    kill_after_articles(runs, *extra)  # 1: some articles written, the last line maybe torn
    kill_at_pause(runs, "after_recover_rename", *extra)  # 2: killed while recovering run 1
    kill_at_pause(runs, "torn_write", *extra, torn_after=2)  # 3: in the middle of a line
    site.add_articles(3)
    kill_at_pause(runs, "before_rename", *extra)  # 4: part complete, not renamed
    fifth = site.add_articles(3)
    kill_at_pause(runs, "before_commit", *extra)  # 5: renamed, not committed
    new = site.add_articles(3)
    final = runs.run(*extra)
    assert final.returncode == 0, final.stderr[-3000:]
    counts = check_exactly_once(runs, site, server.url)
    bad = runs.unextractable()
    sixth = set(exported_in(runs, 6))
    assert {a.url(server.url) for a in new} - bad <= sixth
    if not backend:
        assert sorted(sixth) == sorted({a.url(server.url) for a in new} - bad)
    # On Redis, a killed run's claims live until its heartbeat times out: a run started
    # before that leaves those articles to the next run (still exactly once, checked above).
    recovery = runs.manifest(6)["recovery"]
    assert recovery["files_committed"] == ["run05.jsonl"]
    per_file = {p.name: len(p.read_text().splitlines()) for p in runs.site_dir().glob("*.jsonl")}
    assert per_file["run03.jsonl"] == 2  # two complete lines, the torn third cut
    assert per_file["run04.jsonl"] >= 3
    assert per_file["run05.jsonl"] == len({a.url(server.url) for a in fifth} - bad)
    print(f"\nkills: 5, articles {len(counts)}, lost 0, repeated 0; lines per file {per_file}")


@pytest.mark.slow
def test_overlapping_run_of_the_same_site_is_refused(tmp_path, served):
    _, server = served
    runs = Runs(tmp_path, server.url)
    mark = tmp_path / "paused"
    holder = runs.start(env=killpoints.env("before_commit", mark))
    try:
        deadline = time.monotonic() + 120
        while not mark.exists():
            assert holder.poll() is None, runs.log(1)
            assert time.monotonic() < deadline
            time.sleep(0.05)
        second = runs.run()
        assert second.returncode == 3
        assert f"another run of {SITE} is in progress (pid {holder.pid}" in second.stderr
        assert second.stderr.strip().count("\n") == 0
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    third = runs.run()  # the dead holder's lock is taken over
    assert third.returncode == 0, third.stderr[-3000:]


# ---------------------------------------------------------------------- bad input


def run_cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newscrawl.cli.crawl", *args, *FAST],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )


def assert_one_line_error(proc: subprocess.CompletedProcess[str], *words: str) -> None:
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    for word in words:
        assert word in lines[0]


def test_missing_site_is_one_line_and_no_output(tmp_path):
    proc = run_cli(tmp_path, "no-such-site", "--out", "out", "--state-dir", "st")
    assert_one_line_error(proc, "no-such-site")
    assert not list((tmp_path / "out").rglob("*.jsonl*"))


def test_corrupt_state_file_is_one_line_and_no_output(tmp_path):
    (tmp_path / "st").mkdir()
    (tmp_path / "st" / f"{SITE}.sqlite3").write_bytes(b"garbage" * 1000)
    proc = run_cli(tmp_path, "http://127.0.0.1:9/", "--out", "out", "--state-dir", "st")
    assert_one_line_error(proc, "corrupt", "st")
    assert not list((tmp_path / "out").rglob("*.jsonl*"))


def test_unwritable_state_dir_is_one_line_and_no_output(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    readonly = tmp_path / "ro"
    readonly.mkdir()
    readonly.chmod(0o500)
    bad_dirs = [blocker / "state"]
    if not os.access(readonly, os.W_OK):  # root ignores permissions
        bad_dirs.append(readonly / "state")
    try:
        for bad in bad_dirs:
            proc = run_cli(
                tmp_path, "http://127.0.0.1:9/", "--out", "out", "--state-dir", str(bad)
            )
            assert_one_line_error(proc, "state dir", "cannot be written")
    finally:
        readonly.chmod(0o700)
    assert not list((tmp_path / "o").rglob("*.jsonl*"))


@pytest.mark.slow
def test_failed_monitor_fails_the_run_and_the_manifest_says_why(tmp_path, served):
    site, server = served
    runs = Runs(tmp_path, server.url)
    proc = runs.run("-s", "NEWSCRAWL_MONITOR_MIN_ARTICLES=1000", "-L", "ERROR")
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert (
        "newscrawl crawl: 127.0.0.1: run failed: min articles: "
        f"{N_ARTICLES} articles found (new or already exported), expected at least 1000"
    ) in proc.stderr
    manifest = runs.manifest(1)
    assert manifest["ok"] is False
    assert manifest["failure"].startswith("min articles: ")
    assert manifest["monitors"]["passed"] is False
    assert manifest["articles"]["exported"] == N_ARTICLES
    assert manifest["requests"]["http_status"]["200"] == manifest["requests"]["total"]
    assert manifest["started_at"] <= manifest["finished_at"]
    assert manifest["code_version"].startswith("0.")
    assert manifest["profile"]["name"] == SITE
    # the articles are exported all the same: the next run does not repeat them
    assert runs.run().returncode == 0
    check_exactly_once(runs, site, server.url)


@pytest.mark.slow
def test_jobdir_run_killed_and_resumed_exports_every_article_once(tmp_path, served):
    """A JOBDIR crawl SIGKILLed with requests in flight, resumed with the same JOBDIR: the
    resumed run works off the persisted queue and discovers again what was in flight."""
    site, server = served
    runs = Runs(tmp_path, server.url)
    jobdir = ["-s", f"JOBDIR={tmp_path / 'job'}"]
    kill_after_articles(runs, *jobdir)
    assert (tmp_path / "job" / "requests.queue").is_dir()
    resumed = runs.run(*jobdir)
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    assert runs.manifest(2)["recovery"]["parts"] == ["run01.jsonl.part"]
    check_exactly_once(runs, site, server.url)


@pytest.mark.slow
def test_one_process_crawls_several_sites_each_with_its_state_and_monitors(tmp_path):
    """Two sites in one ``newscrawl crawl``: an ad-hoc URL and a profile with its own monitor
    thresholds; the profile's site fails its monitor, the other succeeds."""
    one, two = Site(theme="modern", n_articles=8), Site(theme="sahifa", n_articles=8)
    with serve(one) as first, serve(two) as second:
        profile = tmp_path / "second.yaml"
        profile.write_text(
            "name: second\n"
            f"start_urls: ['{second.url}']\n"
            "allowed_domains: ['127.0.0.1']\n"
            "monitors:\n  min_articles: 100\n"
        )
        proc = subprocess.run(
            [
                sys.executable, "-m", "newscrawl.cli.crawl", first.url, str(profile),
                "--state-dir", "state", "--out", "out", "--run-id", "multi", *FAST,
                "-L", "WARNING",
            ],
            cwd=tmp_path, capture_output=True, text=True, timeout=180,
        )  # fmt: skip
    assert proc.returncode == 1, proc.stderr[-3000:]
    assert "newscrawl crawl: second: run failed: min articles: " in proc.stderr
    assert "expected at least 100" in proc.stderr
    assert proc.stdout.startswith(f"{SITE}: ")
    assert re.match(
        rf"{SITE}: \d+ new articles \(0 revisions\), 0 skipped as exported, "
        r"0 sources unchanged, \d+ requests; ",
        proc.stdout,
    )
    manifests = {
        name: json.loads((tmp_path / "out" / name / "multi.manifest.json").read_text())
        for name in (SITE, "second")
    }
    assert manifests[SITE]["ok"] is True
    assert manifests["second"]["ok"] is False
    assert manifests["second"]["profile"]["sha256"]
    for name, site in ((SITE, one), ("second", two)):
        lines = (tmp_path / "out" / name / "multi.jsonl").read_text().splitlines()
        urls = {json.loads(x)["canonical_url"] for x in lines}
        assert len(urls) == len(lines) >= len(site.articles) - 1
        assert (tmp_path / "state" / f"{name}.sqlite3").exists()
