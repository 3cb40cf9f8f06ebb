"""Read runs and corpora back: run manifests, JSON Lines articles, and their figures.

Shared by ``newscrawl report`` (plots) and ``newscrawl stats`` (a table). Only the files are
read (``<run-id>.manifest.json`` and the JSONL it names), never the run state.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newscrawl.exceptions import ArgumentError

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

COVERAGE_FIELDS = (
    "title",
    "authors",
    "published",
    "modified",
    "language",
    "section",
    "tags",
    "description",
    "image",
    "dateline",
    "body",
)
"""Article fields whose coverage (share of articles with a value) is reported."""


@dataclass(slots=True)
class Run:
    """One run: its manifest and the articles of its output files."""

    manifest: dict[str, Any]
    path: Path
    files: list[Path] = field(default_factory=list)

    @property
    def run_id(self) -> str:
        """The run id (from the manifest, else the file name)."""
        return str(self.manifest.get("run_id") or self.path.name.split(".")[0])


def read_manifest(path: Path) -> Run:
    """Return the `Run` of a manifest file, or raise `ArgumentError`."""
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ArgumentError(f"{path}: cannot read: {exc.strerror}") from None
    except ValueError:
        raise ArgumentError(f"{path}: not a run manifest (not JSON)") from None
    if not isinstance(manifest, dict) or "run_id" not in manifest or "articles" not in manifest:
        raise ArgumentError(f"{path}: not a run manifest (no run_id or articles)")
    run = Run(manifest, path)
    output = manifest.get("output") or {}
    names = list(output.get("committed") or []) or [output.get("file")]
    for name in names:
        if not name:
            continue
        for candidate in (Path(str(output.get("dir") or "")) / name, path.parent / name):
            if candidate.is_file():
                run.files.append(candidate)
                break
    return run


def find_runs(target: Path) -> tuple[list[Run], list[Path]]:
    """Return the runs (by start time) and the JSONL files under a directory or manifest.

    A directory without manifests (``scrapy crawl news -O …`` outputs) gives its JSONL files.
    """
    if not target.exists():
        raise ArgumentError(f"{target}: no such file or directory")
    if target.is_file():
        if target.name.endswith(".manifest.json"):
            run = read_manifest(target)
            return [run], list(run.files)
        if target.suffix == ".jsonl":
            return [], [target]
        raise ArgumentError(
            f"{target}: expected an output directory, a .manifest.json or a .jsonl"
        )
    runs = [read_manifest(p) for p in sorted(target.rglob("*.manifest.json"))]
    runs.sort(key=lambda r: (str(r.manifest.get("started_at") or ""), r.run_id))
    files = sorted({f for r in runs for f in r.files})
    if not runs:
        files = sorted(target.rglob("*.jsonl"))
    if not runs and not files:
        raise ArgumentError(f"{target}: no run manifest and no .jsonl file in it")
    return runs, files


def iter_articles(files: Iterable[Path]) -> Iterator[dict[str, Any]]:
    """Yield the articles of JSON Lines files; raise `ArgumentError` on a line that is not one."""
    for path in files:
        try:
            with path.open(encoding="utf-8") as fh:
                for number, line in enumerate(fh, 1):
                    if not line.strip():
                        continue
                    try:
                        article = json.loads(line)
                    except ValueError:
                        if not line.endswith("\n"):
                            break  # a torn last line of a killed run
                        raise ArgumentError(f"{path}: line {number}: not JSON") from None
                    if not isinstance(article, dict) or "url" not in article:
                        raise ArgumentError(f"{path}: line {number}: not an article (no url)")
                    yield article
        except UnicodeDecodeError:
            raise ArgumentError(f"{path}: not a UTF-8 text file") from None
        except OSError as exc:
            raise ArgumentError(f"{path}: cannot read: {exc.strerror}") from None


def _filled(value: Any) -> bool:
    return value not in (None, "", [], {})


@dataclass(slots=True)
class CorpusFigures:
    """Figures of a set of articles (several files, several runs)."""

    articles: int = 0
    unique_ids: int = 0
    duplicates: int = 0
    """Lines whose article id was seen in an earlier line (revisions excluded)."""
    revisions: int = 0
    """Lines that are a later revision (``revision`` > 1) of an article."""
    sites: Counter[str] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)
    sections: Counter[str] = field(default_factory=Counter)
    authors: Counter[str] = field(default_factory=Counter)
    days: Counter[str] = field(default_factory=Counter)
    coverage: dict[str, int] = field(default_factory=dict)
    word_counts: list[int] = field(default_factory=list)
    first: str | None = None
    last: str | None = None
    files: int = 0

    def as_dict(self, top: int = 10) -> dict[str, Any]:
        """Return the figures as JSON-ready data (top `top` sections and authors)."""
        share = {
            name: round(n / self.articles, 4) if self.articles else 0.0
            for name, n in self.coverage.items()
        }
        return {
            "files": self.files,
            "articles": self.articles,
            "unique_articles": self.unique_ids,
            "duplicates": self.duplicates,
            "revisions": self.revisions,
            "sites": dict(self.sites.most_common()),
            "date_span": {"first": self.first, "last": self.last},
            "languages": dict(self.languages.most_common()),
            "sections": dict(self.sections.most_common(top)),
            "authors": dict(self.authors.most_common(top)),
            "coverage": share,
            "word_count": _distribution(self.word_counts),
        }


def _distribution(values: list[int]) -> dict[str, float]:
    if not values:
        return {}
    ordered = sorted(values)

    def q(p: float) -> float:
        return float(ordered[min(len(ordered) - 1, int(p * len(ordered)))])

    return {"min": float(ordered[0]), "median": q(0.5), "p90": q(0.9), "max": float(ordered[-1])}


def corpus_figures(files: list[Path]) -> CorpusFigures:
    """Read `files` and return their `CorpusFigures`."""
    figures = CorpusFigures(files=len(files), coverage=dict.fromkeys(COVERAGE_FIELDS, 0))
    seen: set[str] = set()
    for article in iter_articles(files):
        figures.articles += 1
        key = str(article.get("id") or article.get("url"))
        if key in seen:
            if int(article.get("revision") or 1) > 1:
                figures.revisions += 1
            else:
                figures.duplicates += 1
        seen.add(key)
        figures.sites[str(article.get("site") or "?")] += 1
        figures.languages[str(article.get("language") or "unknown")] += 1
        if article.get("section"):
            figures.sections[str(article["section"])] += 1
        for author in article.get("authors") or []:
            figures.authors[str(author)] += 1
        published = article.get("published")
        if isinstance(published, str) and len(published) >= 10:
            day = published[:10]
            figures.days[day] += 1
            figures.first = min(figures.first or day, day)
            figures.last = max(figures.last or day, day)
        for name in COVERAGE_FIELDS:
            if _filled(article.get(name)):
                figures.coverage[name] += 1
        words = article.get("word_count")
        if not isinstance(words, int):
            words = len(str(article.get("body") or "").split())
        figures.word_counts.append(words)
    figures.unique_ids = len(seen)
    return figures
