"""Compare newscrawl's extraction with trafilatura (readability-lxml, newspaper4k) on dev data.

Runs `newscrawl.eval` over the three sets of ``../shared/data`` (extraction-dev,
extraction-snippets, dates-dev), the check part by default, every extractor on the same pages in
one process and one run, and prints Markdown tables with the date, machine and library versions.
``--write`` also saves them to ``benchmarks/results/extraction.md`` (the README shows that file).

    python benchmarks/extraction.py [--split check|tune|all] [--compare all] [--write]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import subprocess
import sys
import warnings
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newscrawl.eval import EXTRACTORS, available, evaluate, format_table, kind_of, load_cases  # noqa: E402
from newscrawl.eval.report import SETS, data_dir  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "extraction.md"
PACKAGES = ("trafilatura", "htmldate", "readability-lxml", "newspaper4k", "lxml")


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _versions() -> str:
    out = []
    for name in PACKAGES:
        try:
            out.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            continue
    return ", ".join(out)


def _commit() -> str:
    try:
        return subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def run_line() -> str:
    """Return when, at which commit and on what machine and libraries a benchmark ran."""
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{now} · commit {_commit()} · {_cpu()}, {os.cpu_count()} CPUs, load {load:.1f} · "
        f"Python {platform.python_version()} · {_versions()}"
    )


def report_options(doc: str, results: Path) -> argparse.Namespace:
    """Parse the options of a report run in worker processes: ``--workers N`` and ``--write``."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--write", action="store_true", help=f"also write {results}")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    return args


def publish(lines: list[str], results: Path, write: bool) -> None:
    """Print a report's lines; with `write`, save them to `results` too."""
    text = "\n".join(lines)
    print(text)
    if write:
        results.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="*", type=Path)
    parser.add_argument("--split", choices=("check", "tune", "all"), default="check")
    parser.add_argument("--compare", choices=("trafilatura", "all"), default="trafilatura")
    parser.add_argument("--write", action="store_true", help=f"also write {RESULTS}")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    names = ["newscrawl", "trafilatura"]
    if args.compare == "all":
        names = [n for n in EXTRACTORS if available(n)]
    paths = args.cases or [data_dir() / s / "cases.jsonl" for s in SETS]
    lines = [
        "# Extraction benchmark",
        "",
        run_line(),
        "",
        f"Part: **{args.split}** (hosts split by a fixed SHA-1 hash, one in four to check). "
        "One process, all extractors on the same pages in the same run, page by page. "
        "trafilatura runs as `extract(html, url=url, with_metadata=True)` does (its defaults). "
        "Body metric: `\\w+` tokens, 4-token shingles with multiplicity, per-page tp/fp/fn "
        "normalised, P/R averaged over pages, F1 of the averages. Snippets: whitespace-"
        "normalised substrings of the body, as trafilatura's `tests/eval_common.py`. "
        '"n/a": the extractor does not give that field. ms/page include decoding and parsing.',
        "",
    ]
    for path in paths:
        kind = kind_of(load_cases(path))
        summaries, _ = evaluate(path, names, split=args.split)
        label = path.parent.name
        lines += [
            f"## {label} ({summaries['newscrawl']['pages']} pages)",
            "",
            format_table(summaries, kind),
            "",
        ]
        print("\n".join(lines[-4:]), flush=True)
    text = "\n".join(lines)
    if args.write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(text, encoding="utf-8")
    else:
        print(text)


if __name__ == "__main__":
    main()
