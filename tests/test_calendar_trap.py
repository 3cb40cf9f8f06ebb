"""An endless calendar widget on every page: bounded by what the crawl learns, across runs.

The site (`tests.calendar_site`) links « prev / next » months forever from every page, as
WordPress-style calendar widgets do; before issue 12 a crawl walked it from a year ahead back
towards 1990 and did not finish. Each crawl is a ``newscrawl crawl`` subprocess.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest
from calendar_site import CalendarSite

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.timeout(300)

MAX_CALENDAR_REQUESTS = 30


def _crawl(
    site: CalendarSite, tmp_path: Path
) -> tuple[list[dict[str, object]], dict[str, object]]:
    out, state = tmp_path / "out", tmp_path / "state"
    before = set(out.rglob("*.jsonl")) if out.exists() else set()
    proc = subprocess.run(
        [sys.executable, "-m", "newscrawl.cli.crawl", site.base + "/", "--out", str(out),
         "--state-dir", str(state), "-s", "DOWNLOAD_DELAY=0", "-L", "INFO"],
        capture_output=True, text=True, timeout=240, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    files = sorted(set(out.rglob("*.jsonl")) - before)
    articles = [json.loads(line) for f in files for line in f.read_text().splitlines() if line]
    manifest_path = max(out.rglob("*.manifest.json"), key=lambda p: p.stat().st_mtime)
    return articles, json.loads(manifest_path.read_text())


def test_endless_calendar_is_bounded_and_empty_months_are_not_read_again(tmp_path):
    with CalendarSite() as site:
        articles, manifest = _crawl(site, tmp_path)
        first_run = site.calendar_paths()
        first_hits = site.calendar_hits()
        assert sorted(a["url"] for a in articles) == sorted(site.base + p.path for p in site.posts)
        assert first_hits <= MAX_CALENDAR_REQUESTS, sorted(first_run)
        never = [p for p in site.hits if "wp-login" in p or "?s=" in p or "replytocom" in p]
        assert never == []
        discovery = manifest["discovery"]
        assert isinstance(discovery, dict)
        family = discovery["families"]["/calendar/{y}-{m}/"]
        assert family["pages"] == first_hits
        assert discovery["refused"]["private"] >= 1
        assert discovery["refused"]["search"] >= 1

        first_total = sum(site.hits.values())
        site.hits.clear()
        articles, manifest = _crawl(site, tmp_path)
        print(
            f"\ncalendar site: run 1 {first_hits} calendar requests of {first_total};"
            f" run 2 {site.calendar_hits()} of {sum(site.hits.values())}"
        )
        assert articles == []
        months_with_posts = {f"/calendar/{p.published:%Y-%m}/" for p in site.posts}
        found_empty = first_run - months_with_posts
        assert found_empty, "the first run met no empty month: the test proves nothing"
        assert site.calendar_paths() & found_empty == set()
        assert site.calendar_hits() <= first_hits
