"""The ``newscrawl`` command as a user runs it: real subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "extraction" / "sana"


def newscrawl(*args: str, cwd: Path | None = None, timeout: int = 180):
    env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    return subprocess.run(
        [sys.executable, "-m", "newscrawl", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=timeout,
        env=env,
    )


def test_help_lists_every_subcommand():
    proc = newscrawl("--help")
    assert proc.returncode == 0
    for name in ("demo", "crawl", "extract", "eval"):
        assert name in proc.stdout


def test_unknown_subcommand_is_a_usage_error():
    proc = newscrawl("fly")
    assert proc.returncode == 2
    assert "invalid choice: 'fly'" in proc.stderr


def test_extract_prints_one_article_as_json():
    page = FIXTURES / "archive-seed-article.html"
    proc = newscrawl(
        "extract", str(page), "--url", "https://archive.sana.sy/en/?p=151234", "--site", "sana"
    )
    assert proc.returncode == 0, proc.stderr
    article = json.loads(proc.stdout)
    assert article["site"] == "sana"
    assert article["dateline"] == "Damascus"
    assert article["body"].startswith("Damascus, SANA-Syria affirmed")
    assert "Check Also" not in article["body"]


def test_extract_of_a_missing_file_is_one_readable_line(tmp_path):
    proc = newscrawl("extract", str(tmp_path / "nope.html"), "--url", "https://example.com/")
    assert proc.returncode == 2
    assert proc.stderr.startswith("newscrawl: error: ")
    assert "Traceback" not in proc.stderr


def test_demo_crawls_the_bundled_site_from_any_directory(tmp_path):
    proc = newscrawl("demo", "--articles", "8", "--out", "corpus", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    path = Path(proc.stdout.strip().splitlines()[-1])
    assert path.parent.parent == tmp_path / "corpus"
    assert path.suffix == ".jsonl"
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 8
    assert not list(path.parent.glob("*.part"))
