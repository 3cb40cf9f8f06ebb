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
A source that is an ``http(s)://`` URL is downloaded first into ``--downloads``, resumed with
``Range`` requests when the connection drops or a part of it is there
(`newscrawl.archive.download`); a text file of such URLs or paths, one a line,
is a list of sources.

With ``--redis``, the command is one *worker* of an import shared by several machines
(`newscrawl.distributed.imports`): every worker started on the same sources queues them once in
Redis, then takes one file at a time, downloads it if it is a URL, and reads it in a child
process (killed with the worker) whose output is ``<run-id>-<n>.jsonl``; the file is done once
that output is committed. A worker whose heartbeat stops has its file taken over by another,
and the shared run state keeps every article exported once. Workers wait, while another is
still reading, for its file in case it dies, and end when the queue is empty and none is busy.
Local paths must name the same file on every machine (shared storage); URLs are best.

Settings (with ``--redis``): NEWSCRAWL_REDIS_HEARTBEAT, NEWSCRAWL_REDIS_WORKER_TIMEOUT,
NEWSCRAWL_REDIS_KEY_PREFIX.

Exit status: 0 done; 1 the run failed; 2 bad input (not a WARC file, an ARC file, a bad date or
pattern, a download that failed); 3 another run of the site holds its lock.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newscrawl.archive.download import fetch_archive
from newscrawl.archive.reader import RecordFilter, archive_files, check_archive
from newscrawl.cli.options import add_corpus_options, add_fetch_window_options, add_run_options
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

    from newscrawl.distributed.worker import RedisWorker
    from newscrawl.sites import SiteProfile


def _parser() -> OneLineArgumentParser:
    parser = OneLineArgumentParser(
        prog="newscrawl import",
        description="Read WARC files (CC-NEWS, wget, Heritrix, newscrawl) as a source.",
    )
    parser.add_argument("sources", nargs="+", metavar="WARC|DIR|URL|URL-LIST", help="archives")
    add_corpus_options(parser)
    parser.add_argument("--site", help="site profile name or file, or a URL (default: --host)")
    parser.add_argument(
        "--host", action="append", default=[], help="keep pages of this host (repeatable)"
    )
    parser.add_argument("--url-pattern", help="keep URLs this regular expression finds")
    add_fetch_window_options(parser)
    parser.add_argument(
        "--language", action="append", default=[], help="keep articles in this language (en)"
    )
    parser.add_argument("--downloads", default=None, help="where remote WARC files go")
    add_run_options(parser)
    parser.add_argument("-L", "--log-level", default=None, help="log level (INFO)")
    return parser


def _is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def source_names(sources: list[str]) -> list[str]:
    """Return the WARC sources `sources` name: URLs as given, local files as absolute paths.

    A text file of URLs or paths (one a line, ``#`` comments) is replaced by its lines, and a
    directory by the WARC files under it.
    """
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
    out: list[str] = []
    for name in names:
        if _is_url(name):
            out.append(name)
        else:
            out.extend(str(path.absolute()) for path in archive_files([name]))
    return out


def local_archive(name: str, downloads: Path) -> Path:
    """Return the local WARC file of the source `name` (downloaded first if it is a URL).

    Raise `NewscrawlError` (one line) if it cannot be downloaded or is not a WARC file.
    """
    path = fetch_archive(name, downloads) if _is_url(name) else Path(name)
    check_archive(path)
    return path


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


@dataclass(frozen=True, slots=True)
class ImportJob:
    """What the command line asks of each file: where output goes, which records, which site."""

    settings: Any
    out_dir: Path
    state_dir: Path
    downloads: Path
    accept: RecordFilter
    site: str
    profile: SiteProfile | None
    languages: list[str]


def _job(args: argparse.Namespace) -> ImportJob:
    """Return the import `args` ask for; raise `NewscrawlError` (one line) on bad input."""
    settings = settings_from(args.set, args.log_level)
    out_dir = Path(args.out or settings.get("NEWSCRAWL_OUTPUT_DIR")).absolute()
    state_dir = Path(args.state_dir or settings.get("NEWSCRAWL_STATE_DIR")).absolute()
    since = parse_date(args.since, "--since") if args.since else None
    until = parse_date(args.until, "--until", end_of_day=True) if args.until else None
    try:
        pattern = re.compile(args.url_pattern) if args.url_pattern else None
    except re.error as exc:
        raise NewscrawlError(f"--url-pattern: invalid regular expression: {exc}") from None
    site, profile = _site(args)
    accept = RecordFilter(
        hosts=frozenset(h.lower().removeprefix("www.") for h in args.host),
        url_pattern=pattern,
        since=since,
        until=until,
        max_record_size=settings.getint("NEWSCRAWL_WARC_MAX_RECORD_SIZE"),
    )
    return ImportJob(
        settings=settings,
        out_dir=out_dir,
        state_dir=state_dir,
        downloads=Path(args.downloads or state_dir / "downloads").absolute(),
        accept=accept,
        site=site,
        profile=profile,
        languages=[code.strip().lower() for text in args.language for code in text.split(",")],
    )


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
        job = _job(args)
        names = source_names(args.sources)
        # A worker downloads the URLs it takes; local files are checked now, as without Redis.
        files = [local_archive(n, job.downloads) for n in names if not (args.redis and _is_url(n))]
        from newscrawl.run.output import check_output_paths

        check_output_paths([], job.out_dir)
        if args.redis:
            from newscrawl.distributed.worker import worker_timing

            worker_timing(job.settings)
    except (NewscrawlError, ValueError) as exc:
        print(f"newscrawl import: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.redis:
        return work_shared_queue(args, job, names)
    return import_files(job, files, args.run_id or new_run_id(), None)


def import_files(job: ImportJob, files: list[Path], run_id: str, redis_url: str | None) -> int:
    """Read `files` as the run `run_id`, print its summary line, return the exit code."""
    settings = job.settings
    overrides: dict[str, Any] = {
        "NEWSCRAWL_STATE_ENABLED": True,
        "NEWSCRAWL_STATE_DIR": str(job.state_dir),
        "NEWSCRAWL_OUTPUT_DIR": str(job.out_dir),
        "NEWSCRAWL_RUN_ID": run_id,
        "NEWSCRAWL_SITE": job.site,
    }
    if redis_url:
        # The Redis run state only: the archive files are each machine's own, so requests stay
        # in the local scheduler (no distributed-crawl add-on).
        overrides["NEWSCRAWL_REDIS_URL"] = redis_url
        addons = settings.getdict("ADDONS")
        overrides["ADDONS"] = {k: v for k, v in addons.items() if "RedisAddon" not in str(k)}
    for name, value in overrides.items():
        settings.set(name, value, priority="cmdline")
    from newscrawl.archive.source import run_archive_crawl

    stats, failures = run_archive_crawl(
        settings,
        files=files,
        accept=job.accept,
        site_name=job.site,
        profile=job.profile,
        languages=job.languages,
    )
    output = job.out_dir / _safe_name(job.site) / f"{run_id}.jsonl"
    if failures:
        locked = any("another run of" in failure for failure in failures)
        print(f"newscrawl import: {job.site}: {failures[0]}", file=sys.stderr)
        return EXIT_LOCKED if locked else EXIT_BAD_INPUT
    print(summary_line("import", stats, output), flush=True)
    failure = stats.get("newscrawl/outcome/failure")
    if failure:
        print(f"newscrawl import: {job.site}: run failed: {failure}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


# ---------------------------------------------------------------------- Redis workers


def work_shared_queue(args: argparse.Namespace, job: ImportJob, sources: list[str]) -> int:
    """Be one worker of the import of `sources` shared on Redis; return the exit code.

    The first file that fails (a download, not a WARC, its run) sets the exit code; it is left
    out of this round (not done: the next round queues it again) and the worker goes on.
    """
    from newscrawl.distributed import worker_suffix
    from newscrawl.distributed.imports import ImportQueue
    from newscrawl.distributed.worker import worker_timing
    from newscrawl.run.state import open_state
    from newscrawl.run.state.redis import connect

    settings = job.settings
    timeout, heartbeat = worker_timing(settings)
    base = args.run_id or f"{new_run_id()}-{worker_suffix()}"
    try:
        queue = ImportQueue(
            connect(args.redis),
            job.site,
            base,
            prefix=settings.get("NEWSCRAWL_REDIS_KEY_PREFIX"),
            timeout=timeout,
        )
        state = open_state(args.redis, job.site)
    except NewscrawlError as exc:
        print(f"newscrawl import: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    worker = queue.worker
    worker.register()
    worker.start_heartbeat(heartbeat)
    queued = queue.add(sources)
    print(f"import: worker {base}: {queued} of {len(sources)} files queued", flush=True)
    code, files, articles, n = EXIT_OK, 0, 0, 0
    try:
        while not worker.lost:
            worker.reap_dead()
            taken = queue.take(f"{base}-{n + 1:04d}")
            if taken is None:
                if worker.lost or worker.finished():
                    break
                time.sleep(min(heartbeat, 1.0))  # another worker may die: its file comes back
                continue
            n += 1
            token, source = taken
            run_id = f"{base}-{n:04d}"
            result = _import_taken(args, job, source, run_id, worker)
            if worker.lost:
                break  # the file is another worker's now (this run's claims are fenced)
            queue.done(token, source, committed=result == EXIT_OK)
            if result == EXIT_OK:
                files += 1
                articles += _exported(job, run_id)
            else:
                state.release(run_id)  # a run that died holds its claims until released
                code = code or result
    finally:
        worker.stop_heartbeat()
        if not worker.lost:
            worker.leave(committed=True)
        state.close()
    if worker.lost:
        print(
            f"newscrawl import: worker {base} was declared dead by the others (no heartbeat for "
            f"{timeout:g}s); its file was taken over",
            file=sys.stderr,
        )
        return EXIT_FAILED
    print(f"import: worker {base}: {articles} articles exported from {files} files", flush=True)
    return code


def _import_taken(
    args: argparse.Namespace, job: ImportJob, source: str, run_id: str, worker: RedisWorker
) -> int:
    """Read the taken `source` in a child process that dies with this one; return its exit code."""
    import multiprocessing

    try:
        path = local_archive(source, job.downloads)
    except NewscrawlError as exc:
        print(f"newscrawl import: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    child = multiprocessing.get_context("spawn").Process(
        target=_child, args=(args, str(path), run_id, os.getpid()), name=f"import-{run_id}"
    )
    child.start()
    while child.exitcode is None:
        child.join(1.0)
        if worker.lost and child.exitcode is None:
            child.kill()  # the others took this file over: its output must not be completed
            child.join()
    if child.exitcode != EXIT_OK:
        print(f"newscrawl import: {source}: not imported (exit {child.exitcode})", file=sys.stderr)
    return EXIT_FAILED if child.exitcode is None or child.exitcode < 0 else child.exitcode


def _child(args: argparse.Namespace, path: str, run_id: str, parent: int) -> None:
    """Import the one WARC file `path` as the run `run_id` (a worker's child process)."""
    from newscrawl.distributed.host import die_with_parent

    die_with_parent(parent)
    sys.exit(import_files(_job(args), [Path(path)], run_id, args.redis))


def _exported(job: ImportJob, run_id: str) -> int:
    """Return the articles the run `run_id` exported, from its manifest (0 if unreadable)."""
    manifest = job.out_dir / _safe_name(job.site) / f"{run_id}.manifest.json"
    try:
        return int(json.loads(manifest.read_text(encoding="utf-8"))["articles"]["exported"])
    except (OSError, ValueError, KeyError, TypeError):
        return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
