"""Compare newscrawl's extraction with trafilatura, readability-lxml and newspaper4k.

Runs `newscrawl.eval` over the dev set (``../shared/data/extraction-dev/cases.jsonl`` by
default) with every extractor installed, in one process and one run, and prints a Markdown
table with the date, machine and library versions. ``--write`` also saves it to
``benchmarks/results/extraction.md`` (the README shows that file).

    python benchmarks/extraction.py [CASES.jsonl] [--write] [--split all|dev|holdout]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
import warnings
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newscrawl.eval import EXTRACTORS, _available, evaluate, format_table  # noqa: E402

DEFAULT_CASES = ROOT.parent / "shared" / "data" / "extraction-dev" / "cases.jsonl"
RESULTS = ROOT / "benchmarks" / "results" / "extraction.md"
PACKAGES = ("trafilatura", "readability-lxml", "newspaper4k", "lxml")


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="?", type=Path, default=DEFAULT_CASES)
    parser.add_argument("--split", choices=("all", "dev", "holdout"), default="all")
    parser.add_argument("--write", action="store_true", help=f"also write {RESULTS}")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    names = [n for n in EXTRACTORS if _available(n)]
    summaries, _ = evaluate(args.cases, names, split=args.split)
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines = [
        "# Extraction benchmark",
        "",
        f"{now} · {_cpu()}, {os.cpu_count()} CPUs, load {load:.1f} · Python "
        f"{platform.python_version()} · {_versions()}",
        "",
        f"Cases: `{args.cases.name}` ({args.split}), one process, all extractors on the same "
        "pages in the same run. Body metric: `\\w+` tokens, 4-token shingles with "
        "multiplicity, per-page tp/fp/fn normalised, P/R averaged over pages, F1 of the "
        "averages; accuracy = share of pages extracted exactly. trafilatura runs in its best "
        "mode (favor_precision, with metadata); ms/page include decoding and parsing.",
        "",
        format_table(summaries),
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if args.write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
