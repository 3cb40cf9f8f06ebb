"""Cases, the tune/check split, running the extractors and summing up their scores."""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import statistics
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from newscrawl.eval.extractors import EXTRACTORS, Prediction
from newscrawl.eval.metrics import (
    authors_f1,
    body_scores,
    language_ok,
    published_day_ok,
    published_ok,
    snippet_hits,
    title_ok,
)

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

FAKE_URL = "http://fakehost/test/page.html"
"""URL used for cases without one (readability's test suite uses the same host)."""
CHECK_SHARE = 4
"""One host in this many is in the check part."""


# ------------------------------------------------------------------- cases


def load_cases(path: Path) -> list[dict[str, Any]]:
    """Read a case file (JSON lines)."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def kind_of(cases: Sequence[dict[str, Any]]) -> str:
    """Return the format of a case file: ``snippets``, ``dates`` or ``articles``."""
    for case in cases:
        if "with" in case or "without" in case:
            return "snippets"
        if "published_day" in case:
            return "dates"
    return "articles"


def host_key(case: dict[str, Any]) -> str:
    """Return the host a case is split by (``www.`` dropped); the case id when it has no URL."""
    host = (urlsplit(case.get("url") or "").hostname or "").lower().removeprefix("www.")
    return host or f"id:{case.get('id', '')}"


def split_of(case: dict[str, Any]) -> str:
    """Return ``check`` for about one host in four (a fixed SHA-1 of the host), else ``tune``."""
    digest = hashlib.sha1(host_key(case).encode("utf-8")).digest()
    return "check" if int.from_bytes(digest[:4], "big") % CHECK_SHARE == 0 else "tune"


def in_split(case: dict[str, Any], split: str) -> bool:
    """Say whether a case is in the ``tune`` or ``check`` part (``all``: both)."""
    return split == "all" or split_of(case) == split


def read_html(case: dict[str, Any], base: Path) -> bytes:
    """Return the raw bytes of a case's page."""
    path = base / case["html"]
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


# ----------------------------------------------------------------- scoring


@dataclass(slots=True)
class PageResult:
    """Scores of one extractor on one case."""

    case_id: str
    ms: float
    body_p: float | None = None
    body_r: float | None = None
    body_exact: bool | None = None
    title: bool | None = None
    published: bool | None = None
    published_day: bool | None = None
    authors: float | None = None
    language: bool | None = None
    with_found: int | None = None
    with_total: int | None = None
    without_found: int | None = None
    without_total: int | None = None
    error: str | None = None
    prediction: Prediction | None = None

    def score(self) -> float:
        """Return one number for ranking the worst pages (lower is worse)."""
        parts: list[float] = []
        if self.body_p is not None and self.body_r is not None:
            s = self.body_p + self.body_r
            parts.append(2 * self.body_p * self.body_r / s if s else 0.0)
        parts.extend(
            float(v)
            for v in (self.title, self.published, self.published_day, self.language)
            if v is not None
        )
        if self.authors is not None:
            parts.append(self.authors)
        if self.with_total:
            parts.append((self.with_found or 0) / self.with_total)
        if self.without_total:
            parts.append(1 - (self.without_found or 0) / self.without_total)
        return sum(parts) / len(parts) if parts else 1.0


def score_case(case: dict[str, Any], pred: Prediction, ms: float) -> PageResult:
    """Score one prediction against one case."""
    result = PageResult(str(case.get("id")), ms, prediction=pred)
    if case.get("body"):
        result.body_p, result.body_r, result.body_exact = body_scores(case["body"], pred.body)
    if case.get("title"):
        result.title = title_ok(case["title"], pred.title)
    if case.get("published"):
        result.published = published_ok(case["published"], pred.published)
        result.published_day = published_day_ok(case["published"], pred.published)
    if case.get("published_day"):
        result.published_day = published_day_ok(case["published_day"], pred.published)
    if isinstance(case.get("authors"), list):
        result.authors = authors_f1(case["authors"], pred.authors)
    if case.get("language"):
        result.language = language_ok(case["language"], pred.language)
    if "with" in case or "without" in case:
        with_ = [s for s in case.get("with") or [] if s]
        without = [s for s in case.get("without") or [] if s]
        result.with_found, result.with_total = snippet_hits(pred.body, with_), len(with_)
        result.without_found = snippet_hits(pred.body, without)
        result.without_total = len(without)
    return result


def run_extractor(name: str, case: dict[str, Any], html: bytes) -> PageResult:
    """Run extractor `name` on one page and score it."""
    func = EXTRACTORS[name]
    url = case.get("url") or FAKE_URL
    start = time.perf_counter()
    try:
        pred = func(html, url)
        error = None
    except Exception as exc:  # an extractor failing on a page scores zero there
        pred, error = Prediction(), f"{type(exc).__name__}: {exc}"
    ms = (time.perf_counter() - start) * 1000
    result = score_case(case, pred, ms)
    result.error = error
    return result


def run_extractors(
    names: Sequence[str], cases: list[dict[str, Any]], pages: list[bytes]
) -> dict[str, list[PageResult]]:
    """Run every extractor on every page, interleaved page by page.

    Interleaving makes the timings comparable on a machine whose load changes during the run.
    Each extractor is warmed up first (imports, models) so the first page is not an outlier.
    """
    results: dict[str, list[PageResult]] = {name: [] for name in names}
    if cases:
        for name in names:
            with contextlib.suppress(Exception):  # a failure is scored below like any page
                EXTRACTORS[name](pages[0], cases[0].get("url") or FAKE_URL)
    for case, html in zip(cases, pages, strict=True):
        for name in names:
            results[name].append(run_extractor(name, case, html))
    return results


def _mean(values: list[float]) -> float | None:
    return statistics.fmean(values) if values else None


def summarize(results: list[PageResult]) -> dict[str, Any]:
    """Aggregate page results into the table's figures."""
    bodies = [r for r in results if r.body_p is not None and r.body_r is not None]
    out: dict[str, Any] = {"pages": len(results)}
    if bodies:
        p = statistics.fmean(r.body_p or 0.0 for r in bodies)
        rc = statistics.fmean(r.body_r or 0.0 for r in bodies)
        out["body_precision"] = p
        out["body_recall"] = rc
        out["body_f1"] = 2 * p * rc / (p + rc) if p + rc else 0.0
        out["body_accuracy"] = statistics.fmean(float(bool(r.body_exact)) for r in bodies)
    out["body_pages"] = len(bodies)
    for key in ("title", "published", "published_day", "language"):
        vals = [float(v) for r in results if (v := getattr(r, key)) is not None]
        out[key] = _mean(vals)
        out[f"{key}_pages"] = len(vals)
    authors = [r.authors for r in results if r.authors is not None]
    out["authors_f1"] = _mean(authors)
    out["authors_pages"] = len(authors)
    snips = [r for r in results if r.with_total is not None]
    out["snippets_pages"] = len(snips)
    if snips:
        tp = sum(r.with_found or 0 for r in snips)
        fn = sum((r.with_total or 0) - (r.with_found or 0) for r in snips)
        fp = sum(r.without_found or 0 for r in snips)
        tn = sum((r.without_total or 0) - (r.without_found or 0) for r in snips)
        out["with_found"] = tp / (tp + fn) if tp + fn else None
        out["without_absent"] = tn / (tn + fp) if tn + fp else None
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        out["snippet_f1"] = (
            2 * precision * recall / (precision + recall) if precision + recall else 0.0
        )
        out["snippet_pages_right"] = sum(
            1 for r in snips if r.with_found == r.with_total and not r.without_found
        ) / len(snips)
    times = sorted(r.ms for r in results)
    out["ms_median"] = statistics.median(times) if times else None
    out["ms_p95"] = times[min(len(times) - 1, int(0.95 * len(times)))] if times else None
    out["errors"] = sum(1 for r in results if r.error)
    return out


def evaluate(
    cases_path: Path,
    extractors: Sequence[str] = ("newscrawl",),
    *,
    split: str = "all",
    limit: int | None = None,
) -> tuple[dict[str, dict[str, Any]], dict[str, list[PageResult]]]:
    """Run `extractors` over a case file; return (summaries, page results) by extractor."""
    cases = [c for c in load_cases(cases_path) if in_split(c, split)]
    if limit:
        cases = cases[:limit]
    pages = [read_html(c, cases_path.parent) for c in cases]
    results = run_extractors(extractors, cases, pages)
    return {name: summarize(r) for name, r in results.items()}, results
