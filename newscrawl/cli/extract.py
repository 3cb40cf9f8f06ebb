"""``newscrawl extract FILE.html --url URL``: print one page's article as JSON."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import orjson

from newscrawl.exceptions import ArgumentError
from newscrawl.extract import extract_article
from newscrawl.sites import load_profile


def main(argv: list[str]) -> int:
    """Extract the article of a saved page and print it as one JSON object."""
    parser = argparse.ArgumentParser(prog="newscrawl extract", description=__doc__)
    parser.add_argument("file", help="saved HTML page ('-' for stdin); .gz files are read too")
    parser.add_argument("--url", required=True, help="the page's original URL")
    parser.add_argument("--site", help="site profile name or YAML path")
    parser.add_argument("--compact", action="store_true", help="one line instead of indented JSON")
    args = parser.parse_args(argv)
    if args.file == "-":
        html = sys.stdin.buffer.read()
    else:
        path = Path(args.file)
        try:
            html = path.read_bytes()
        except OSError as exc:
            raise ArgumentError(f"{args.file}: cannot read: {exc.strerror}") from None
        if path.suffix == ".gz":
            import gzip

            html = gzip.decompress(html)
    profile = load_profile(args.site) if args.site else None
    article = extract_article(html, args.url, profile)
    option = 0 if args.compact else orjson.OPT_INDENT_2
    sys.stdout.buffer.write(orjson.dumps(article.to_dict(), option=option) + b"\n")
    return 0
