"""``newscrawl eval CASES.jsonl …``: check the case files, then run `newscrawl.eval`.

A file that is not a case file (not JSON Lines, or lines without ``id`` and ``html``) is
refused with one line and exit code 2 before any page is read.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from newscrawl.exceptions import ArgumentError

if TYPE_CHECKING:
    from pathlib import Path

_CASE_KEYS = ("id", "html")
"""Keys every line of a case file has (the three dev sets' formats share them)."""


def check_case_file(path: Path) -> None:
    """Raise `ArgumentError` unless `path` is a JSON Lines case file."""
    try:
        with path.open(encoding="utf-8") as fh:
            lines = 0
            for number, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                lines += 1
                try:
                    case = json.loads(line)
                except ValueError:
                    raise ArgumentError(
                        f"{path}: line {number}: not JSON; a case file is JSON Lines"
                    ) from None
                if not isinstance(case, dict):
                    raise ArgumentError(f"{path}: line {number}: not a JSON object")
                missing = [key for key in _CASE_KEYS if not isinstance(case.get(key), str)]
                if missing:
                    raise ArgumentError(
                        f"{path}: line {number}: not a case (no {', '.join(missing)}); "
                        "expected the format of extraction-dev/cases.jsonl"
                    )
    except UnicodeDecodeError:
        raise ArgumentError(f"{path}: not a UTF-8 text file") from None
    except OSError as exc:
        raise ArgumentError(f"{path}: cannot read: {exc.strerror}") from None
    if not lines:
        raise ArgumentError(f"{path}: no case in the file")


def main(argv: list[str]) -> int:
    """Check the case files named in `argv`, then run ``newscrawl eval``."""
    from newscrawl.eval.report import build_parser, run_eval

    args, _ = build_parser().parse_known_args(argv)
    for path in args.cases:
        if path.is_file():
            check_case_file(path)
    return run_eval(argv)
