"""``newscrawl demo``: serve the bundled demo news site on 127.0.0.1 and crawl it.

The crawl uses the generic path (``-a url=``, no profile), as a user pointing newscrawl at
an unknown site would; it prints the path of the JSONL it wrote. On a terminal it shows the
live progress and a summary (`newscrawl.console`); ``--log-level`` shows the log instead.

``newscrawl demo --serve [--port N]`` only serves the site, until Ctrl-C, so that every
command of the README can be tried offline against it.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from newscrawl.console.errors import OneLineArgumentParser, check_log_level
from newscrawl.exceptions import ArgumentError

if TYPE_CHECKING:
    from newscrawl.demo.site import Site


def _parser() -> OneLineArgumentParser:
    parser = OneLineArgumentParser(prog="newscrawl demo", description=__doc__)
    parser.add_argument("--articles", type=int, default=40, help="articles on the demo site")
    parser.add_argument("--out", default="output", help="output directory (default: output)")
    parser.add_argument(
        "-L",
        "--log-level",
        default=None,
        help="the Scrapy log on the console at this level (default: progress and summary "
        "on a terminal, errors only elsewhere)",
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="the Scrapy log on the console at INFO"
    )
    parser.add_argument(
        "--serve", action="store_true", help="only serve the demo site, until interrupted"
    )
    parser.add_argument(
        "--port", type=int, default=None, help="port of --serve (default: 8000; 0: any free)"
    )
    return parser


def main(argv: list[str]) -> int:
    """Serve the demo site, crawl it, and print where the articles went."""
    args = _parser().parse_args(argv)
    if args.articles < 1:
        raise ArgumentError(f"--articles: expected a positive number, got {args.articles}")
    if args.port is not None and not 0 <= args.port <= 65535:
        raise ArgumentError(f"--port: expected 0 to 65535, got {args.port}")
    if args.port is not None and not args.serve:
        raise ArgumentError("--port: only with --serve")
    log_level = check_log_level(args.log_level, "--log-level") if args.log_level else None
    if args.verbose and not log_level:
        log_level = "INFO"

    from newscrawl.demo.site import Site

    site = Site(theme="sahifa", n_articles=args.articles)
    if args.serve:
        return serve_forever(site, 8000 if args.port is None else args.port)
    return crawl_demo(site, args.out, log_level)


def serve_forever(site: Site, port: int) -> int:
    """Serve `site` on 127.0.0.1:`port` until SIGINT/SIGTERM; print its URL and examples."""
    from newscrawl.demo.server import serve, serve_until_stopped

    try:
        server = serve(site, "127.0.0.1", port)
    except OSError as exc:
        raise ArgumentError(f"--port: cannot listen on 127.0.0.1:{port}: {exc.strerror}") from None

    def announce() -> None:
        print(server.url, flush=True)
        print(
            f"demo site: {server.url} ({len(site.articles)} articles); Ctrl-C stops it. Try:\n"
            f"  scrapy crawl news -a url={server.url} -O articles.jsonl\n"
            f"  newscrawl crawl {server.url} --state-dir .newscrawl --out output\n"
            f"  newscrawl report output",
            file=sys.stderr,
            flush=True,
        )

    serve_until_stopped(server, announce)
    return 0


def crawl_demo(site: Site, out: str, log_level: str | None) -> int:
    """Serve `site`, crawl it into `out`, print the JSONL path; return the exit code."""
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    from newscrawl.console.logsetup import use_quiet_console, want_quiet
    from newscrawl.demo.server import serve

    settings = get_project_settings()
    settings.setdict(
        {
            "NEWSCRAWL_OUTPUT_DIR": out,
            # A local demo server: no need to be gentle.
            "AUTOTHROTTLE_ENABLED": False,
            "DOWNLOAD_DELAY": 0,
        },
        priority="cmdline",
    )
    if log_level:
        settings.set("LOG_LEVEL", log_level, priority="cmdline")
    if want_quiet(settings):
        use_quiet_console(settings)
    elif not log_level:
        settings.set("LOG_LEVEL", "ERROR", priority="cmdline")
    with serve(site) as server:
        print(f"demo site: {server.url} ({len(site.articles)} articles)", file=sys.stderr)
        process = CrawlerProcess(settings)
        crawler = process.create_crawler("news")
        process.crawl(crawler, url=server.url)
        process.start()
    feeds = crawler.settings.getdict("FEEDS")
    stats = crawler.stats.get_stats() if crawler.stats else {}
    exported = stats.get("item_scraped_count", 0)
    for uri in feeds:
        path = Path(uri)
        print(f"{exported} articles written to", file=sys.stderr)
        print(path)
    return 0 if exported else 1
