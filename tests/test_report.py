"""``newscrawl report`` and ``newscrawl stats``: figures of runs, a report page opened in Chromium.

The runs are written here (two manifests and their JSONL, in the shape the crawl writes); the
report is opened in a real headless Chromium (Debian's ``chromium`` and ``chromedriver``): the
page loads without a console error and every plot renders as a non-empty SVG.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newscrawl.cli import report, stats
from newscrawl.console.corpus import corpus_figures, find_runs

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
SECTIONS = ["World", "Politics", "Economy", "Sports"]


def _article(run: int, index: int) -> dict:
    day = 1 + index % 9
    return {
        "id": f"{run}-{index:04d}",
        "url": f"http://127.0.0.1/{run}/{index}/",
        "canonical_url": f"http://127.0.0.1/{run}/{index}/",
        "site": "demo",
        "title": f"Article {index}",
        "authors": [f"Author {index % 5}"] if index % 4 else [],
        "published": f"2026-11-{day:02d}T10:00:00+03:00",
        "modified": None,
        "language": "en" if index % 6 else "ar",
        "section": SECTIONS[index % 4],
        "tags": [],
        "description": "",
        "image": None,
        "dateline": None,
        "body": " ".join(["word"] * (40 + 17 * index)),
        "word_count": 40 + 17 * index,
        "fetched_at": "2026-11-10T10:00:00+00:00",
        "body_hash": f"h{run}{index}",
        "revision": 1,
        "sources": ["sitemap"],
    }


def _write_run(out: Path, run: int, n: int) -> None:
    run_id = f"20261110T0{run}0000Z"
    site_dir = out / "demo"
    site_dir.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(_article(run, i)) for i in range(n)]
    (site_dir / f"{run_id}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    manifest = {
        "manifest_version": 1,
        "site": "demo",
        "run_id": run_id,
        "ok": True,
        "started_at": f"2026-11-10T0{run}:00:00+00:00",
        "output": {"dir": "/nonexistent", "file": f"{run_id}.jsonl", "committed": []},
        "articles": {
            "exported": n,
            "skipped_seen": 3 * run,
            "not_exported": {"duplicate": run, "short_body": 2},
        },
        "discovery": {"families": {"/tag/{v}/": {"pages": 7}, "/page/{n}/": {"pages": 3}}},
        "requests": {
            "total": 2 * n,
            "responses_by_kind": {"article": n, "listing": n},
            "http_status": {"200": 2 * n - 2, "404": 2},
        },
        "errors": {"total": 2, "by_kind": {"http_404": 2}, "exceptions": {}},
    }
    (site_dir / f"{run_id}.manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


@pytest.fixture
def runs_dir(tmp_path):
    out = tmp_path / "output"
    _write_run(out, 1, 30)
    _write_run(out, 2, 12)
    return out


def test_find_runs_reads_every_manifest_and_its_output_in_start_order(runs_dir):
    runs, files = find_runs(runs_dir)
    assert [r.run_id for r in runs] == ["20261110T010000Z", "20261110T020000Z"]
    assert len(files) == 2
    figures = corpus_figures(files)
    assert figures.articles == 42
    assert figures.coverage["authors"] == 31
    assert figures.first == "2026-11-01"
    assert figures.last == "2026-11-09"


def test_report_has_one_plot_per_figure(runs_dir, tmp_path):
    runs, files = find_runs(runs_dir)
    page = report.render_html(runs, corpus_figures(files), 10, str(runs_dir))
    assert page.count('class="plot"') == len(report.build_figures(runs, corpus_figures(files), 10))
    assert "<script src=" not in page  # plotly.js is inline


def test_stats_json_gives_the_corpus_figures(runs_dir, capsys):
    assert stats.main([str(runs_dir), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["articles"] == 42
    assert data["languages"] == {"en": 35, "ar": 7}
    assert data["date_span"] == {"first": "2026-11-01", "last": "2026-11-09"}


def test_stats_table_names_every_figure(runs_dir, capsys):
    assert stats.main([str(runs_dir / "demo" / "20261110T010000Z.jsonl")]) == 0
    table = capsys.readouterr().out
    for word in ("articles", "sites", "date span", "languages", "duplicates", "coverage"):
        assert word in table


@pytest.mark.slow
def test_report_renders_every_plot_in_headless_chromium(runs_dir, tmp_path):
    assert Path(CHROMIUM).exists(), "Debian chromium is not installed (scripts/test.sh does)"
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.support.ui import WebDriverWait

    html_path = tmp_path / "report.html"
    proc = subprocess.run(
        [sys.executable, "-m", "newscrawl", "report", str(runs_dir), "-o", str(html_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    expected = html_path.read_text(encoding="utf-8").count('class="plot"')
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,2400",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    try:
        driver.get(html_path.as_uri())
        WebDriverWait(driver, 60).until(
            lambda d: d.execute_script(
                "return document.querySelectorAll('.js-plotly-plot .main-svg').length > 0"
                " && document.readyState === 'complete'"
            )
        )
        rendered = driver.execute_script(
            """
            return Array.from(document.querySelectorAll('.js-plotly-plot')).map(p => ({
                svgs: p.querySelectorAll('svg.main-svg').length,
                marks: p.querySelectorAll(
                    '.bars path, .scatterlayer .trace path, .scatterlayer .point').length,
                width: p.querySelector('svg.main-svg').getBoundingClientRect().width,
                room: p.parentElement.getBoundingClientRect().width,
            }));
            """
        )
        errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        screenshot = tmp_path / "report.png"
        assert driver.save_screenshot(str(screenshot))
    finally:
        driver.quit()
    assert errors == []
    assert len(rendered) == expected
    for plot in rendered:
        assert plot["svgs"] >= 1
        assert plot["marks"] >= 1, plot
        assert plot["width"] > 200
        assert plot["width"] <= plot["room"]  # no plot wider than its box
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert screenshot.stat().st_size > 20_000
