"""Crawl real static sites: Hugo and Pelican output served by a real nginx on 127.0.0.1.

Each site is generated from content files of its own (`cms_static`); the first
``newscrawl crawl`` run must export every published post once with its fields and nothing
else, and a second run into the same state must export nothing and fetch no post again.
Per-run numbers (posts exported, requests per post, run time) are printed (``pytest -s``).
"""

from __future__ import annotations

import html
import re
import time
import urllib.request
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest
from cms_common import (
    CmsSite,
    assert_barren_families_only_probed,
    assert_corpus_matches,
    crawl_cms,
    normalize_text,
    path_of,
)
from cms_static import GENERATORS, static_site

if TYPE_CHECKING:
    import subprocess
    from collections.abc import Iterator
    from pathlib import Path

pytestmark = pytest.mark.slow

_TAG_RE = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Run:
    """One ``newscrawl crawl`` run against a site, with what the server saw of it."""

    articles: list[dict[str, Any]]
    manifest: dict[str, Any]
    proc: subprocess.CompletedProcess[str]
    requested: list[str]
    """Paths requested from nginx during the run (its access log)."""
    seconds: float


@pytest.fixture(scope="module", params=GENERATORS)
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[CmsSite]:
    """A generated site served by nginx (stopped at the end of the module)."""
    generator: str = request.param
    problem = ""
    try:
        with static_site(generator, tmp_path_factory.mktemp(generator)) as served:
            yield served
    except RuntimeError as exc:  # a missing program fails the tests, never skips them
        problem = str(exc)
    if problem:
        pytest.fail(f"{generator} test bed: {problem}", pytrace=False)


@pytest.fixture(scope="module")
def crawl_dirs(site: CmsSite, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The output and state directories shared by both runs."""
    root = tmp_path_factory.mktemp(f"{site.name}-crawl")
    return root / "out", root / "state"


def _crawl(site: CmsSite, crawl_dirs: tuple[Path, Path], label: str) -> Run:
    start = site.log_size()
    began = time.monotonic()
    articles, manifest, proc = crawl_cms(site, *crawl_dirs)
    seconds = time.monotonic() - began
    requested = site.requested_paths(start)
    posts = {path_of(p.url) for p in site.posts}
    exported = sum(1 for a in articles if path_of(a["url"]) in posts)
    print(
        f"\n{site.name} {label}: {exported}/{len(site.posts)} posts exported"
        f" ({len(articles) - exported} other articles), {len(requested)} requests"
        f" ({len(requested) / len(site.posts):.1f} per post), {seconds:.1f} s,"
        f" exit {proc.returncode}"
    )
    return Run(articles, manifest, proc, requested, seconds)


@pytest.fixture(scope="module")
def first_run(site: CmsSite, crawl_dirs: tuple[Path, Path]) -> Run:
    return _crawl(site, crawl_dirs, "run 1")


@pytest.fixture(scope="module")
def second_run(site: CmsSite, crawl_dirs: tuple[Path, Path], first_run: Run) -> Run:
    return _crawl(site, crawl_dirs, "run 2")


def _tail(proc: subprocess.CompletedProcess[str]) -> str:
    return "\n".join(proc.stderr.splitlines()[-15:])


def test_site_serves_its_ground_truth(site: CmsSite) -> None:
    """Check the test bed itself: nginx serves every post with its title, date, author and text."""
    for post in site.posts:
        with urllib.request.urlopen(post.url, timeout=10) as response:
            assert response.status == 200
            page = response.read().decode("utf-8")
        text = normalize_text(html.unescape(_TAG_RE.sub(" ", page)))
        assert normalize_text(post.title) in text, post.url
        assert post.author in text, post.url
        assert html.unescape(page).count(post.published.isoformat()) >= 1, post.url
        for paragraph in post.paragraphs:
            assert normalize_text(paragraph) in text, (post.url, paragraph[:60])


def test_first_run_exports_every_post_once(site: CmsSite, first_run: Run) -> None:
    assert first_run.proc.returncode == 0, _tail(first_run.proc)
    assert_corpus_matches(site, first_run.articles)


def test_second_run_exports_nothing_and_fetches_no_post(site: CmsSite, second_run: Run) -> None:
    assert second_run.proc.returncode == 0, _tail(second_run.proc)
    assert [a["url"] for a in second_run.articles] == []
    posts = {path_of(p.url) for p in site.posts}
    assert sorted(p for p in second_run.requested if p in posts) == []


def test_second_run_only_probes_the_taxonomy_families_that_gave_nothing(
    first_run: Run, second_run: Run
) -> None:
    """Tag and author pages gave no new article in run 1: run 2 reads at most 3 of each family."""
    assert_barren_families_only_probed(first_run.requested, second_run.requested, probes=3)
