"""Every documented bad input ends with exit code 2 and one line on stderr, never a traceback.

Each case is a real subprocess (``scrapy crawl news`` or ``newscrawl …``), all started at
once; the URLs point at a local server that counts requests, and it must see none.
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

import pytest
from faultserver import serve_counter

ROOT = Path(__file__).resolve().parents[1]

SCRAPY = [sys.executable, "-m", "scrapy", "crawl", "news"]
NEWSCRAWL = [sys.executable, "-m", "newscrawl"]

CASES: dict[str, tuple[list[str], list[str]]] = {
    "unknown_spider_argument": (
        [*SCRAPY, "-a", "url={base}/", "-a", "max_article=5"],
        ["-a max_article", "unknown argument", "did you mean max_articles?", "since"],
    ),
    "url_with_a_space": ([*SCRAPY, "-a", "url={base}/news today/"], ["contains a space"]),
    "url_without_scheme": ([*SCRAPY, "-a", "url=example.com"], ["https://example.com/"]),
    "unknown_log_level": ([*SCRAPY, "-a", "url={base}/", "-L", "LOUD"], ["'LOUD'", "INFO"]),
    "unknown_log_level_setting": (
        [*SCRAPY, "-a", "url={base}/", "-s", "LOG_LEVEL=LOUD"],
        ["'LOUD'"],
    ),
    "crawl_unknown_log_level": (
        [
            *NEWSCRAWL,
            "crawl",
            "{base}/",
            "-L",
            "LOUD",
            "--state-dir",
            "{tmp}/s",
            "--out",
            "{tmp}/o",
        ],
        ["'LOUD'"],
    ),
    "crawl_host_without_scheme": (
        [*NEWSCRAWL, "crawl", "example.com", "--state-dir", "{tmp}/s", "--out", "{tmp}/o"],
        ["example.com", "https://example.com/"],
    ),
    "crawl_url_with_a_space": (
        [*NEWSCRAWL, "crawl", "{base}/a b/", "--state-dir", "{tmp}/s", "--out", "{tmp}/o"],
        ["contains a space"],
    ),
    "crawl_unknown_option": ([*NEWSCRAWL, "crawl", "sana", "--fast"], ["--fast"]),
    "demo_no_articles": ([*NEWSCRAWL, "demo", "--articles", "0"], ["--articles", "positive"]),
    "demo_port_out_of_range": (
        [*NEWSCRAWL, "demo", "--serve", "--port", "70000"],
        ["--port", "65535"],
    ),
    "extract_corrupt_gz": (
        [*NEWSCRAWL, "extract", "{tmp}/page.html.gz", "--url", "https://example.com/a"],
        ["page.html.gz", "not a valid gzip file"],
    ),
    "extract_not_a_url": (
        [*NEWSCRAWL, "extract", "{tmp}/page.html", "--url", "notaurl"],
        ["--url", "'notaurl'"],
    ),
    "eval_not_json": ([*NEWSCRAWL, "eval", "{tmp}/notes.jsonl"], ["notes.jsonl", "not JSON"]),
    "eval_wrong_format": (
        [*NEWSCRAWL, "eval", "{tmp}/articles.jsonl"],
        ["articles.jsonl", "not a case", "html"],
    ),
    "unknown_command": ([*NEWSCRAWL, "crwal"], ["'crwal'", "did you mean crawl?"]),
}
"""Case -> (command line, what its one line must say)."""

MORE_CASES: dict[str, tuple[list[str], list[str]]] = {
    "report_missing": ([*NEWSCRAWL, "report", "{tmp}/nowhere"], ["nowhere", "no such file"]),
    "report_empty_dir": ([*NEWSCRAWL, "report", "{tmp}/empty"], ["no run manifest"]),
    "report_not_a_manifest": (
        [*NEWSCRAWL, "report", "{tmp}/bad.manifest.json"],
        ["bad.manifest.json", "not a run manifest"],
    ),
    "stats_missing": ([*NEWSCRAWL, "stats", "{tmp}/nowhere.jsonl"], ["nowhere.jsonl"]),
    "stats_not_jsonl": ([*NEWSCRAWL, "stats", "{tmp}/notes.jsonl"], ["line 1", "not JSON"]),
}
"""Cases of the report, stats and schema commands."""


def _files(tmp: Path) -> None:
    (tmp / "page.html.gz").write_bytes(b"this is not gzip")
    (tmp / "page.html").write_text("<html><body><p>hello</p></body></html>", encoding="utf-8")
    (tmp / "notes.jsonl").write_text("some notes\n", encoding="utf-8")
    (tmp / "articles.jsonl").write_text('{"url": "https://example.com/a"}\n', encoding="utf-8")
    (tmp / "empty").mkdir()
    (tmp / "bad.manifest.json").write_text("[1, 2]", encoding="utf-8")
    with gzip.open(tmp / "ok.gz", "wt") as fh:
        fh.write("x")


@pytest.fixture(scope="module")
def bad_runs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("clierrors")
    _files(tmp)
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newscrawl.settings"}
    with serve_counter("127.0.0.1") as (base, hits):
        procs = {}
        for case, (argv, _) in {**CASES, **MORE_CASES}.items():
            procs[case] = subprocess.Popen(
                [a.format(base=base, tmp=tmp) for a in argv],
                cwd=tmp,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
            )
        results = {}
        for case, proc in procs.items():
            out, err = proc.communicate(timeout=120)
            results[case] = (proc.returncode, out, err)
        requests = sum(hits.values())
    return {"results": results, "requests": requests}


@pytest.mark.parametrize("case", [*CASES, *MORE_CASES])
def test_bad_input_exits_2_with_one_line_and_no_traceback(bad_runs, case):
    code, out, err = bad_runs["results"][case]
    assert code == 2, err
    assert out == ""
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert ": error: " in lines[0]
    for part in {**CASES, **MORE_CASES}[case][1]:
        assert part in lines[0], lines[0]


def test_bad_input_makes_no_request(bad_runs):
    assert bad_runs["requests"] == 0


def test_version_prints_the_version():
    from newscrawl import __version__

    proc = subprocess.run(
        [*NEWSCRAWL, "--version"], capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"newscrawl {__version__}"
