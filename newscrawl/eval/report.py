"""Tables and the command line of ``newscrawl eval``."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newscrawl.eval.extractors import ALIASES, EXTRACTORS, PRODUCES, available
from newscrawl.eval.run import PageResult, evaluate, kind_of, load_cases, split_of

if TYPE_CHECKING:
    from collections.abc import Sequence

SETS = ("extraction-dev", "extraction-snippets", "dates-dev")
"""The data sets read when no case file is named, under `data_dir()`."""

_ROWS: dict[str, tuple[tuple[str, str, str], ...]] = {
    # (label, summary key, field the extractor must produce)
    "articles": (
        ("body precision", "body_precision", "body"),
        ("body recall", "body_recall", "body"),
        ("body F1", "body_f1", "body"),
        ("body accuracy (exact)", "body_accuracy", "body"),
        ("title exact", "title", "title"),
        ("published (minute, or day when no time expected)", "published", "published"),
        ("published (same day)", "published_day", "published_day"),
        ("authors F1", "authors_f1", "authors"),
        ("language", "language", "language"),
    ),
    "snippets": (
        ("`with` snippets found", "with_found", "body"),
        ("`without` snippets absent", "without_absent", "body"),
        ("snippet F1", "snippet_f1", "body"),
        ("pages fully right", "snippet_pages_right", "body"),
    ),
    "dates": (("published (same day)", "published_day", "published_day"),),
}
_COMMON_ROWS = (
    ("ms/page median", "ms_median", ""),
    ("ms/page p95", "ms_p95", ""),
    ("errors (pages)", "errors", ""),
)
_PAGES_KEY = {
    "body_precision": "body_pages",
    "body_recall": "body_pages",
    "body_f1": "body_pages",
    "body_accuracy": "body_pages",
    "authors_f1": "authors_pages",
    "with_found": "snippets_pages",
    "without_absent": "snippets_pages",
    "snippet_f1": "snippets_pages",
    "snippet_pages_right": "snippets_pages",
}


def data_dir() -> Path:
    """Return the shared data folder (``$NEWSCRAWL_EVAL_DATA`` or ``../shared/data``)."""
    env = os.environ.get("NEWSCRAWL_EVAL_DATA")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2].parent / "shared" / "data"


def format_table(summaries: dict[str, dict[str, Any]], kind: str = "articles") -> str:
    """Return the comparison table of one set as Markdown ("n/a": a field never produced)."""
    names = list(summaries)
    first = summaries[names[0]]
    lines = [
        "| metric | pages | " + " | ".join(names) + " |",
        "|---|---:|" + "---:|" * len(names),
    ]
    for label, key, needs in (*_ROWS[kind], *_COMMON_ROWS):
        pages = first.get(_PAGES_KEY.get(key, f"{key}_pages"), first["pages"])
        if not pages:
            continue
        cells = []
        for name in names:
            value = summaries[name].get(key)
            if needs and needs not in PRODUCES.get(name, frozenset({needs})):
                cells.append("n/a")
            elif value is None:
                cells.append("-")
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
        for key in ("title", "published", "published_day", "language"):
            if getattr(r, key) is False:
                bits.append(f"{key}✗")
        if r.authors is not None and r.authors < 1:
            bits.append(f"authors={r.authors:.2f}")
        if r.with_total:
            bits.append(f"with {r.with_found}/{r.with_total}")
        if r.without_found:
            bits.append(f"without kept {r.without_found}/{r.without_total}")
        if r.error:
            bits.append(f"error={r.error[:80]}")
        lines.append("  ".join(bits))
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of ``newscrawl eval``."""
    parser = argparse.ArgumentParser(
        prog="newscrawl eval",
        description="Score extraction on case files (default: the three dev sets, check part).",
    )
    parser.add_argument(
        "cases",
        type=Path,
        nargs="*",
        help=f"cases.jsonl files (html paths relative to each); default: {', '.join(SETS)}",
    )
    parser.add_argument(
        "--compare",
        action="append",
        default=[],
        metavar="NAME",
        help="extractors run beside newscrawl: trafilatura (default), readability-lxml, "
        "newspaper4k, all or none (repeatable)",
    )
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")
    parser.add_argument(
        "--worst", type=int, default=0, metavar="N", help="list the N worst tune pages"
    )
    parser.add_argument(
        "--split",
        choices=("check", "tune", "all"),
        default="check",
        help="part of each set by host hash: check (reported), tune (debug here), all",
    )
    parser.add_argument("--limit", type=int, default=None, help="only the first N cases a set")
    return parser


def _names(compare: Sequence[str]) -> list[str] | str:
    """Return the extractors to run, or an error message."""
    names = ["newscrawl"]
    for raw in compare or ["trafilatura"]:
        for part in raw.split(","):
            name = ALIASES.get(part.strip(), part.strip())
            if name == "none":
                continue
            if name == "all":
                names.extend(n for n in EXTRACTORS if n not in names and available(n))
                continue
            if name not in EXTRACTORS:
                return f"unknown extractor {part!r}"
            if not available(name):
                if not compare:
                    continue  # the default comparison is skipped when not installed
                return f"{name} is not installed"
            if name not in names:
                names.append(name)
    return names


def run_eval(argv: Sequence[str] | None = None) -> int:
    """Run ``newscrawl eval`` with command-line `argv`; return the exit status."""
    args = build_parser().parse_args(argv)
    paths: list[Path] = list(args.cases) or [data_dir() / s / "cases.jsonl" for s in SETS]
    for path in paths:
        if not path.is_file():
            print(f"newscrawl eval: no such file: {path}", file=sys.stderr)
            return 2
    names = _names(args.compare)
    if isinstance(names, str):
        print(f"newscrawl eval: {names}", file=sys.stderr)
        return 2
    payload: dict[str, Any] = {"split": args.split, "sets": {}}
    text: list[str] = []
    for path in paths:
        label = path.parent.name if path.name == "cases.jsonl" else path.stem
        kind = kind_of(load_cases(path))
        summaries, results = evaluate(path, names, split=args.split, limit=args.limit)
        # Only tune pages are ever listed: the check part is for measuring, not debugging.
        tune_ids = _tune_ids(path)
        worst = [r for r in results["newscrawl"] if r.case_id in tune_ids]
        payload["sets"][label] = {"kind": kind, "extractors": summaries}
        pages = summaries["newscrawl"]["pages"]
        text.append(f"## {label} ({kind}, {args.split} part, {pages} pages)\n")
        text.append(format_table(summaries, kind))
        if args.worst:
            payload["sets"][label]["worst"] = [
                {"id": r.case_id, "score": r.score()}
                for r in sorted(worst, key=PageResult.score)[: args.worst]
            ]
            text.append(f"\nworst {args.worst} tune pages (newscrawl):")
            text.append(format_worst(worst, args.worst) or "(no tune page in this run)")
        text.append("")
    if args.json:
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        print("\n".join(text).rstrip())
    return 0


def _tune_ids(path: Path) -> set[str]:
    return {str(c.get("id")) for c in load_cases(path) if split_of(c) == "tune"}
