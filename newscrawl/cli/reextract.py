"""``newscrawl reextract WARC…|DIR --out FILE.jsonl``: today's extraction over archived pages.

The archived HTML responses (from ``newscrawl crawl --warc``, or any WARC) go through the same
page analysis, worker pool, cleaning and dedup pipelines as a crawl (`newscrawl.archive.source`),
offline, and come out as JSON Lines in the item contract's format, each article pointing at its
record (``warc``). The site and its profile are those the archive's ``warcinfo`` names;
``--site`` picks one site when the archives hold several. ``--since``/``--until`` keep the pages
fetched in that span (``WARC-Date``). ``--diff OLD.jsonl`` prints how many articles are new,
gone and changed, and which fields changed.

Exit status: 0 done; 1 the run failed (e.g. the output could not be written); 2 bad input (not
a WARC file, an ARC file, a bad date, archives of several sites without ``--site``).
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newscrawl.archive.reader import (
    ArchiveError,
    RecordFilter,
    archive_files,
    check_archive,
    read_warcinfo,
)
from newscrawl.cli.options import add_fetch_window_options, add_setting_option
from newscrawl.console.errors import OneLineArgumentParser
from newscrawl.exceptions import NewscrawlError
from newscrawl.spiders.arguments import parse_crawl_arguments, parse_date

if TYPE_CHECKING:
    from newscrawl.sites import SiteProfile

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
IGNORED_IN_DIFF = ("fetched_at", "warc")


def _parser() -> OneLineArgumentParser:
    parser = OneLineArgumentParser(
        prog="newscrawl reextract",
        description="Extract the articles of archived pages again, offline, with today's code.",
    )
    parser.add_argument("sources", nargs="+", metavar="WARC_OR_DIR", help="WARC files or dirs")
    parser.add_argument("--out", required=True, metavar="FILE.jsonl", help="output JSON Lines")
    parser.add_argument("--diff", metavar="OLD.jsonl", help="compare with an earlier export")
    add_fetch_window_options(parser)
    parser.add_argument("--site", help="only archives of this site (warcinfo newscrawl-site)")
    add_setting_option(parser)
    parser.add_argument("-L", "--log-level", default=None, help="log level (INFO)")
    return parser


def site_profile(info: dict[str, str]) -> tuple[str | None, SiteProfile | None]:
    """Return the site name and profile a newscrawl ``warcinfo`` names ((None, None) if none)."""
    site = info.get("newscrawl-site")
    if not site:
        return None, None
    source = info.get("newscrawl-profile-source") or ""
    starts = (info.get("newscrawl-start-urls") or "").split()
    try:
        if source and Path(source).exists():
            return site, parse_crawl_arguments(site=source).profile
        if not source and starts:
            return site, parse_crawl_arguments(url=starts[0]).profile
        return site, parse_crawl_arguments(site=site).profile
    except NewscrawlError:
        return site, None  # a profile gone since: generic extraction, same site name


def settings_from(pairs: list[str], log_level: str | None) -> Any:
    """Return the project settings with ``-s NAME=VALUE`` pairs; NewscrawlError if malformed."""
    from scrapy.utils.project import get_project_settings

    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "newscrawl.settings")
    settings = get_project_settings()
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise NewscrawlError(f"-s expects NAME=VALUE, got {pair!r}")
        settings.set(name, value, priority="cmdline")
    if log_level:
        settings.set("LOG_LEVEL", log_level.upper(), priority="cmdline")
    return settings


def main(argv: list[str]) -> int:
    """Run ``newscrawl reextract`` with `argv`; return the exit code."""
    args = _parser().parse_args(argv)
    try:
        settings = settings_from(args.set, args.log_level)
        files = archive_files(args.sources)
        for path in files:
            check_archive(path)
        since = parse_date(args.since, "--since") if args.since else None
        until = parse_date(args.until, "--until", end_of_day=True) if args.until else None
        sites: dict[str, tuple[str | None, SiteProfile | None]] = {}
        for path in files:
            name, profile = site_profile(read_warcinfo(path))
            if args.site and name != args.site:
                continue
            sites.setdefault(name or "", (name, profile))
        if args.site and not sites:
            raise NewscrawlError(f"--site {args.site}: no archive of this site")
        if len(sites) > 1:
            names = ", ".join(sorted(n or "(not newscrawl)" for n in sites))
            raise NewscrawlError(f"archives of several sites ({names}): choose one with --site")
        site, profile = next(iter(sites.values()), (None, None))
        out = Path(args.out).absolute()
        from newscrawl.run.output import check_output_paths

        check_output_paths([str(out)], None)
    except NewscrawlError as exc:
        print(f"newscrawl reextract: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT

    accept = RecordFilter(
        since=since,
        until=until,
        site=args.site,
        max_record_size=settings.getint("NEWSCRAWL_WARC_MAX_RECORD_SIZE"),
    )
    settings.set(
        "FEEDS",
        {str(out): {"format": "jsonlines", "encoding": "utf-8", "overwrite": True}},
        priority="cmdline",
    )
    settings.set("NEWSCRAWL_STATE_ENABLED", False, priority="cmdline")
    from newscrawl.archive.source import run_archive_crawl

    stats, failures = run_archive_crawl(
        settings, files=files, accept=accept, site_name=site or "archive", profile=profile
    )
    failure = stats.get("newscrawl/outcome/failure") or (failures[0] if failures else None)
    print(summary_line("reextract", stats, out))
    if failure:
        print(f"newscrawl reextract: error: run failed: {failure}", file=sys.stderr)
        return EXIT_FAILED
    if args.diff:
        try:
            for line in diff_lines(Path(args.diff), out):
                print(line)
        except (OSError, ValueError) as exc:
            print(f"newscrawl reextract: error: --diff {args.diff}: {exc}", file=sys.stderr)
            return EXIT_BAD_INPUT
    return EXIT_OK


def summary_line(command: str, stats: dict[str, Any], out: Path) -> str:
    """Return the one-line summary of an archive run from its stats."""
    skipped = sum(v for k, v in stats.items() if k.startswith("newscrawl/archive/skipped/"))
    errors = sum(v for k, v in stats.items() if k.startswith("newscrawl/archive/errors/"))
    return (
        f"{command}: {stats.get('item_scraped_count', 0)} articles exported from "
        f"{stats.get('newscrawl/archive/records', 0)} records "
        f"({stats.get('newscrawl/archive/responses', 0)} HTML responses, "
        f"{stats.get('newscrawl/archive/not_article', 0)} not articles, "
        f"{stats.get('item_dropped_count', 0)} dropped, {skipped} skipped, {errors} errors); "
        f"{out}"
    )


def _load(path: Path) -> dict[str, dict[str, Any]]:
    lines: dict[str, dict[str, Any]] = {}
    with path.open(encoding="utf-8") as file:
        for number, line in enumerate(file, 1):
            if line.strip():
                try:
                    item = json.loads(line)
                except ValueError:
                    raise ValueError(f"line {number} is not JSON") from None
                lines[str(item.get("id") or item.get("url"))] = item
    return lines


def diff_lines(old_path: Path, new_path: Path) -> list[str]:
    """Return the report of what changed between two exports (by article id)."""
    old, new = _load(old_path), _load(new_path)
    changed: Counter[str] = Counter()
    n_changed = 0
    for key in old.keys() & new.keys():
        fields = {
            name
            for name in old[key].keys() | new[key].keys()
            if name not in IGNORED_IN_DIFF and old[key].get(name) != new[key].get(name)
        }
        n_changed += bool(fields)
        changed.update(fields)
    lines = [
        f"diff: {len(new)} articles now, {len(old)} before: {len(new.keys() - old.keys())} new, "
        f"{len(old.keys() - new.keys())} gone, {n_changed} changed, "
        f"{len(old.keys() & new.keys()) - n_changed} unchanged"
    ]
    if changed:
        lines.append(
            "changed fields: " + ", ".join(f"{name} {n}" for name, n in changed.most_common())
        )
    return lines


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except ArchiveError as exc:
        print(f"newscrawl reextract: error: {exc}", file=sys.stderr)
        sys.exit(EXIT_BAD_INPUT)
