"""``scrapy crawl`` whose exit code says how the run went, in one readable line on failure.

- Bad input (`NewscrawlError`: the ``news`` spider's arguments and site profile, an output
  that cannot be written, a run state that cannot be used) ends the run before any request
  with ``newscrawl: error: <what>: <problem>`` and exit code 2 (3 when another run of the site
  holds its lock). So does an unknown ``-a`` argument (with the closest known one), a URL with
  a space, a site written without ``https://`` and an unknown log level (``-L LOUD``).
- On a terminal the console is quiet (progress and a summary; the log goes to
  ``<run-id>.log``: `newscrawl.console.logsetup`) unless ``-L``/``--log-level``/``-v`` is given.
- A run that failed (no response from the site, every request failed, the output not written
  or not committed, a failed monitor: `newscrawl.extensions.outcome`) ends with
  ``newscrawl: error: <site>: run failed: <why>`` and exit code 1.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from typing import TYPE_CHECKING, Any

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError
from scrapy.settings import SETTINGS_PRIORITIES
from twisted.internet.defer import Deferred

from newscrawl.console.errors import (
    EXIT_BAD_INPUT,
    EXIT_FAILED,
    EXIT_LOCKED,
    check_log_level,
    closest,
)
from newscrawl.console.logsetup import check_settings_log_level, use_quiet_console, want_quiet
from newscrawl.exceptions import ArgumentError, NewscrawlError
from newscrawl.run import outcome
from newscrawl.run.lock import LockHeld
from newscrawl.run.output import check_output_paths, check_state_output
from newscrawl.spiders.arguments import parse_crawl_arguments

if TYPE_CHECKING:
    import argparse

    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings
    from twisted.python.failure import Failure

logger = logging.getLogger(__name__)


_ARGUMENT_ORDER = ("url", "site", "since", "until", "max_articles")
_SPIDER_ARGUMENTS = frozenset(_ARGUMENT_ORDER)


def _check_news_arguments(args: list[str], opts: argparse.Namespace) -> str | None:
    """Return the one-line error for bad ``news`` spider arguments, or None when they are fine."""
    if not args or args[0] != "news":
        return None
    try:
        for name in opts.spargs:
            # Scrapyd adds _job (and private names start with _).
            if name not in _SPIDER_ARGUMENTS and not name.startswith("_"):
                hint = closest(name, _SPIDER_ARGUMENTS)
                raise ArgumentError(
                    f"-a {name}: unknown argument"
                    + (f"; did you mean {hint}?" if hint else "")
                    + f" (arguments: {', '.join(_ARGUMENT_ORDER)})"
                )
        parse_crawl_arguments(**{k: v for k, v in opts.spargs.items() if k in _SPIDER_ARGUMENTS})
    except NewscrawlError as exc:
        return f"newscrawl: error: {exc}"
    return None


class Command(ScrapyCrawlCommand):
    """Run a spider; exit 2 on bad input and 1 when the run failed, with one line each."""

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        """Add ``--log-level`` (same as ``-L``) and ``-v`` (the full log at INFO) to Scrapy's."""
        super().add_options(parser)
        parser.add_argument("--log-level", dest="loglevel", metavar="LEVEL", help="same as -L")
        parser.add_argument(
            "-v",
            "--verbose",
            action="store_true",
            help="the full log on the console (LOG_LEVEL INFO, or the -L level)",
        )

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        """Parse the options, then check the ``news`` arguments and the outputs.

        This runs before the crawler process exists, so a bad profile, argument or output
        prints its one line and nothing else (no Scrapy banner, no traceback) and exits with 2.
        On a terminal, it then makes the console quiet (`newscrawl.console.logsetup`).
        """
        assert self.settings is not None
        error = None
        try:
            if opts.loglevel:
                opts.loglevel = check_log_level(opts.loglevel)
            elif getattr(opts, "verbose", False):
                opts.loglevel = self.settings.get("LOG_LEVEL")
            super().process_options(args, opts)
            check_settings_log_level(self.settings)
        except NewscrawlError as exc:
            error = f"newscrawl: error: {exc}"
        if error is None:
            error = _check_news_arguments(args, opts)
        if error is None:
            try:
                _check_outputs(self.settings)
            except NewscrawlError as exc:
                error = f"newscrawl: error: {exc}"
        if error is not None:
            print(error, file=sys.stderr)
            raise SystemExit(EXIT_BAD_INPUT)
        if want_quiet(self.settings):
            use_quiet_console(self.settings)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        """Crawl; set the exit code from the run's outcome, printing why it failed."""
        if len(args) != 1:
            super().run(args, opts)  # Scrapy's usage errors
            return
        error = _check_news_arguments(args, opts)
        if error is not None:
            print(error, file=sys.stderr)
            self.exitcode = EXIT_BAD_INPUT
            return
        assert self.crawler_process is not None
        crawler = self._create_crawler(args[0])
        errors: list[BaseException] = []
        _on_error(self.crawler_process.crawl(crawler, **opts.spargs), errors)
        self.crawler_process.start()
        if errors:
            self.exitcode = _report_bootstrap_error(errors[0])
        elif self.crawler_process.bootstrap_failed:
            self.exitcode = EXIT_FAILED
        else:
            failure = _failure(crawler)
            if failure is not None:
                print(
                    f"newscrawl: error: {_site(crawler)}: run failed: {failure}", file=sys.stderr
                )
                self.exitcode = EXIT_FAILED


def _check_outputs(settings: BaseSettings) -> None:
    """Raise `NewscrawlError` when the outputs cannot be written or committed to the state."""
    feeds = settings.getdict("FEEDS")
    check_output_paths(feeds, settings.get("NEWSCRAWL_OUTPUT_DIR"))
    state = settings.getbool("NEWSCRAWL_STATE_ENABLED")
    if settings.get("NEWSCRAWL_REDIS_URL") and settings.getpriority("NEWSCRAWL_STATE_ENABLED") in (
        None,
        SETTINGS_PRIORITIES["default"],
        SETTINGS_PRIORITIES["project"],
    ):
        state = True  # the Redis add-on (newscrawl.distributed.addon) turns the state on
    if state and feeds:
        check_state_output(settings, feeds)


def _on_error(started: Any, errors: list[BaseException]) -> None:
    """Collect the exception of a crawl that could not start (Task or Deferred)."""
    if isinstance(started, Deferred):

        def errback(failure: Failure) -> None:
            if failure.value is not None:
                errors.append(failure.value)

        started.addErrback(errback)
    elif isinstance(started, asyncio.Future):

        def done(task: asyncio.Future[Any]) -> None:
            exc = None if task.cancelled() else task.exception()  # retrieved: asyncio logs nothing
            if exc is not None:
                errors.append(exc)

        started.add_done_callback(done)


def _report_bootstrap_error(exc: BaseException) -> int:
    """Print a crawl's start-up error (one line for `NewscrawlError`); return the exit code."""
    if isinstance(exc, LockHeld):
        print(f"newscrawl: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    if isinstance(exc, NewscrawlError):
        print(f"newscrawl: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if isinstance(exc, UsageError):
        raise exc
    logger.error("the crawl could not start", exc_info=(type(exc), exc, exc.__traceback__))
    return EXIT_FAILED


def _failure(crawler: Crawler) -> str | None:
    """Return the failure `RunOutcome` recorded in the crawler's stats, if any."""
    if crawler.stats is None:
        return None
    value = crawler.stats.get_value(outcome.FAILURE_STAT)
    return str(value) if value else None


def _site(crawler: Crawler) -> str:
    spider = crawler.spider
    return str(getattr(spider, "site_name", None) or getattr(spider, "name", "crawl"))
