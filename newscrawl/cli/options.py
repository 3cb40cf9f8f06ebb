"""Command-line options that several commands share, defined once with one help text."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse


def add_corpus_options(parser: argparse.ArgumentParser) -> None:
    """Add where a run writes (``--out``) and keeps its state (``--state-dir``, ``--redis``)."""
    parser.add_argument("--out", default=None, help="output directory (output)")
    parser.add_argument("--state-dir", default=None, help="run state directory (.newscrawl)")
    parser.add_argument("--redis", metavar="URL", help="shared Redis state (redis://host/db)")


def add_fetch_window_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--since``/``--until`` on the day an archived page was fetched."""
    parser.add_argument("--since", help="only pages fetched on or after YYYY-MM-DD")
    parser.add_argument("--until", help="only pages fetched on or before YYYY-MM-DD")


def add_run_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--run-id`` and ``-s``/``--set``, for commands that start runs of their own."""
    parser.add_argument("--run-id", help="run id used in file names (default: UTC time)")
    add_setting_option(parser)


def add_setting_option(parser: argparse.ArgumentParser) -> None:
    """Add ``-s NAME=VALUE`` (repeatable), a Scrapy setting for the run."""
    parser.add_argument(
        "-s",
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a Scrapy setting (repeatable)",
    )
