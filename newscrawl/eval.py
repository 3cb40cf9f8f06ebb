# ruff: noqa: RUF001 -- typographic dashes, quotes and separators are what these patterns match
r"""``newscrawl eval CASES.jsonl``: score extraction against expected values.

Metrics (the article-extraction-benchmark's, see issue 3):

- body: tokens are the matches of ``\w+``; 4-token shingles counted with multiplicity;
  each page's tp/fp/fn normalised to sum to 1; precision and recall averaged over pages;
  F1 is the harmonic mean of the two averages; accuracy is the share of pages whose
  tokens match exactly;
- title: exact match after whitespace normalisation;
- published: the same instant to the minute, or the same day when the expected value
  has no time;
- authors: set F1 per page (case-insensitive), averaged;
- language: the primary subtag matches;
- speed: median and p95 milliseconds per page (decode + parse + extract).

Run with ``python -m newscrawl.eval CASES.jsonl`` or ``newscrawl eval CASES.jsonl``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gzip
import hashlib
import json
import re
import statistics
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

_TOKEN_RE = re.compile(r"\w+")
FAKE_URL = "http://fakehost/test/page.html"
"""URL used for cases without one (readability's test suite uses the same host)."""


# ------------------------------------------------------------------ metrics


def tokens(text: str | None) -> list[str]:
    r"""Return the ``\w+`` tokens of `text` (NFC first: canonically equal texts tokenise alike)."""
    return _TOKEN_RE.findall(unicodedata.normalize("NFC", text or ""))


def shingles(text: str | None, n: int = 4) -> Counter[tuple[str, ...]]:
    """Return the `n`-token shingles of `text` with their counts."""
    toks = tokens(text)
    return Counter(tuple(toks[i : i + n]) for i in range(max(1, len(toks) - n + 1)) if toks)


def body_scores(expected: str | None, predicted: str | None) -> tuple[float, float, bool]:
    """Return (precision, recall, exact) of one page's body."""
    true, pred = shingles(expected), shingles(predicted)
    tp = fp = fn = 0.0
    for key in true.keys() | pred.keys():
        t, p = true.get(key, 0), pred.get(key, 0)
        tp += min(t, p)
        fp += max(0, p - t)
        fn += max(0, t - p)
    total = tp + fp + fn
    if total == 0:
        return 1.0, 1.0, True
    tp, fp, fn = tp / total, fp / total, fn / total
    precision = tp / (tp + fp) if tp + fp > 0 else 0.0
    recall = tp / (tp + fn) if tp + fn > 0 else 0.0
    return precision, recall, tokens(expected) == tokens(predicted)


def _ws(s: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", s or "").split())


def title_ok(expected: str, predicted: str | None) -> bool:
    """Say whether titles match after whitespace normalisation."""
    return _ws(expected) == _ws(predicted)


def _parse_date(value: str) -> tuple[dt.datetime, bool] | None:
    value = value.strip()
    if not value:
        return None
    has_time = len(value) > 10
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00").replace(" ", "T", 1))
    except ValueError:
        return None
    return parsed, has_time


def published_ok(expected: str, predicted: str | None) -> bool:
    """Say whether dates match: same minute, or same day when `expected` has no time."""
    exp = _parse_date(expected)
    pred = _parse_date(predicted) if predicted else None
    if exp is None or pred is None:
        return False
    e, e_time = exp
    p, _ = pred
    if e.tzinfo is None and e.time() == dt.time(0, 0):
        e_time = False  # a naive midnight is how date-only values are usually stored
    if not e_time:
        return e.date() == p.date()
    e = e.replace(second=0, microsecond=0)
    p = p.replace(second=0, microsecond=0)
    if e.tzinfo is None:
        # No zone expected: the wall-clock time as printed, or the same time in UTC.
        utc = p.astimezone(dt.UTC).replace(tzinfo=None) if p.tzinfo else p
        return e in (p.replace(tzinfo=None), utc)
    if p.tzinfo is None:
        # A zone-less prediction (other extractors): its wall clock, or read as UTC.
        return p in (e.replace(tzinfo=None), e.astimezone(dt.UTC).replace(tzinfo=None))
    return e.astimezone(dt.UTC) == p.astimezone(dt.UTC)


def authors_f1(expected: Sequence[str], predicted: Sequence[str]) -> float:
    """Return the set F1 of author names (case- and space-insensitive)."""
    e = {_ws(a).casefold() for a in expected if _ws(a)}
    p = {_ws(a).casefold() for a in predicted if _ws(a)}
    if not e and not p:
        return 1.0
    if not e or not p:
        return 0.0
    tp = len(e & p)
    if tp == 0:
        return 0.0
    precision, recall = tp / len(p), tp / len(e)
    return 2 * precision * recall / (precision + recall)


def language_ok(expected: str, predicted: str | None) -> bool:
    """Say whether the primary language subtags match."""
    if not predicted:
        return False
    return expected.split("-")[0].split("_")[0].lower() == predicted.split("-")[0].lower()


# --------------------------------------------------------------- extractors


@dataclass(slots=True)
class Prediction:
    """What an extractor returned for one page."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    body: str = ""
    language: str | None = None


Extractor = "Callable[[bytes, str], Prediction]"


def _newscrawl(html: bytes, url: str) -> Prediction:
    from newscrawl.extract import extract_article

    item = extract_article(html, url, fetched_at="1970-01-01T00:00:00+00:00")
    return Prediction(item.title, item.authors, item.published, item.body, item.language)


def _trafilatura(html: bytes, url: str) -> Prediction:
    import trafilatura

    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        favor_precision=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params={"extensive_search": True, "outputformat": "%Y-%m-%dT%H:%M:%S"},
    )
    if doc is None or isinstance(doc, dict):
        return Prediction()
    authors = [a.strip() for a in (doc.author or "").split(";") if a.strip()]
    return Prediction(doc.title, authors, doc.date, doc.text or "", doc.language)


def _readability(html: bytes, url: str) -> Prediction:
    import lxml.html
    from readability import Document as ReadabilityDocument

    rdoc = ReadabilityDocument(html, url=url)
    summary = rdoc.summary(html_partial=True)
    root = lxml.html.fromstring(summary) if summary.strip() else None
    body = ""
    if root is not None:
        paras = [" ".join(el.text_content().split()) for el in root.iter("p", "h2", "h3", "li")]
        body = "\n\n".join(p for p in paras if p) or " ".join(root.text_content().split())
    return Prediction(title=rdoc.short_title(), body=body)


def _newspaper(html: bytes, url: str) -> Prediction:
    import newspaper

    article = newspaper.Article(url, fetch_images=False)
    article.download(input_html=html.decode("utf-8", errors="replace"))
    article.parse()
    published = article.publish_date.isoformat() if article.publish_date else None
    return Prediction(
        article.title, list(article.authors), published, article.text or "", article.meta_lang
    )


EXTRACTORS: dict[str, Callable[[bytes, str], Prediction]] = {
    "newscrawl": _newscrawl,
    "trafilatura": _trafilatura,
    "readability-lxml": _readability,
    "newspaper4k": _newspaper,
}
_ALIASES = {
    "readability": "readability-lxml",
    "newspaper": "newspaper4k",
    "newspaper3k": "newspaper4k",
}


# ------------------------------------------------------------------ running


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
    authors: float | None = None
    language: bool | None = None
    error: str | None = None
    prediction: Prediction | None = None

    def score(self) -> float:
        """Return one number for ranking the worst pages (lower is worse)."""
        parts: list[float] = []
        if self.body_p is not None and self.body_r is not None:
            s = self.body_p + self.body_r
            parts.append(2 * self.body_p * self.body_r / s if s else 0.0)
        parts.extend(
            float(v) for v in (self.title, self.published, self.language) if v is not None
        )
        if self.authors is not None:
            parts.append(self.authors)
        return sum(parts) / len(parts) if parts else 1.0


def load_cases(path: Path) -> list[dict[str, Any]]:
    """Read a case file (JSON lines)."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def publisher_of(case: dict[str, Any]) -> str:
    """Return the publisher key of a case (for hold-out splits)."""
    cid = str(case.get("id", ""))
    if cid.startswith("fundus-"):
        return cid.split("-", 2)[-1].rsplit("_", 3)[0]
    return cid


def in_split(case: dict[str, Any], split: str) -> bool:
    """Say whether a case is in the ``dev``/``holdout`` split (by publisher, 1 in 5 held out)."""
    if split == "all":
        return True
    digest = hashlib.sha1(publisher_of(case).encode("utf-8")).digest()
    held = digest[0] % 5 == 0
    return held if split == "holdout" else not held


def read_html(case: dict[str, Any], base: Path) -> bytes:
    """Return the raw bytes of a case's page."""
    path = base / case["html"]
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def score_case(case: dict[str, Any], pred: Prediction, ms: float) -> PageResult:
    """Score one prediction against one case."""
    result = PageResult(str(case.get("id")), ms, prediction=pred)
    if case.get("body"):
        result.body_p, result.body_r, result.body_exact = body_scores(case["body"], pred.body)
    if case.get("title"):
        result.title = title_ok(case["title"], pred.title)
    if case.get("published"):
        result.published = published_ok(case["published"], pred.published)
    if isinstance(case.get("authors"), list):
        result.authors = authors_f1(case["authors"], pred.authors)
    if case.get("language"):
        result.language = language_ok(case["language"], pred.language)
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


def summarize(results: list[PageResult]) -> dict[str, Any]:
    """Aggregate page results into the table's figures."""
    bodies = [r for r in results if r.body_p is not None]
    out: dict[str, Any] = {"pages": len(results)}
    if bodies:
        p = statistics.fmean(r.body_p for r in bodies if r.body_p is not None)
        rc = statistics.fmean(r.body_r for r in bodies if r.body_r is not None)
        out["body_precision"] = p
        out["body_recall"] = rc
        out["body_f1"] = 2 * p * rc / (p + rc) if p + rc else 0.0
        out["body_accuracy"] = statistics.fmean(float(bool(r.body_exact)) for r in bodies)
        out["body_pages"] = len(bodies)
    for key in ("title", "published", "language"):
        vals = [getattr(r, key) for r in results if getattr(r, key) is not None]
        out[key] = statistics.fmean(float(v) for v in vals) if vals else None
        out[f"{key}_pages"] = len(vals)
    authors = [r.authors for r in results if r.authors is not None]
    out["authors_f1"] = statistics.fmean(authors) if authors else None
    out["authors_pages"] = len(authors)
    times = sorted(r.ms for r in results)
    out["ms_median"] = statistics.median(times) if times else None
    out["ms_p95"] = times[min(len(times) - 1, int(0.95 * len(times)))] if times else None
    out["errors"] = sum(1 for r in results if r.error)
    return out


_ROWS = (
    ("body precision", "body_precision"),
    ("body recall", "body_recall"),
    ("body F1", "body_f1"),
    ("body accuracy (exact)", "body_accuracy"),
    ("title exact", "title"),
    ("published", "published"),
    ("authors F1", "authors_f1"),
    ("language", "language"),
    ("ms/page median", "ms_median"),
    ("ms/page p95", "ms_p95"),
    ("errors (pages)", "errors"),
)


def format_table(summaries: dict[str, dict[str, Any]]) -> str:
    """Return the comparison table as Markdown."""
    names = list(summaries)
    first = summaries[names[0]]
    lines = [
        "| metric | pages | " + " | ".join(names) + " |",
        "|---|---:|" + "---:|" * len(names),
    ]
    for label, key in _ROWS:
        base = key.removesuffix("_f1").removesuffix("_median").removesuffix("_p95")
        base = {"body_precision": "body", "body_recall": "body", "body_accuracy": "body"}.get(
            base, base
        )
        pages = first.get(f"{base}_pages", first["pages"])
        cells = []
        for name in names:
            value = summaries[name].get(key)
            if value is None:
                cells.append("–")
            elif key.startswith("ms_"):
                cells.append(f"{value:.1f}")
            elif key == "errors":
                cells.append(str(value))
            else:
                cells.append(f"{value:.3f}")
        lines.append(f"| {label} | {pages} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def format_worst(results: list[PageResult], n: int) -> str:
    """List the `n` lowest-scoring pages with what went wrong."""
    lines = []
    for r in sorted(results, key=PageResult.score)[:n]:
        bits = [f"{r.score():.2f} {r.case_id}"]
        if r.body_p is not None:
            bits.append(f"body P={r.body_p:.2f} R={r.body_r:.2f}")
        for key in ("title", "published", "language"):
            if getattr(r, key) is False:
                bits.append(f"{key}✗")
        if r.authors is not None and r.authors < 1:
            bits.append(f"authors={r.authors:.2f}")
        if r.error:
            bits.append(f"error={r.error[:80]}")
        lines.append("  ".join(bits))
    return "\n".join(lines)


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


def _available(name: str) -> bool:
    module = {
        "trafilatura": "trafilatura",
        "readability-lxml": "readability",
        "newspaper4k": "newspaper",
    }
    if name not in module:
        return True
    try:
        __import__(module[name])
    except ImportError:
        return False
    return True


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of ``newscrawl eval``."""
    parser = argparse.ArgumentParser(
        prog="newscrawl eval", description="Score extraction against a case file."
    )
    parser.add_argument("cases", type=Path, help="cases.jsonl (html paths relative to it)")
    parser.add_argument(
        "--compare",
        action="append",
        default=[],
        metavar="NAME",
        help="also run trafilatura, readability-lxml or newspaper4k (repeatable; 'all')",
    )
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")
    parser.add_argument("--worst", type=int, default=0, metavar="N", help="list the N worst pages")
    parser.add_argument("--split", choices=("all", "dev", "holdout"), default="all")
    parser.add_argument("--limit", type=int, default=None, help="only the first N cases")
    return parser


def run_eval(argv: Sequence[str] | None = None) -> int:
    """Run ``newscrawl eval`` with command-line `argv`; return the exit status."""
    args = build_parser().parse_args(argv)
    if not args.cases.is_file():
        print(f"newscrawl eval: no such file: {args.cases}", file=sys.stderr)
        return 2
    names = ["newscrawl"]
    for raw in args.compare:
        for part in raw.split(","):
            name = _ALIASES.get(part.strip(), part.strip())
            if name == "all":
                names.extend(n for n in EXTRACTORS if n not in names and _available(n))
                continue
            if name not in EXTRACTORS:
                print(f"newscrawl eval: unknown extractor {part!r}", file=sys.stderr)
                return 2
            if not _available(name):
                print(f"newscrawl eval: {name} is not installed", file=sys.stderr)
                return 2
            if name not in names:
                names.append(name)
    summaries, results = evaluate(args.cases, names, split=args.split, limit=args.limit)
    if args.json:
        payload: dict[str, Any] = {"cases": str(args.cases), "split": args.split}
        payload["extractors"] = summaries
        if args.worst:
            payload["worst"] = [
                {"id": r.case_id, "score": r.score()}
                for r in sorted(results["newscrawl"], key=PageResult.score)[: args.worst]
            ]
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        print(format_table(summaries))
        if args.worst:
            print(f"\nworst {args.worst} pages (newscrawl):")
            print(format_worst(results["newscrawl"], args.worst))
    return 0


def main() -> None:
    """Entry point of ``python -m newscrawl.eval``."""
    raise SystemExit(run_eval())


if __name__ == "__main__":
    main()
