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


class Command(ScrapyCrawlCommand):
    """Run a spider; report bad arguments and profiles in one line with exit code 2."""

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if args and args[0] == "news":
            known = {"url", "site", "since", "until", "max_articles"}
            try:
                parse_crawl_arguments(**{k: v for k, v in opts.spargs.items() if k in known})
            except NewscrawlError as exc:
                print(f"newscrawl: error: {exc}", file=sys.stderr)
                self.exitcode = 2
                return
        super().run(args, opts)
