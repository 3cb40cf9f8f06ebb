"""``newscrawl stats FILE.jsonl|DIR… [--json]``: the figures of a corpus, as a table.

For a corpus built over many runs (JSON Lines files, or directories searched for them):
articles, unique articles, sites, date span, languages, duplicates found (the same article id
in two lines; later revisions are counted apart), field coverage and body length, top
sections and authors. ``--json`` prints the same figures as one JSON object.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from newscrawl.console.corpus import CorpusFigures, corpus_figures
from newscrawl.console.errors import OneLineArgumentParser
from newscrawl.exceptions import ArgumentError


def _files(targets: list[Path]) -> list[Path]:
    files: list[Path] = []
    for target in targets:
        if target.is_dir():
            found = sorted(target.rglob("*.jsonl"))
            if not found:
                raise ArgumentError(f"{target}: no .jsonl file in it")
            files.extend(found)
        elif target.is_file():
            files.append(target)
        else:
            raise ArgumentError(f"{target}: no such file or directory")
    return files


def render_table(figures: CorpusFigures, top: int) -> str:
    """Return the figures as a rich table (plain text when not on a terminal)."""
    from rich.console import Console
    from rich.table import Table

    data = figures.as_dict(top)
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold cyan", justify="right")
    table.add_column()

    def counts(mapping: dict[str, int]) -> str:
        return ", ".join(f"{k} {v}" for k, v in mapping.items()) or "-"

    span = data["date_span"]
    table.add_row("files", str(data["files"]))
    table.add_row("articles", f"{data['articles']} ({data['unique_articles']} unique)")
    table.add_row("sites", counts(data["sites"]))
    table.add_row("date span", f"{span['first'] or '-'} to {span['last'] or '-'}")
    table.add_row("languages", counts(data["languages"]))
    table.add_row("duplicates", f"{data['duplicates']} (revisions {data['revisions']})")
    table.add_row(
        "coverage", ", ".join(f"{k} {v:.0%}" for k, v in data["coverage"].items()) or "-"
    )
    words = data["word_count"]
    table.add_row(
        "body words",
        f"median {words['median']:.0f}, p90 {words['p90']:.0f}, max {words['max']:.0f}"
        if words
        else "-",
    )
    table.add_row(f"top {top} sections", counts(data["sections"]))
    table.add_row(f"top {top} authors", counts(data["authors"]))
    console = Console(file=sys.stdout, width=None if sys.stdout.isatty() else 120)
    with console.capture() as capture:
        console.print(table)
    return "".join(line.rstrip() + "\n" for line in capture.get().splitlines())


def main(argv: list[str]) -> int:
    """Print the figures of the corpus named in `argv`."""
    parser = OneLineArgumentParser(prog="newscrawl stats", description=__doc__)
    parser.add_argument("targets", nargs="+", type=Path, metavar="FILE.jsonl|DIR")
    parser.add_argument("--json", action="store_true", help="one JSON object")
    parser.add_argument("--top", type=int, default=5, help="sections and authors shown")
    args = parser.parse_args(argv)
    figures = corpus_figures(_files(args.targets))
    if args.json:
        print(json.dumps(figures.as_dict(args.top), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(render_table(figures, args.top))
    return 0
