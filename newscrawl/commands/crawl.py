"""``scrapy crawl`` that ends a run with one readable line, not a traceback, on bad input.

The ``news`` spider's arguments and site profile are validated before the crawler starts;
a problem (`NewscrawlError`) is reported as ``newscrawl: error: <where>: <key>: <problem>``
with exit code 2, before any request is made.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from scrapy.commands.crawl import Command as ScrapyCrawlCommand

from newscrawl.arguments import parse_crawl_arguments
from newscrawl.exceptions import NewscrawlError

if TYPE_CHECKING:
    import argparse


_SPIDER_ARGUMENTS = frozenset({"url", "site", "since", "until", "max_articles"})


def _check_news_arguments(args: list[str], opts: argparse.Namespace) -> str | None:
    """Return the one-line error for bad ``news`` spider arguments, or None when they are fine."""
    if not args or args[0] != "news":
        return None
    try:
        parse_crawl_arguments(**{k: v for k, v in opts.spargs.items() if k in _SPIDER_ARGUMENTS})
    except NewscrawlError as exc:
        return f"newscrawl: error: {exc}"
    return None


class Command(ScrapyCrawlCommand):
    """Run a spider; report bad arguments and profiles in one line with exit code 2."""

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        """Parse the options, then validate the ``news`` arguments before Scrapy starts.

        This runs before the crawler process exists, so a bad profile or argument prints
        its one line and nothing else (no Scrapy banner, no traceback) and exits with 2.
        """
        super().process_options(args, opts)
        error = _check_news_arguments(args, opts)
        if error is not None:
            print(error, file=sys.stderr)
            raise SystemExit(2)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        error = _check_news_arguments(args, opts)
        if error is not None:
            print(error, file=sys.stderr)
            self.exitcode = 2
            return
        super().run(args, opts)
