"""One-line errors for the command line: argument parsers, log levels, closest-match hints.

Every mistake a user can make on the command line ends with exit code 2 and one line on
stderr, ``newscrawl …: error: <what>: <problem>``, never a usage block or a traceback.
"""

from __future__ import annotations

import argparse
import difflib
import logging
import re
import sys
from typing import TYPE_CHECKING, NoReturn

from newscrawl.exceptions import ArgumentError

if TYPE_CHECKING:
    from collections.abc import Iterable

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
"""The log levels accepted by ``-L``/``--log-level`` (any case)."""

_HOST = re.compile(r"(?:[\w-]+\.)+[a-z]{2,}(?::\d+)?(?:/\S*)?", re.IGNORECASE)


class OneLineArgumentParser(argparse.ArgumentParser):
    """An `argparse.ArgumentParser` whose errors are one line (no usage block) and exit 2."""

    def error(self, message: str) -> NoReturn:
        """Print ``<prog>: error: <message> (see --help)`` and exit with code 2."""
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def closest(word: str, choices: Iterable[str]) -> str | None:
    """Return the choice most like `word` (difflib), or None when none is close."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT, EXIT_LOCKED = 0, 1, 2, 3
"""Exit codes of every newscrawl command: success, a failed run, bad input, a site locked."""


def check_log_level(value: str, option: str = "-L") -> str:
    """Return `value` as a log level name, or raise `ArgumentError` naming the known ones."""
    name = value.strip().upper()
    if name == "WARN":
        name = "WARNING"
    if name in LOG_LEVELS:
        return name
    hint = closest(name, LOG_LEVELS)
    suggestion = f"; did you mean {hint}?" if hint else ""
    raise ArgumentError(
        f"{option}: unknown log level {value!r} (use {', '.join(LOG_LEVELS)}){suggestion}"
    )


def check_url_text(url: str, name: str = "url") -> None:
    """Raise `ArgumentError` for a URL with white space or without a scheme, with a hint."""
    text = url.strip()
    if "://" in text and any(ch.isspace() for ch in text):
        raise ArgumentError(
            f"{name}: {url!r} contains a space; a URL has none (write %20, or quote "
            "the argument if two were meant)"
        )
    if "://" not in text and _HOST.fullmatch(text):
        raise ArgumentError(f"{name}: {url!r} is not a URL; did you mean https://{text}/ ?")


def looks_like_host(text: str) -> bool:
    """Return True for ``example.com`` or ``example.com/news``: a site written without scheme."""
    return "://" not in text and bool(_HOST.fullmatch(text.strip()))


def fail(prog: str, message: str) -> int:
    """Print ``<prog>: error: <message>`` on stderr and return exit code 2."""
    print(f"{prog}: error: {message}", file=sys.stderr)
    return 2


def level_number(name: str) -> int:
    """Return the number of a checked log level name."""
    return int(logging.getLevelName(name))
