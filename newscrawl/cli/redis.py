"""``newscrawl redis``: watch and reset distributed crawls on Redis.

``newscrawl redis status URL [SITE …] [--json]`` prints, per site, the queue length, the URLs
seen this round, the articles exported so far, the WARC files of ``newscrawl import --redis``
queued and done, and each worker (host, pid, heartbeat age, busy, in-flight requests or files).
``newscrawl redis reset URL SITE [--state] [--force]`` ends a site's crawl round (queue,
dupefilter, workers, in-flight requests, claims); ``--state`` also forgets every export, so the
next crawl starts from nothing.
"""

from __future__ import annotations

import argparse
import sys

import orjson

from newscrawl.distributed.admin import crawl_sites, crawl_status, reset_crawl
from newscrawl.exceptions import NewscrawlError
from newscrawl.run.state.keys import KEY_PREFIX
from newscrawl.run.state.redis import connect


def main(argv: list[str]) -> int:
    """Run ``newscrawl redis`` and return the exit code."""
    parser = argparse.ArgumentParser(prog="newscrawl redis", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--prefix", default=KEY_PREFIX, help="key prefix (NEWSCRAWL_REDIS_KEY_PREFIX)"
    )
    sub = parser.add_subparsers(dest="action", required=True)
    status = sub.add_parser("status", help="queue length, exported count and workers per site")
    status.add_argument("url", help="redis://host:port/db")
    status.add_argument("sites", nargs="*", help="sites (default: every site found)")
    status.add_argument("--json", action="store_true", help="print JSON")
    reset = sub.add_parser("reset", help="end a site's crawl round (and, with --state, its state)")
    reset.add_argument("url", help="redis://host:port/db")
    reset.add_argument("site")
    reset.add_argument("--state", action="store_true", help="also forget every export")
    reset.add_argument("--force", action="store_true", help="even while workers are registered")
    args = parser.parse_args(argv)
    client = connect(args.url)
    if args.action == "status":
        sites = args.sites or crawl_sites(client, args.prefix)
        report = [crawl_status(client, site, args.prefix) for site in sites]
        if args.json:
            sys.stdout.write(orjson.dumps(report, option=orjson.OPT_INDENT_2).decode() + "\n")
        else:
            for entry in report:
                _print_status(entry)
        return 0
    live = crawl_status(client, args.site, args.prefix)["workers"]
    if live and not args.force:
        raise NewscrawlError(
            f"{len(live)} worker(s) still registered for {args.site}; stop them or use --force"
        )
    deleted = reset_crawl(client, args.site, state=args.state, prefix=args.prefix)
    print(f"reset {args.site}: {deleted} keys deleted")
    return 0


def _print_status(entry: dict[str, object]) -> None:
    print(
        f"{entry['site']}: queued {entry['queued']}, seen {entry['seen']}, "
        f"exported {entry['exported']} in {entry['files']} files, in progress {entry['claims']}"
    )
    warcs = entry["warc_files"]
    assert isinstance(warcs, dict)
    if warcs["queued"] or warcs["done"]:
        print(f"  import: WARC files queued {warcs['queued']}, done {warcs['done']}")
    workers = entry["workers"]
    assert isinstance(workers, dict)
    for worker_id, info in workers.items():
        state = "busy" if info["busy"] else "idle"
        print(
            f"  {worker_id}: {info['host']} pid {info['pid']}, {state}, "
            f"heartbeat {info['heartbeat_age']}s ago, {info['inflight']} in flight"
        )
