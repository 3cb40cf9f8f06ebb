"""The contract between a real CMS install started by a test and the crawl checks run against it.

Each CMS fixture (WordPress, Pelican, Hugo …) starts the real program on 127.0.0.1, seeds it
with content of its own, and describes what it published as a `CmsSite`: the ground truth
comes from the CMS itself (WordPress's REST API, a generator's content files), never from
what the crawler extracted. `crawl_cms` runs ``newscrawl crawl`` as a user would, and
`assert_corpus_matches` checks the exported corpus against the ground truth.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from pathlib import Path

_SPACE_RE = re.compile(r"\s+")
_PLAIN = {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
          "\u2014": "-", "\u00a0": " ", "\u2026": "..."}  # fmt: skip


def normalize_text(text: str) -> str:
    """Collapse whitespace and unify quotes/dashes, for comparing text across renderers."""
    for fancy, plain in _PLAIN.items():
        text = text.replace(fancy, plain)
    return _SPACE_RE.sub(" ", text).strip()


@dataclass(frozen=True)
class Post:
    """One published post, as the CMS itself knows it."""

    url: str
    """The post's public URL (as the CMS links it)."""
    title: str
    published: dt.datetime
    """Publication instant, timezone-aware."""
    author: str
    """Display name of the author."""
    paragraphs: tuple[str, ...]
    """The body's paragraphs as plain text (each must appear in the exported body)."""


@dataclass
class CmsSite:
    """A running CMS install and what it published."""

    name: str
    base_url: str
    """Home page, ``http://127.0.0.1:PORT/`` (trailing slash)."""
    posts: list[Post]
    not_posts: list[str] = field(default_factory=list)
    """URLs of pages, archives and feeds, and drafts' would-be URLs: never to be exported."""
    access_log: Path | None = None
    """The web server's access log (one request per line, the request line quoted)."""

    def requested_paths(self, start: int = 0) -> list[str]:
        """Return the paths requested from the server, from byte `start` of the access log."""
        assert self.access_log is not None
        with self.access_log.open("rb") as log:
            log.seek(start)
            text = log.read().decode("utf-8", "replace")
        return re.findall(r'"(?:GET|HEAD) (\S+) HTTP/[\d.]+"', text)

    def log_size(self) -> int:
        """Return the access log's current size (a `requested_paths` start)."""
        assert self.access_log is not None
        return self.access_log.stat().st_size if self.access_log.exists() else 0


_TAXONOMY_RE = re.compile(r"^/(?:tags?|authors?)/[^/?]+")
"""Tag and author pages and feeds. Not categories: Hugo's ``/categories/index.xml`` feed lists
the category pages themselves, which every run fetches as feed items (and finds listings)."""


def taxonomy_families(paths: list[str]) -> Counter[str]:
    """Count the requested tag and author pages and feeds by URL family."""
    from newscrawl.discovery.families import url_family

    return Counter(url_family("http://127.0.0.1" + p) for p in paths if _TAXONOMY_RE.match(p))


def assert_barren_families_only_probed(first: list[str], second: list[str], probes: int) -> None:
    """Check a second run read at most `probes` pages of each taxonomy family the first read.

    Every post is in the sitemap, so no tag or author page gives a new article URL
    in the first run; the second run only probes those families.
    """
    before, after = taxonomy_families(first), taxonomy_families(second)
    assert max(before.values()) > probes, before  # the first run read more than a probe's worth
    assert {name: n for name, n in after.items() if n > probes} == {}, after


def path_of(url: str) -> str:
    """Return the path and query of `url` (what an access log shows)."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def crawl_cms(
    site: CmsSite, out: Path, state: Path, *extra: str, timeout: float = 240
) -> tuple[list[dict[str, Any]], dict[str, Any], subprocess.CompletedProcess[str]]:
    """Run ``newscrawl crawl <home page>`` once; return its articles, manifest and process."""
    before = set(out.rglob("*.jsonl")) if out.exists() else set()
    proc = subprocess.run(
        [sys.executable, "-m", "newscrawl.cli.crawl", site.base_url, "--out", str(out),
         "--state-dir", str(state), "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
         "-L", "INFO", *extra],
        capture_output=True, text=True, timeout=timeout, check=False,
    )  # fmt: skip
    new = sorted(set(out.rglob("*.jsonl")) - before)
    articles = [json.loads(line) for path in new for line in path.read_text().splitlines() if line]
    manifests = sorted(out.rglob("*.manifest.json"), key=lambda p: p.stat().st_mtime)
    manifest = json.loads(manifests[-1].read_text()) if manifests else {}
    return articles, manifest, proc


def assert_corpus_matches(site: CmsSite, articles: list[dict[str, Any]]) -> None:
    """Assert every post was exported exactly once with its own fields, and nothing else."""
    by_path = Counter(path_of(a["url"]) for a in articles)
    assert not {p: n for p, n in by_path.items() if n > 1}, "exported twice"
    expected = {path_of(p.url): p for p in site.posts}
    missing = sorted(set(expected) - set(by_path))
    extra = sorted(set(by_path) - set(expected))
    assert not missing, f"{site.name}: {len(missing)} posts not exported: {missing}"
    assert not extra, f"{site.name}: exported what is not a post: {extra}"
    for article in articles:
        post = expected[path_of(article["url"])]
        assert normalize_text(article["title"]) == normalize_text(post.title), article["url"]
        published = dt.datetime.fromisoformat(article["published"])
        assert published.tzinfo is not None, article["published"]
        assert published == post.published, (article["url"], article["published"], post.published)
        assert post.author in article["authors"], (article["url"], article["authors"])
        body = normalize_text(article["body"])
        for paragraph in post.paragraphs:
            assert normalize_text(paragraph) in body, (article["url"], paragraph[:60])
