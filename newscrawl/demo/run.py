"""``newscrawl demo``: serve the bundled demo news site on 127.0.0.1 and crawl it.

The crawl uses the generic path (``-a url=``, no profile), as a user pointing newscrawl at
an unknown site would; it prints the path of the JSONL it wrote.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings

from newscrawl.demo.server import serve
from newscrawl.demo.site import build_site


def main(argv: list[str]) -> int:
    """Serve the demo site, crawl it, and print where the articles went."""
    parser = argparse.ArgumentParser(prog="newscrawl demo", description=__doc__)
    parser.add_argument("--articles", type=int, default=40, help="articles on the demo site")
    parser.add_argument("--out", default="output", help="output directory (default: output)")
    parser.add_argument("--log-level", default="ERROR", help="Scrapy log level (default ERROR)")
    args = parser.parse_args(argv)
    site = build_site(theme="sahifa", n_articles=args.articles)
    settings = get_project_settings()
    settings.setdict(
        {
            "NEWSCRAWL_OUTPUT_DIR": args.out,
            "LOG_LEVEL": args.log_level,
            # A local demo server: no need to be gentle.
            "AUTOTHROTTLE_ENABLED": False,
            "DOWNLOAD_DELAY": 0,
        },
        priority="cmdline",
    )
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
