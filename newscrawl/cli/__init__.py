"""The ``newscrawl`` command: demo, crawl, extract, eval, report, stats, schema and redis.

Each subcommand lives in its own module; this file only dispatches. Errors that come from
bad input (`NewscrawlError`) end the command with one line on stderr and exit code 2; an
interrupt (Ctrl-C) ends it with 130 and no traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from importlib import import_module

from newscrawl import __version__
from newscrawl.console.errors import closest, fail
from newscrawl.exceptions import NewscrawlError

SUBCOMMANDS = {
    "demo": ("newscrawl.demo.run:main", "serve the bundled demo site on 127.0.0.1 and crawl it"),
    "crawl": ("newscrawl.cli.crawl:main", "scheduled run: incremental, locked, with a manifest"),
    "extract": ("newscrawl.cli.extract:main", "extract one saved page to JSON on stdout"),
    "eval": ("newscrawl.cli.evaluate:main", "evaluate extraction on a case file"),
    "report": ("newscrawl.cli.report:main", "write a run's HTML report with plots"),
    "stats": ("newscrawl.cli.stats:main", "figures of a corpus of JSONL files"),
    "schema": ("newscrawl.cli.schema:main", "print the JSON Schema of one article line"),
    "redis": ("newscrawl.cli.redis:main", "watch and reset distributed crawls on Redis"),
    "reextract": ("newscrawl.cli.reextract:main", "extract archived pages (WARC) again, offline"),
    "import": ("newscrawl.cli.import_warc:main", "read any WARC (CC-NEWS, wget…) as a source"),
}
"""Subcommand -> ("module:function" taking the remaining arguments, summary)."""


def main(argv: list[str] | None = None) -> int:
    """Run the ``newscrawl`` command line and return its exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    # The project's settings apply wherever the command runs (no scrapy.cfg needed).
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "newscrawl.settings")
    parser = argparse.ArgumentParser(
        prog="newscrawl",
        description="A news crawler: news sites in, clean deduplicated JSONL out.",
        epilog="Run `newscrawl COMMAND --help` for a command's options. "
        "`scrapy crawl news -a url=URL -O out.jsonl` also works.",
    )
    parser.add_argument("command", choices=sorted(SUBCOMMANDS), help=_summary())
    parser.add_argument("--version", action="version", version=f"newscrawl {__version__}")
    if not argv or argv[0] in ("-h", "--help"):
        parser.print_help()
        return 0 if argv else 2
    if argv[0] == "--version":
        print(f"newscrawl {__version__}")
        return 0
    if argv[0] not in SUBCOMMANDS:
        hint = closest(argv[0], SUBCOMMANDS)
        suggestion = f"; did you mean {hint}?" if hint else ""
        return fail(
            "newscrawl",
            f"invalid choice: {argv[0]!r} (commands: {', '.join(sorted(SUBCOMMANDS))})"
            f"{suggestion}",
        )
    module_name, function_name = SUBCOMMANDS[argv[0]][0].split(":")
    function = getattr(import_module(module_name), function_name)
    try:
        return int(function(argv[1:]))
    except NewscrawlError as exc:
        print(f"newscrawl: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("newscrawl: interrupted", file=sys.stderr)
        return 130


def _summary() -> str:
    return "; ".join(f"{name}: {text}" for name, (_, text) in SUBCOMMANDS.items())


if __name__ == "__main__":
    sys.exit(main())
