"""``newscrawl import WARC…|DIR|URL|URL-LIST --out DIR``: any WARC file as a source of articles.

CC-NEWS files, Heritrix or ``wget --warc-file`` archives, our own: each file is read streamed
(`newscrawl.archive.reader`), its HTTP ``200`` HTML responses filtered before any extraction
(``--host``, ``--url-pattern``, ``--since``/``--until`` on the fetch date ``WARC-Date``), then
analysed (articles only), extracted, cleaned, filtered by ``--language`` and deduplicated
against the run state: the same SQLite (``--state-dir``) or Redis (``--redis``) state as crawls
of the site, so that an import and the crawls of one site make one corpus and nothing is
exported twice. Output is a crawl's: ``<out>/<site>/<run-id>.jsonl`` (written as a part,
renamed and committed when complete, recovered after a kill) and ``<run-id>.manifest.json``.

The site is ``--site`` (a profile name or file, or a URL, as for ``newscrawl crawl``), else the
one ``--host`` given, else ``import`` (every article then keeps its own host as ``site``).
A source that is an ``http(s)://`` URL is downloaded first into ``--downloads`` (resumed with a
``Range`` request when a part of it is there); a text file of such URLs or paths, one a line,
is a list of sources.

Exit status: 0 done; 1 the run failed; 2 bad input (not a WARC file, an ARC file, a bad date or
pattern, a download that failed); 3 another run of the site holds its lock.
"""

from __future__ import annotations

import re
import shutil
import sys
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit

from newscrawl.archive.reader import RecordFilter, archive_files, check_archive
from newscrawl.cli.reextract import settings_from, summary_line
from newscrawl.console.errors import (
    EXIT_BAD_INPUT,
    EXIT_FAILED,
    EXIT_LOCKED,
    EXIT_OK,
    OneLineArgumentParser,
)
from newscrawl.exceptions import NewscrawlError
from newscrawl.run.names import new_run_id
from newscrawl.run.names import safe_name as _safe_name
from newscrawl.spiders.arguments import parse_crawl_arguments, parse_date

if TYPE_CHECKING:
    import argparse

    from newscrawl.sites import SiteProfile


def _parser() -> OneLineArgumentParser:
    parser = OneLineArgumentParser(
        prog="newscrawl import",
        description="Read WARC files (CC-NEWS, wget, Heritrix, newscrawl) as a source.",
    )
    parser.add_argument(
        "sources", nargs="+", metavar="WARC|DIR|URL|URL-LIST", help="archives to read"
    )
    parser.add_argument("--out", default=None, help="output directory (output)")
    parser.add_argument("--state-dir", default=None, help="run state directory (.newscrawl)")
    parser.add_argument("--redis", metavar="URL", help="shared Redis state (redis://host/db)")
    parser.add_argument("--site", help="site profile name or file, or a URL (default: --host)")
    parser.add_argument(
        "--host", action="append", default=[], help="keep pages of this host (repeatable)"
    )
    parser.add_argument("--url-pattern", help="keep URLs this regular expression finds")
    parser.add_argument("--since", help="only pages fetched on or after YYYY-MM-DD")
    parser.add_argument("--until", help="only pages fetched on or before YYYY-MM-DD")
    parser.add_argument(
        "--language", action="append", default=[], help="keep articles in this language (en)"
    )
    parser.add_argument("--downloads", default=None, help="where remote WARC files go")
    parser.add_argument("--run-id", help="run id used in file names (default: UTC time)")
    parser.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("-L", "--log-level", default=None, help="log level (INFO)")
    return parser


def _is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def expand_sources(sources: list[str], downloads: Path) -> list[Path]:
    """Return the local WARC files of `sources`: files, directories, URLs and URL lists."""
    names: list[str] = []
    for source in sources:
        path = Path(source)
        if not _is_url(source) and path.is_file() and _is_list(path):
            names.extend(
                line.strip()
                for line in path.read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.lstrip().startswith("#")
            )
        else:
            names.append(source)
    local = [str(fetch_archive(name, downloads)) if _is_url(name) else name for name in names]
    return archive_files(local)


def _is_list(path: Path) -> bool:
    """Say whether `path` is a text list of WARC URLs or paths (not an archive)."""
    with path.open("rb") as file:
        head = file.read(4096)
    if head[:2] == b"\x1f\x8b" or head.startswith(b"WARC/"):
        return False
    try:
        first = next(
            (line.strip() for line in head.decode("utf-8").splitlines() if line.strip()), ""
        )
    except UnicodeDecodeError:
        return False
    return _is_url(first) or first.endswith((".warc", ".warc.gz"))


def fetch_archive(url: str, downloads: Path) -> Path:
    """Download `url` into `downloads` (resuming a part left by an earlier try); return it."""
    name = Path(urlsplit(url).path).name or "archive.warc.gz"
    target = downloads / name
    if target.exists():
        return target
    downloads.mkdir(parents=True, exist_ok=True)
    part = target.with_name(name + ".part")
    have = part.stat().st_size if part.exists() else 0
    request = urllib.request.Request(url, headers={"Range": f"bytes={have}-"} if have else {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            mode = "ab" if have and response.status == 206 else "wb"
            with part.open(mode) as file:
                shutil.copyfileobj(response, file, 1 << 20)
    except HTTPError as exc:
        if exc.code == 416 and have:  # the part is whole already
            part.replace(target)
            return target
        raise NewscrawlError(f"{url}: download failed: HTTP {exc.code}") from None
    except (URLError, OSError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise NewscrawlError(f"{url}: download failed (run again to resume): {reason}") from None
    part.replace(target)
    return target


def _site(args: argparse.Namespace) -> tuple[str, SiteProfile | None]:
    if args.site:
        kwargs = {"url": args.site} if "://" in args.site else {"site": args.site}
        profile = parse_crawl_arguments(**kwargs).profile
        return profile.name, profile
    if len(args.host) == 1:
        profile = parse_crawl_arguments(url=f"http://{args.host[0]}/").profile
        return profile.name, profile
    return "import", None


def main(argv: list[str]) -> int:
    """Run ``newscrawl import`` with `argv`; return the exit code."""
    args = _parser().parse_args(argv)
    try:
        settings = settings_from(args.set, args.log_level)
        out_dir = Path(args.out or settings.get("NEWSCRAWL_OUTPUT_DIR")).absolute()
        state_dir = Path(args.state_dir or settings.get("NEWSCRAWL_STATE_DIR")).absolute()
        downloads = Path(args.downloads or state_dir / "downloads")
        since = parse_date(args.since, "--since") if args.since else None
        until = parse_date(args.until, "--until", end_of_day=True) if args.until else None
        try:
            pattern = re.compile(args.url_pattern) if args.url_pattern else None
        except re.error as exc:
            raise NewscrawlError(f"--url-pattern: invalid regular expression: {exc}") from None
        site, profile = _site(args)
        files = expand_sources(args.sources, downloads)
        for path in files:
            check_archive(path)
        from newscrawl.run.output import check_output_paths

        check_output_paths([], out_dir)
    except NewscrawlError as exc:
        print(f"newscrawl import: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT

    hosts = frozenset(h.lower().removeprefix("www.") for h in args.host)
    accept = RecordFilter(
        hosts=hosts,
        url_pattern=pattern,
        since=since,
        until=until,
        max_record_size=settings.getint("NEWSCRAWL_WARC_MAX_RECORD_SIZE"),
    )
    languages = [code.strip().lower() for text in args.language for code in text.split(",")]
    run_id = args.run_id or new_run_id()
    if args.redis and not args.run_id:
        from newscrawl.distributed import worker_suffix

        run_id = f"{run_id}-{worker_suffix()}"  # machines sharing the state write their own files
    overrides: dict[str, Any] = {
        "NEWSCRAWL_STATE_ENABLED": True,
        "NEWSCRAWL_STATE_DIR": str(state_dir),
        "NEWSCRAWL_OUTPUT_DIR": str(out_dir),
        "NEWSCRAWL_RUN_ID": run_id,
        "NEWSCRAWL_SITE": site,
    }
    if args.redis:
        # The Redis run state only: the archive files are each machine's own, so requests stay
        # in the local scheduler (no distributed-crawl add-on).
        overrides["NEWSCRAWL_REDIS_URL"] = args.redis
        addons = settings.getdict("ADDONS")
        overrides["ADDONS"] = {k: v for k, v in addons.items() if "RedisAddon" not in str(k)}
    for name, value in overrides.items():
        settings.set(name, value, priority="cmdline")
    from newscrawl.archive.source import run_archive_crawl

    stats, failures = run_archive_crawl(
        settings,
        files=files,
        accept=accept,
        site_name=site,
        profile=profile,
        languages=languages,
    )
    output = out_dir / _safe_name(site) / f"{run_id}.jsonl"
    if failures:
        locked = any("another run of" in failure for failure in failures)
        print(f"newscrawl import: {site}: {failures[0]}", file=sys.stderr)
        return EXIT_LOCKED if locked else EXIT_BAD_INPUT
    print(summary_line("import", stats, output))
    failure = stats.get("newscrawl/outcome/failure")
    if failure:
        print(f"newscrawl import: {site}: run failed: {failure}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
