"""Bad input ends ``scrapy crawl news`` before any request: exit 2, one line, no traceback.

Every case runs as a real ``scrapy crawl news`` subprocess (all at once, in a module fixture).
The profiles and URLs point at a local server that counts requests: it must see none.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from faultserver import serve_counter

ROOT = Path(__file__).resolve().parents[1]

PROFILES = {
    "syntax": "name: broken\nstart_urls: [{base}/]\n  layouts: [\n",
    "unknown_key": "name: broken\nstart_urls: [{base}/]\ncolour: red\n",
    "wrong_type_list": "name: broken\nstart_urls: {base}/\n",
    "bad_regex": "name: broken\nstart_urls: [{base}/]\narticle_url_patterns: ['/(\\d+']\n",
    "bad_css": (
        "name: broken\nstart_urls: [{base}/]\nlayouts:\n  - name: main\n"
        "    selectors:\n      title: 'h1[[['\n"
    ),
    "bad_xpath": (
        "name: broken\nstart_urls: [{base}/]\nlayouts:\n  - name: main\n"
        "    selectors:\n      body: '//div[@class='\n"
    ),
    "bad_nested_regex": (
        "name: broken\nstart_urls: [{base}/]\nlayouts:\n  - name: main\n"
        "    stop_patterns: ['^Check Also(']\n"
    ),
}
"""Case -> profile YAML (``{base}`` is the counting server's URL)."""

CASES: dict[str, tuple[list[str], list[str]]] = {
    "syntax": ([], ["{file}", "line 3", "YAML syntax error"]),
    "unknown_key": ([], ["{file}", "colour", "unknown key"]),
    "wrong_type_list": ([], ["{file}", "start_urls", "expected list"]),
    "bad_regex": ([], ["{file}", "article_url_patterns[0]", "invalid regular expression"]),
    "bad_css": ([], ["{file}", "layouts[0].selectors.title", "invalid selector"]),
    "bad_xpath": ([], ["{file}", "layouts[0].selectors.body", "invalid selector"]),
    "bad_nested_regex": ([], ["{file}", "layouts[0].stop_patterns[0]", "invalid regular"]),
    "missing_file": (["-a", "site={tmp}/missing.yaml"], ["missing.yaml", "site", "not found"]),
    "url_scheme": (["-a", "url=ftp://{host}/"], ["url", "not an http(s) URL"]),
    "url_bad_port": (["-a", "url=http://{host}:99999/"], ["url", "invalid port"]),
    "url_not_a_url": (["-a", "url=news site"], ["url", "not an http(s) URL"]),
    "since_bad_date": (["-a", "url={base}/", "-a", "since=2026-13-45"], ["since", "YYYY-MM-DD"]),
    "since_after_until": (
        ["-a", "url={base}/", "-a", "since=2026-02-01", "-a", "until=2026-01-01"],
        ["since", "after until"],
    ),
    "no_target": ([], ["url=", "site="]),
}
"""Case -> (spider arguments, or [] for ``-a site=<case>.yaml``; what the line must name)."""


@pytest.fixture(scope="module")
def bad_runs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("badinput")
    with serve_counter("127.0.0.1") as (base, hits):
        host = base.split("//", 1)[1]
        procs = {}
        for case, (args, _) in CASES.items():
            if not args and case in PROFILES:
                path = tmp / f"{case}.yaml"
                path.write_text(PROFILES[case].format(base=base), encoding="utf-8")
                args = ["-a", f"site={path}"]
            args = [a.format(base=base, host=host, tmp=tmp) for a in args]
            procs[case] = subprocess.Popen(
                [sys.executable, "-m", "scrapy", "crawl", "news", *args],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env={**os.environ, "SCRAPY_SETTINGS_MODULE": "newscrawl.settings"},
            )
        results = {}
        for case, proc in procs.items():
            out, err = proc.communicate(timeout=120)
            results[case] = (proc.returncode, out, err)
        requests = sum(hits.values())
    return {"results": results, "requests": requests, "tmp": tmp}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_ends_the_run_with_one_line_naming_the_problem(bad_runs, case):
    code, out, err = bad_runs["results"][case]
    assert code == 2, err
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    line = lines[0]
    assert line.startswith("newscrawl: error: ")
    assert "Traceback" not in err
    for part in CASES[case][1]:
        assert part.format(file=bad_runs["tmp"] / f"{case}.yaml") in line, line


def test_bad_input_makes_no_request(bad_runs):
    assert len(bad_runs["results"]) == len(CASES)
    assert bad_runs["requests"] == 0
