"""``newscrawl crawl SITE_OR_URL …``: a scheduled run, for cron or a timer.

One Scrapy crawl per site, all in one process (`CrawlerProcess`), with the run state on:

- articles exported by earlier runs are not fetched again, sitemaps whose lastmod has not
  moved are skipped, and changed articles come out again with ``revision`` + 1;
- output goes to ``<out>/<site>/<run-id>.jsonl`` (written as ``.part``, renamed when
  complete); leftovers of killed runs are recovered first, so every article is exported once;
- a lock per site keeps two runs of one site from overlapping (a dead run's lock is taken over);
- ``<out>/<site>/<run-id>.manifest.json`` records the run; Spidermon monitors check it.

Exit status: 0 when every site's run succeeded; 1 when a run failed (no response from the
site, every request failed, a monitor, the crawl, the output or its commit:
`newscrawl.extensions.outcome`), with one line per failed site on stderr; 2 for bad input
(unknown site, bad date, unusable state or output directory, corrupt state); 3 when another
run of a site holds its lock.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newscrawl.cli.options import add_corpus_options, add_run_options
from newscrawl.console.errors import (
    EXIT_BAD_INPUT,
    EXIT_FAILED,
    EXIT_LOCKED,
    EXIT_OK,
    OneLineArgumentParser,
    check_log_level,
    check_url_text,
    looks_like_host,
)
from newscrawl.console.logsetup import check_settings_log_level, use_quiet_console, want_quiet
from newscrawl.distributed import worker_suffix
from newscrawl.exceptions import ArgumentError, NewscrawlError
from newscrawl.run.lock import LockHeld, SiteLock
from newscrawl.run.names import new_run_id
from newscrawl.run.names import safe_name as _safe_name
from newscrawl.run.state import open_state
from newscrawl.spiders.arguments import parse_crawl_arguments

if TYPE_CHECKING:
    import argparse

    from twisted.python.failure import Failure

logger = logging.getLogger(__name__)


def _parser() -> argparse.ArgumentParser:
    parser = OneLineArgumentParser(
        prog="newscrawl crawl",
        description="Run a scheduled, incremental crawl of one or more sites.",
    )
    parser.add_argument("targets", nargs="+", metavar="SITE_OR_URL", help="profile, YAML or URL")
    parser.add_argument("--since", help="only articles published on or after YYYY-MM-DD")
    parser.add_argument("--until", help="only articles published on or before YYYY-MM-DD")
    parser.add_argument("--max-articles", help="stop a site's run after N new articles")
    add_corpus_options(parser)
    parser.add_argument(
        "--refresh", action="store_true", help="fetch exported articles again, for revisions"
    )
    parser.add_argument(
        "--warc", action="store_true", help="archive every fetch to <out>/<site>/<run-id>.warc.gz"
    )
    add_run_options(parser)
    parser.add_argument(
        "-L", "--log-level", default=None, help="the full log on the console, at this level"
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="the full log on the console (INFO)"
    )
    return parser


def _check_target(target: str) -> None:
    """Raise `NewscrawlError` for a URL with a space or a host without ``https://``."""
    if "://" in target:
        check_url_text(target, target)
    elif (
        looks_like_host(target)
        and not target.endswith((".yaml", ".yml"))
        and not Path(target).exists()
    ):
        raise ArgumentError(
            f"{target}: not a site profile or file; for the site, give its URL: "
            f"https://{target.rstrip('/')}/"
        )


def _spider_kwargs(target: str, args: argparse.Namespace) -> dict[str, str]:
    kwargs = {"url": target} if "://" in target else {"site": target}
    for name in ("since", "until", "max_articles"):
        value = getattr(args, name)
        if value:
            kwargs[name] = value
    return kwargs


def _check_writable(path: Path, what: str) -> None:
    """Create `path` if needed and prove a file can be written in it."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path, prefix=".probe-"):
            pass
    except OSError as exc:
        raise NewscrawlError(f"{what} {path} cannot be written: {exc.strerror}") from None


def main(argv: list[str]) -> int:
    """Run ``newscrawl crawl`` with `argv` (without the command names); return the exit code."""
    args = _parser().parse_args(argv)
    try:
        log_level = check_log_level(args.log_level) if args.log_level else None
    except NewscrawlError as exc:
        print(f"newscrawl crawl: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    from scrapy.utils.project import get_project_settings

    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "newscrawl.settings")
    settings = get_project_settings()
    for pair in args.set:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            print(f"newscrawl crawl: error: -s expects NAME=VALUE, got {pair!r}", file=sys.stderr)
            return EXIT_BAD_INPUT
        settings.set(name, value, priority="cmdline")
    state_dir = Path(args.state_dir or settings.get("NEWSCRAWL_STATE_DIR"))
    out_dir = Path(args.out or settings.get("NEWSCRAWL_OUTPUT_DIR"))
    redis_url = args.redis or settings.get("NEWSCRAWL_REDIS_URL") or ""
    run_id = args.run_id or new_run_id()
    if redis_url and not args.run_id:
        # Workers on several machines share one crawl: each writes its own files.
        run_id = f"{run_id}-{worker_suffix()}"

    # Everything that can be wrong with the input is found here, before any request.
    sites: list[tuple[str, dict[str, str]]] = []
    try:
        for target in args.targets:
            _check_target(target)
            kwargs = _spider_kwargs(target, args)
            crawl_target = parse_crawl_arguments(**kwargs)
            name = crawl_target.profile.name
            if any(name == other for other, _ in sites):
                raise NewscrawlError(f"site {name} given twice")
            sites.append((name, kwargs))
        if not redis_url:
            _check_writable(state_dir, "state dir")
        _check_writable(out_dir, "output dir")
        for name, _ in sites:
            if not redis_url:
                with SiteLock(state_dir, name):
                    pass
            open_state(redis_url or state_dir, name).close()
    except LockHeld as exc:
        print(f"newscrawl crawl: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    except NewscrawlError as exc:
        print(f"newscrawl crawl: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT

    overrides: dict[str, Any] = {
        "NEWSCRAWL_STATE_ENABLED": True,
        "SPIDERMON_ENABLED": True,
        "NEWSCRAWL_STATE_DIR": str(state_dir.absolute()),
        "NEWSCRAWL_OUTPUT_DIR": str(out_dir.absolute()),
        "NEWSCRAWL_RUN_ID": run_id,
        "NEWSCRAWL_STATE_REFRESH": args.refresh,
    }
    if args.warc:
        overrides["NEWSCRAWL_WARC_ENABLED"] = True
    if redis_url:
        overrides["NEWSCRAWL_REDIS_URL"] = redis_url
    if log_level or args.verbose:
        overrides["LOG_LEVEL"] = log_level or settings.get("LOG_LEVEL")
    for name, value in overrides.items():
        settings.set(name, value, priority="cmdline")
    try:
        check_settings_log_level(settings)
    except NewscrawlError as exc:
        print(f"newscrawl crawl: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if want_quiet(settings):
        use_quiet_console(settings)

    from scrapy.crawler import CrawlerProcess

    from newscrawl.spiders.news import NewsSpider

    process = CrawlerProcess(settings)
    failures: dict[str, str] = {}
    for name, kwargs in sites:
        deferred = process.crawl(NewsSpider, **kwargs)
        deferred.addErrback(_record_failure, failures, name)
    process.start()
    return _report(sites, failures, out_dir, run_id)


def _record_failure(failure: Failure, failures: dict[str, str], site: str) -> None:
    failures[site] = failure.getErrorMessage() or repr(failure.value)


def _report(
    sites: list[tuple[str, dict[str, str]]], failures: dict[str, str], out_dir: Path, run_id: str
) -> int:
    """Print one line per site; return the exit code."""
    status = EXIT_OK
    for name, _ in sites:
        manifest_path = out_dir / _safe_name(name) / f"{run_id}.manifest.json"
        if name in failures:
            locked = "another run of" in failures[name]
            print(f"newscrawl crawl: {name}: {failures[name]}", file=sys.stderr)
            status = max(status, EXIT_LOCKED if locked else EXIT_FAILED)
            continue
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            print(f"newscrawl crawl: {name}: run failed: no manifest written", file=sys.stderr)
            status = max(status, EXIT_FAILED)
            continue
        articles = manifest["articles"]
        summary = (
            f"{name}: {articles['exported']} new articles ({articles['revisions']} revisions), "
            f"{articles['skipped_seen']} skipped as exported, "
            f"{manifest['sources'].get('not_modified', 0)} sources unchanged, "
            f"{manifest['requests']['total']} requests; "
            f"{Path(manifest['output']['dir']) / manifest['output']['file']}"
        )
        if manifest["ok"]:
            print(summary)
        else:
            print(summary, file=sys.stderr)
            print(f"newscrawl crawl: {name}: run failed: {manifest['failure']}", file=sys.stderr)
            status = max(status, EXIT_FAILED)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
