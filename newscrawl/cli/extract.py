"""``newscrawl extract FILE.html --url URL``: print one page's article as JSON.

A page that is not an article (not HTML, no text at all, a listing of other pages) ends the
command with exit code 1 and one line on stderr saying so; ``--force`` extracts it anyway.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

import orjson

from newscrawl.exceptions import ArgumentError
from newscrawl.extract import classify_page, extract_article, parse_document
from newscrawl.sites import load_profile


def main(argv: list[str]) -> int:
    """Extract the article of a saved page and print it as one JSON object."""
    parser = argparse.ArgumentParser(prog="newscrawl extract", description=__doc__)
    parser.add_argument("file", help="saved HTML page ('-' for stdin); .gz files are read too")
    parser.add_argument("--url", required=True, help="the page's original URL")
    parser.add_argument("--site", help="site profile name or YAML path")
    parser.add_argument("--compact", action="store_true", help="one line instead of indented JSON")
    parser.add_argument(
        "--force", action="store_true", help="extract even a page that is not an article"
    )
    args = parser.parse_args(argv)
    url = urlsplit(args.url.strip())
    if url.scheme not in ("http", "https") or not url.hostname or " " in args.url.strip():
        raise ArgumentError(f"--url: not an http(s) URL with a host: {args.url!r}")
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
            import zlib

            try:
                html = gzip.decompress(html)
            except (OSError, EOFError, zlib.error):
                raise ArgumentError(f"{args.file}: not a valid gzip file") from None
    profile = load_profile(args.site) if args.site else None
    if not args.force and not looks_like_html(html):
        return _refuse(args.file, "not HTML")
    doc = parse_document(html, args.url)
    kind = classify_page(doc, profile)
    article = extract_article(doc, args.url, profile)
    if not args.force:
        if not article.body and not article.title:
            return _refuse(args.file, "empty (no text)")
        if kind == "listing":
            return _refuse(args.file, "a listing of other pages")
        if not article.body:
            return _refuse(args.file, "no article text")
    option = 0 if args.compact else orjson.OPT_INDENT_2
    sys.stdout.buffer.write(orjson.dumps(article.to_dict(), option=option) + b"\n")
    return 0


_BINARY_MAGIC = (
    b"%PDF",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"RIFF",
)
_TAG_RE = re.compile(
    rb"<\s*(?:!doctype|html|head|body|title|meta|p|div|article|h[1-6]|br)\b", re.I
)


def looks_like_html(data: bytes) -> bool:
    """Say whether `data` is an HTML page (not a PDF, an image, JSON or plain text)."""
    head = data[:65536].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head or head.startswith(_BINARY_MAGIC) or b"\x00" in head[:1024]:
        return False
    return bool(_TAG_RE.search(head))


def _refuse(name: str, why: str) -> int:
    print(
        f"newscrawl extract: {name}: not an article: {why} (--force extracts it anyway)",
        file=sys.stderr,
    )
    return 1
