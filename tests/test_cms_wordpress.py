"""``newscrawl crawl`` against a real WordPress 6.1 (Debian's package) on 127.0.0.1.

The install (`cms_wordpress`) has the default block theme, no SEO plugin, pretty
permalinks, 24 published posts of 1 to 10 paragraphs, pages, drafts, a private post, comments
with reply links, and a footer with the Calendar, Archives, Search and Log-in blocks. The first
test checks the install itself against what was seeded, so a failure of the crawl tests is the
crawler's. Each crawl prints its numbers (run with ``-s`` to see them).
"""

from __future__ import annotations

import re
import time
import urllib.error
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
from cms_wordpress import AUTHORS, published_posts, seed_plan, wordpress_site
from parsel import Selector

if TYPE_CHECKING:
    import subprocess
    from collections.abc import Iterator
    from pathlib import Path

pytestmark = pytest.mark.slow

FORBIDDEN_RE = re.compile(r"^/wp-login\.php|^/wp-admin/|[?&]replytocom=|[?&]s=")
"""Log-in, admin, comment-reply and search URLs: no crawler has business there."""


@dataclass
class Run:
    """One ``newscrawl crawl`` run and the requests the server saw during it."""

    articles: list[dict[str, Any]]
    manifest: dict[str, Any]
    process: subprocess.CompletedProcess[str]
    paths: list[str]
    """Paths (with query) requested from the server during the run, in log order."""
    seconds: float

    def assert_succeeded(self) -> None:
        """Assert the run exited 0, showing the end of its log otherwise."""
        tail = "\n".join(self.process.stderr.splitlines()[-30:])
        assert self.process.returncode == 0, f"exit {self.process.returncode}:\n{tail}"


def _crawl(site: CmsSite, out: Path, state: Path, label: str) -> Run:
    start = site.log_size()
    began = time.monotonic()
    articles, manifest, process = crawl_cms(site, out, state)
    run = Run(articles, manifest, process, site.requested_paths(start), time.monotonic() - began)
    published = {path_of(p.url) for p in site.posts}
    exported = {path_of(a["url"]) for a in articles} & published
    print(f"\nwordpress {label}: {len(exported)}/{len(published)} published posts exported "
          f"({len(articles)} articles in all), {len(run.paths)} requests "
          f"({len(run.paths) / len(published):.1f} per published post), "
          f"{run.seconds:.1f} s, exit {process.returncode}, "
          f"not exported: {manifest.get('articles', {}).get('not_exported', {})}")  # fmt: skip
    return run


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return int(response.status), response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""


@pytest.fixture(scope="module")
def wordpress(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CmsSite]:
    """A seeded WordPress on 127.0.0.1 for this module."""
    yield from wordpress_site(tmp_path_factory)


@pytest.fixture(scope="module")
def crawl_dirs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The output and state directories both runs share."""
    return tmp_path_factory.mktemp("wp-out"), tmp_path_factory.mktemp("wp-state")


@pytest.fixture(scope="module")
def first_run(wordpress: CmsSite, crawl_dirs: tuple[Path, Path]) -> Run:
    """The first crawl of the site."""
    return _crawl(wordpress, *crawl_dirs, "run 1")


@pytest.fixture(scope="module")
def second_run(wordpress: CmsSite, crawl_dirs: tuple[Path, Path], first_run: Run) -> Run:
    """A second crawl into the same output and state, nothing having changed."""
    return _crawl(wordpress, *crawl_dirs, "run 2")


def test_wordpress_serves_what_was_seeded(wordpress: CmsSite) -> None:
    """The REST ground truth is the seeded content, and the pages show it with the widgets."""
    seeded = {normalize_text(p.title): p for p in published_posts()}
    assert sorted(seeded) == sorted(normalize_text(p.title) for p in wordpress.posts)
    for post in wordpress.posts:
        seed = seeded[normalize_text(post.title)]
        assert (post.published, post.author) == (seed.published, dict(AUTHORS)[seed.author])
        assert post.paragraphs == seed.paragraphs, post.url
        status, page = _get(post.url)
        assert status == 200, post.url
        html = Selector(text=page)
        assert html.css("#wp-calendar"), post.url
        assert html.css("ul.wp-block-archives a"), post.url
        assert html.css('a[href*="/wp-login.php"]'), post.url
        assert bool(html.css('a[href*="replytocom="]')) == bool(seed.comments), post.url
        text = normalize_text(html.xpath("string(//main)").get(""))
        for paragraph in post.paragraphs:
            assert normalize_text(paragraph) in text, (post.url, paragraph[:60])
    status, robots = _get(f"{wordpress.base_url}robots.txt")
    assert f"Sitemap: {wordpress.base_url}wp-sitemap.xml" in robots, (status, robots)
    status, sitemap = _get(f"{wordpress.base_url}wp-sitemap-posts-post-1.xml")
    assert status == 200, "no sitemap: is php-xml (SimpleXML) installed?"
    assert set(re.findall(r"<loc>([^<]+)</loc>", sitemap)) == {p.url for p in wordpress.posts}
    hidden = [p.slug for p in seed_plan() if p.status != "publish"]
    for url in wordpress.not_posts:
        unpublished = "?p=" in url or "?page_id=" in url or any(slug in url for slug in hidden)
        assert _get(url)[0] == (404 if unpublished else 200), url


def test_first_crawl_exports_every_published_post_once(wordpress: CmsSite, first_run: Run) -> None:
    """The first run exports each published post once, with its fields, and nothing else."""
    first_run.assert_succeeded()
    assert_corpus_matches(wordpress, first_run.articles)


def test_second_crawl_exports_nothing_and_fetches_no_post_again(
    wordpress: CmsSite, second_run: Run
) -> None:
    """Nothing changed: the second run exports nothing and requests no post page again."""
    second_run.assert_succeeded()
    assert [a["url"] for a in second_run.articles] == []
    posts = {path_of(p.url) for p in wordpress.posts}
    assert sorted({p for p in second_run.paths if p in posts}) == []


def test_second_crawl_only_probes_the_taxonomy_families_that_gave_nothing(
    first_run: Run, second_run: Run
) -> None:
    """Tag and author archives gave nothing new in run 1: run 2 reads at most 3 of each family."""
    assert_barren_families_only_probed(first_run.paths, second_run.paths, probes=3)


def test_crawl_never_requests_login_admin_reply_or_search_urls(
    first_run: Run, second_run: Run
) -> None:
    """Neither run follows the log-in link, admin URLs, comment-reply links or searches."""
    forbidden = [p for p in first_run.paths + second_run.paths if FORBIDDEN_RE.search(p)]
    assert forbidden == []
