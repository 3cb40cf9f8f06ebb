"""Can a learned line classifier take trafilatura's extra lines without their leaks? (issue 14)

`benchmarks/snippet_misses.py` shows that the snippet-wise union of newscrawl with trafilatura's
defaults finds far more `with` snippets but lets in about two `without` snippets per find. This
script measures whether a classifier over the lines trafilatura adds can keep the wanted ones:

1. Pool: on every page of extraction-snippets and extraction-dev, the lines of trafilatura's
   defaults (``extract(html, url=url)``) that newscrawl's body does not hold.
2. Labels, tune part only: a snippet page's line is wanted when it holds a `with` snippet that
   newscrawl misses, unwanted when it holds a `without` snippet newscrawl keeps out (other lines
   are not labelled); a line of an extraction-dev page with a reference body is wanted when most
   of its 4-shingles (a short line: its text) are in that body, else unwanted.
3. Features: position against the text both extractors share (before, inside, after, distance),
   the run of added lines it sits in, length, punctuation, digits, capitals, list and table
   marks, page coverage; and character 2-4-grams (TF-IDF). Logistic regression, balanced classes.
4. Scores: host-grouped 5-fold cross-validation on tune (ROC AUC; wanted and unwanted snippets
   among the top-ranked lines); then a model fitted on all of tune ranks the check part's lines
   and found / absent are re-scored with the top k of them added (aggregates only).
5. Cost: the pool needs a second full trafilatura pass on every page; the median time per page
   of newscrawl alone, of that pass, of both, and of the time target's baseline (trafilatura's
   ``extract(with_metadata=True)``).

    python benchmarks/line_classifier.py [--write]   # --write: also results/line_classifier.md
"""

from __future__ import annotations

import math
import statistics
import sys
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupKFold
from sklearn.preprocessing import StandardScaler

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extraction import publish, report_options, run_line  # noqa: E402

from newscrawl.eval import (  # noqa: E402
    EXTRACTORS,
    host_key,
    load_cases,
    read_html,
    shingles,
    snippet_hits,
    split_of,
    tokens,
)
from newscrawl.eval.metrics import visible  # noqa: E402
from newscrawl.eval.report import data_dir  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "line_classifier.md"
SETS = ("extraction-snippets", "extraction-dev")
TOP_TUNE = (10, 20, 40, 80)
TOP_CHECK = (20, 80, 320)


@dataclass
class Page:
    """One page's pool: newscrawl's body, trafilatura's lines, and which of them are shared."""

    case: dict[str, Any]
    kind: str
    split: str
    ours: str
    lines: list[str]
    shared: list[bool]
    ms: tuple[float, float, float] = (0.0, 0.0, 0.0)
    candidates: list[tuple[int, list[float]]] = field(default_factory=list)


def _has(text: str, snippet: str) -> bool:
    return snippet_hits(text, [snippet]) == 1


def _collect(job: tuple[str, dict[str, Any]]) -> Page:
    import trafilatura

    warnings.simplefilter("ignore")
    kind, case = job
    html = read_html(case, data_dir() / kind)
    url = case.get("url") or ""
    start = time.perf_counter()
    ours = EXTRACTORS["newscrawl"](html, url).body or ""
    middle = time.perf_counter()
    traf = trafilatura.extract(html, url=url) or ""
    end = time.perf_counter()
    EXTRACTORS["trafilatura"](html, url)  # the baseline of the time target
    baseline = time.perf_counter()
    known = visible(ours)
    lines = [line for line in traf.split("\n") if line.strip()]
    shared = [bool(visible(line)) and visible(line) in known for line in lines]
    page = Page(case, kind, split_of(case), ours, lines, shared)
    page.ms = ((middle - start) * 1000, (end - middle) * 1000, (baseline - end) * 1000)
    page.candidates = _features(page)
    return page


def _features(page: Page) -> list[tuple[int, list[float]]]:
    """Return (line index, features) for every line trafilatura has and newscrawl lacks."""
    lines, shared = page.lines, page.shared
    kept = [i for i, s in enumerate(shared) if s]
    first, last = (kept[0], kept[-1]) if kept else (len(lines), -1)
    coverage = len(kept) / max(1, len(lines))
    out = []
    for i, line in enumerate(lines):
        if shared[i]:
            continue
        start = i
        while start > 0 and not shared[start - 1]:
            start -= 1
        end = i
        while end < len(lines) - 1 and not shared[end + 1]:
            end += 1
        text = line.rstrip()
        size = max(1, len(text))
        values = [
            i < first,
            first < i < last,
            i > last,
            min((abs(i - k) for k in kept), default=20),
            math.log1p(len(text)),
            len(text.split()),
            text.endswith((".", "!", "?", '"', "\u201d", "\u00bb", ")")),
            text.endswith(":"),
            text[:1].isupper(),
            sum(c.isdigit() for c in text) / size,
            sum(c.isupper() for c in text) / size,
            text.count(","),
            text.startswith("- "),
            "|" in text,
            "@" in text or "\u00a9" in text or "http" in text,
            coverage,
            math.log1p(len(page.ours)),
            math.log1p(len(lines)),
            end - start + 1,
            (i - start) / (end - start + 1),
            i / max(1, len(lines)),
        ]
        out.append((i, [float(v) for v in values]))
    return out


def _label(page: Page, line: str) -> int:
    """Return 1 (wanted), -1 (unwanted) or 0 (no label) for one added line."""
    if page.kind == "extraction-snippets":
        if any(_has(line, s) and not _has(page.ours, s) for s in page.case.get("with") or []):
            return 1
        if any(_has(line, s) and not _has(page.ours, s) for s in page.case.get("without") or []):
            return -1
        return 0
    reference = page.case.get("body") or ""
    if not reference:
        return 0
    if len(tokens(line)) < 4:
        return 1 if visible(line) in visible(reference) else -1
    own, ref = shingles(line), shingles(reference)
    return 1 if sum(1 for k in own if k in ref) >= 0.5 * max(1, len(own)) else -1


class Model:
    """Character n-grams and the shape features, scaled, into a balanced logistic regression."""

    def __init__(self) -> None:
        self.vectorizer = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(2, 4), min_df=3, sublinear_tf=True
        )
        self.scaler = StandardScaler()
        self.regression = LogisticRegression(max_iter=3000, class_weight="balanced")

    def fit(self, texts: list[str], shape: np.ndarray, wanted: np.ndarray) -> Model:
        matrix = hstack(
            [self.vectorizer.fit_transform(texts), csr_matrix(self.scaler.fit_transform(shape))]
        )
        self.regression.fit(matrix, wanted)
        return self

    def score(self, texts: list[str], shape: np.ndarray) -> np.ndarray:
        matrix = hstack(
            [self.vectorizer.transform(texts), csr_matrix(self.scaler.transform(shape))]
        )
        return self.regression.predict_proba(matrix)[:, 1]


def _rows(pages: list[Page]) -> tuple[list[tuple[Page, int]], list[str], np.ndarray]:
    refs = [(page, i) for page in pages for i, _ in page.candidates]
    shape = np.array([f for page in pages for _, f in page.candidates]).reshape(len(refs), -1)
    return refs, [page.lines[i] for page, i in refs], shape


def _snippet_totals(pages: list[Page], added: dict[int, list[str]]) -> tuple[int, int, int, int]:
    """Return (found, wanted, leaks, unwanted), `added` lines (by page) after our body."""
    found = wanted = leaks = unwanted = 0
    for n, page in enumerate(pages):
        text = "\n".join([page.ours, *added.get(n, [])])
        with_ = [s for s in page.case.get("with") or [] if s]
        without = [s for s in page.case.get("without") or [] if s]
        found += snippet_hits(text, with_)
        leaks += snippet_hits(text, without)
        wanted += len(with_)
        unwanted += len(without)
    return found, wanted, leaks, unwanted


def cross_validation(tune: list[Page]) -> list[str]:
    refs, texts, shape = _rows(tune)
    labels = np.array([_label(page, page.lines[i]) for page, i in refs])
    hosts = np.array([host_key(page.case) for page, _ in refs])
    snippet = np.array([page.kind == "extraction-snippets" for page, _ in refs])
    mask = labels != 0
    idx = np.flatnonzero(mask)
    scores = np.zeros(len(idx))
    text_arr = np.array(texts, dtype=object)
    for train, test in GroupKFold(5).split(idx, groups=hosts[idx]):
        model = Model().fit(list(text_arr[idx[train]]), shape[idx[train]], labels[idx[train]] == 1)
        scores[test] = model.score(list(text_arr[idx[test]]), shape[idx[test]])
    wanted = labels[idx] == 1
    on_snippets = snippet[idx]
    lines = [
        "## Tune part: host-grouped 5-fold cross-validation",
        "",
        f"{len(refs)} added lines; labelled: snippet pages "
        f"{int((mask & snippet & (labels == 1)).sum())} wanted, "
        f"{int((mask & snippet & (labels == -1)).sum())} unwanted "
        f"({int((snippet & ~mask).sum())} hold no snippet); extraction-dev "
        f"{int((mask & ~snippet & (labels == 1)).sum())} wanted, "
        f"{int((mask & ~snippet & (labels == -1)).sum())} unwanted.",
        "",
        f"ROC AUC: all labelled lines {roc_auc_score(wanted, scores):.3f}, snippet pages "
        f"{roc_auc_score(wanted[on_snippets], scores[on_snippets]):.3f} (0.5 is chance).",
        "",
        "| top-ranked labelled lines | wanted | unwanted | on snippet pages: wanted / unwanted |",
        "|---:|---:|---:|---|",
    ]
    order = np.argsort(-scores)
    for k in TOP_TUNE:
        top = order[:k]
        lines.append(
            f"| {k} | {int(wanted[top].sum())} | {int((~wanted[top]).sum())} | "
            f"{int((wanted[top] & on_snippets[top]).sum())} / "
            f"{int((~wanted[top] & on_snippets[top]).sum())} |"
        )
    return [*lines, ""]


def check_part(tune: list[Page], check: list[Page]) -> list[str]:
    refs, texts, shape = _rows(tune)
    labels = np.array([_label(page, page.lines[i]) for page, i in refs])
    keep = np.flatnonzero(labels != 0)
    model = Model().fit([texts[i] for i in keep], shape[keep], labels[keep] == 1)
    snippet_pages = [p for p in check if p.kind == "extraction-snippets"]
    crefs, ctexts, cshape = _rows(snippet_pages)
    scores = model.score(ctexts, cshape)
    order = np.argsort(-scores)
    at = {id(page): n for n, page in enumerate(snippet_pages)}
    found, wanted, leaks, unwanted = _snippet_totals(snippet_pages, {})
    lines = [
        f"## Check part: fitted on tune, ranking {len(crefs)} added lines of "
        f"{len(snippet_pages)} snippet pages",
        "",
        "| lines added | `with` found | found | `without` absent | leaks |",
        "|---:|---:|---:|---:|---:|",
        f"| 0 (newscrawl) | {found / wanted:.3f} | {found} | "
        f"{1 - leaks / unwanted:.3f} | {leaks} |",
    ]
    for k in (*TOP_CHECK, len(order)):
        added: dict[int, list[str]] = {}
        for r in order[:k]:
            page, i = crefs[r]
            added.setdefault(at[id(page)], []).append(page.lines[i])
        found, wanted, leaks, unwanted = _snippet_totals(snippet_pages, added)
        lines.append(
            f"| {k} | {found / wanted:.3f} | {found} | {1 - leaks / unwanted:.3f} | {leaks} |"
        )
    target = math.ceil(0.96 * wanted)
    lines += [
        "",
        f"The target (0.96 found, 0.92 absent) needs {target} found with at most "
        f"{math.floor(0.08 * unwanted)} leaks.",
        "",
    ]
    return lines


def cost(pages: list[Page]) -> list[str]:
    ours = statistics.median(p.ms[0] for p in pages)
    traf = statistics.median(p.ms[1] for p in pages)
    both = statistics.median(p.ms[0] + p.ms[1] for p in pages)
    baseline = statistics.median(p.ms[2] for p in pages)
    return [
        "## Cost of the pool (all pages, median ms per page, 2 worker processes)",
        "",
        "The time target's baseline is trafilatura's `extract(with_metadata=True)`; the pool's",
        "pass is `extract()` without metadata.",
        "",
        "| newscrawl | pool pass | newscrawl + pool pass | baseline | with the pool / baseline"
        " (limit 1.3) |",
        "|---:|---:|---:|---:|---:|",
        f"| {ours:.1f} | {traf:.1f} | {both:.1f} | {baseline:.1f} | {both / baseline:.2f}x |",
        "",
    ]


def main() -> None:
    args = report_options(__doc__, RESULTS)
    jobs = [(kind, c) for kind in SETS for c in load_cases(data_dir() / kind / "cases.jsonl")]
    with ProcessPoolExecutor(args.workers) as pool:
        pages = list(pool.map(_collect, jobs, chunksize=4))
    tune = [p for p in pages if p.split == "tune"]
    check = [p for p in pages if p.split == "check"]
    lines = ["# A learned line classifier over trafilatura's extra lines", "", run_line(), ""]
    lines += cross_validation(tune) + check_part(tune, check) + cost(pages)
    publish(lines, RESULTS, args.write)


if __name__ == "__main__":
    main()
