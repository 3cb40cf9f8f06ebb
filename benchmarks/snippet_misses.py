"""Where the `with` snippets of extraction-snippets are lost, and what other settings would find.

Two tables, for the remaining-error classes of issue 14's note:

1. Both parts (aggregates only, no page is shown): the share of `with` snippets found and of
   `without` snippets kept out by newscrawl, by trafilatura 2.3's three settings (defaults,
   ``favor_recall``, ``favor_precision``) and by the snippet-wise union of newscrawl with each
   of them: how much another extractor's answer holds that ours misses, and what taking it
   would let in.
2. Tune part only: newscrawl's missed snippets by the stage that loses them. The generic
   pass (`newscrawl.extract.generic.generic_body`) with precision settings has it (so the
   body assembly or the paragraph cleanup drops it); only its balanced settings have it; only
   trafilatura's defaults on the unpruned page have it (a block our pruning marks: comments,
   link lists, widgets); no setting has it.

    python benchmarks/snippet_misses.py [--write]   # --write: also results/snippet_misses.md
"""

from __future__ import annotations

import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extraction import publish, report_options, run_line  # noqa: E402

from newscrawl.eval import EXTRACTORS, load_cases, read_html, snippet_hits, split_of  # noqa: E402
from newscrawl.eval.report import data_dir  # noqa: E402
from newscrawl.extract import parse_document  # noqa: E402
from newscrawl.extract.generic import generic_body  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "snippet_misses.md"
SETTINGS = {
    "defaults": {},
    "favor_recall": {"favor_recall": True},
    "favor_precision": {"favor_precision": True},
}
STAGES = (
    "kept by the generic pass, dropped by body assembly or cleanup",
    "kept only by the balanced settings of the generic pass",
    "kept only by trafilatura's defaults on the unpruned page (a pruned block)",
    "no setting keeps it",
)

Hits = tuple[list[bool], list[bool]]


def _has(text: str, snippet: str) -> bool:
    """Say whether `text` holds `snippet`, normalised as `newscrawl eval` scores it."""
    return snippet_hits(text, [snippet]) == 1


def _hits(case: dict[str, Any], text: str) -> Hits:
    return [_has(text, s) for s in case["with"]], [_has(text, s) for s in case["without"]]


def _stage(html: bytes, url: str, snippet: str, defaults: str) -> int:
    for stage, precision in enumerate((True, False)):
        doc = parse_document(html, url)  # each pass on a fresh tree: the passes mark it
        body = generic_body(
            doc.tree, url, favor_precision=precision, elements=doc.attributed_elements
        )
        if _has(body, snippet):
            return stage
    return 2 if _has(defaults, snippet) else 3


def _run(case: dict[str, Any], with_stages: bool) -> tuple[dict[str, Hits], list[int]]:
    import trafilatura

    html = read_html(case, data_dir() / "extraction-snippets")
    url = case.get("url") or ""
    texts = {"newscrawl": EXTRACTORS["newscrawl"](html, url).body}
    for name, kwargs in SETTINGS.items():
        texts[name] = trafilatura.extract(html, url=url, **kwargs) or ""
    hits = {name: _hits(case, text) for name, text in texts.items()}
    stages = []
    if with_stages:
        for snippet, found in zip(case["with"], hits["newscrawl"][0], strict=True):
            if not found:
                stages.append(_stage(html, url, snippet, texts["defaults"]))
    return hits, stages


def _union(a: Hits, b: Hits) -> Hits:
    return [x or y for x, y in zip(a[0], b[0], strict=True)], [
        x or y for x, y in zip(a[1], b[1], strict=True)
    ]


def _row(name: str, hits: list[Hits]) -> str:
    found = sum(sum(w) for w, _ in hits)
    wanted = sum(len(w) for w, _ in hits)
    leaks = sum(sum(o) for _, o in hits)
    unwanted = sum(len(o) for _, o in hits)
    return (
        f"| {name} | {found / wanted:.3f} | {wanted - found} | "
        f"{1 - leaks / unwanted:.3f} | {leaks} |"
    )


def report(split: str, workers: int) -> list[str]:
    cases = [
        c
        for c in load_cases(data_dir() / "extraction-snippets" / "cases.jsonl")
        if split_of(c) == split
    ]
    with ProcessPoolExecutor(workers) as pool:
        results = list(pool.map(_run, cases, [split == "tune"] * len(cases), chunksize=4))
    lines = [
        f"## {split} part ({len(cases)} pages)",
        "",
        "| extractor | `with` found | missed | `without` absent | leaks |",
        "|---|---:|---:|---:|---:|",
    ]
    for name in ("newscrawl", *SETTINGS):
        lines.append(_row(name, [hits[name] for hits, _ in results]))
    for name in SETTINGS:
        lines.append(
            _row(
                f"newscrawl or trafilatura {name}",
                [_union(hits["newscrawl"], hits[name]) for hits, _ in results],
            )
        )
    if split == "tune":
        counts = Counter(stage for _, stages in results for stage in stages)
        lines += [
            "",
            "newscrawl's missed `with` snippets by the stage that loses them:",
            "",
            "| stage | snippets |",
            "|---|---:|",
        ]
        lines += [f"| {label} | {counts[i]} |" for i, label in enumerate(STAGES)]
    return [*lines, ""]


def main() -> None:
    args = report_options(__doc__, RESULTS)
    lines = ["# Where extraction-snippets' `with` snippets are lost", "", run_line(), ""]
    for split in ("check", "tune"):
        lines += report(split, args.workers)
    publish(lines, RESULTS, args.write)


if __name__ == "__main__":
    main()
