"""Politeness in a real crawl: robots.txt Crawl-delay holds against AutoThrottle, robots.txt
Disallow is obeyed, robots.txt is downloaded once, and every request names newscrawl and the
crawl's contact.

Two ``scrapy crawl news`` subprocesses run at once against two copies of a small site whose
robots.txt says ``Crawl-delay: 0.6``, both with AutoThrottle on and a minimum delay of 0
(AutoThrottle would let a fast local site go at full speed): one with the Crawl-delay and
robots.txt reuse middlewares (the default), one without them as the control.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from faultserver import PoliteSite, serve

ROOT = Path(__file__).resolve().parents[1]
CRAWL_DELAY = 0.6
CONTACT = "mailto:crawl-ops@example.org"

WITHOUT_OUR_POLITENESS = [
    "-s", "NEWSCRAWL_CRAWL_DELAY_ENABLED=False",
    "-s", "NEWSCRAWL_ROBOTS_REUSE_ENABLED=False",
]  # fmt: skip

pytestmark = pytest.mark.slow


def _crawl(base: str, out: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "scrapy",
            "crawl",
            "news",
            "-a",
            f"url={base}/",
            "-s",
            "AUTOTHROTTLE_ENABLED=True",
            "-s",
            "AUTOTHROTTLE_START_DELAY=0",
            "-s",
            "DOWNLOAD_DELAY=0",
            "-s",
            f"NEWSCRAWL_CONTACT={CONTACT}",
            "-O",
            str(out),
            *extra,
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "SCRAPY_SETTINGS_MODULE": "newscrawl.settings"},
    )


def _gaps(site: PoliteSite) -> list[float]:
    """Return the gaps between consecutive requests after the first robots.txt response."""
    times = [t for t, _, _ in site.log]
    first = next(i for i, (_, path, _) in enumerate(site.log) if path == "/robots.txt")
    times = times[first:]
    return [b - a for a, b in itertools.pairwise(times)]


@pytest.fixture(scope="module")
def polite_crawls(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("polite")
    polite, control = PoliteSite(crawl_delay=CRAWL_DELAY), PoliteSite(crawl_delay=CRAWL_DELAY)
    with serve(polite) as base, serve(control) as control_base:
        runs = {
            "polite": _crawl(base, tmp / "polite.jsonl"),
            "control": _crawl(control_base, tmp / "control.jsonl", *WITHOUT_OUR_POLITENESS),
        }
        logs = {name: proc.communicate(timeout=240)[1] for name, proc in runs.items()}
    codes = {name: proc.returncode for name, proc in runs.items()}
    lines = {
        name: [json.loads(x) for x in (tmp / f"{name}.jsonl").read_text().splitlines()]
        for name in runs
    }
    return {"sites": {"polite": polite, "control": control}, "codes": codes, "logs": logs,
            "lines": lines}  # fmt: skip


def test_robots_crawl_delay_spaces_every_request(polite_crawls):
    assert polite_crawls["codes"]["polite"] == 0, polite_crawls["logs"]["polite"][-2000:]
    site = polite_crawls["sites"]["polite"]
    gaps = _gaps(site)
    assert len(gaps) >= 6
    assert min(gaps) >= CRAWL_DELAY * 0.9, gaps
    assert "newscrawl/crawl_delay/robots" in polite_crawls["logs"]["polite"]


def test_without_the_middleware_autothrottle_would_not_wait(polite_crawls):
    # the control shows the test can fail: AutoThrottle alone lets requests go back to back
    assert polite_crawls["codes"]["control"] == 0
    assert min(_gaps(polite_crawls["sites"]["control"])) < CRAWL_DELAY * 0.5


def test_polite_crawl_exports_the_articles_and_obeys_disallow(polite_crawls):
    site = polite_crawls["sites"]["polite"]
    urls = sorted(a["url"].split("/", 3)[3] for a in polite_crawls["lines"]["polite"])
    assert urls == sorted(p.lstrip("/") for p in site.expected)
    assert site.hits_under("/private/") == 0


def test_robots_txt_is_downloaded_once_and_read_for_rules_and_sitemaps(polite_crawls):
    paths = [path for _, path, _ in polite_crawls["sites"]["polite"].log]
    assert paths.count("/robots.txt") == 1
    assert "/sitemap_index.xml" in paths  # its Sitemap: line reached the spider
    assert "'newscrawl/robots_reuse/answered': 1," in polite_crawls["logs"]["polite"]
    # the control shows the test can fail: Scrapy alone downloads it for the rules, then the
    # spider downloads it again for the sitemaps
    control = [path for _, path, _ in polite_crawls["sites"]["control"].log]
    assert control.count("/robots.txt") == 2


def test_every_request_names_newscrawl_and_the_contact(polite_crawls):
    agents = {agent for _, _, agent in polite_crawls["sites"]["polite"].log}
    assert len(agents) == 1
    (agent,) = agents
    assert agent.startswith("newscrawl/")
    assert agent.endswith(f"(+{CONTACT})")
