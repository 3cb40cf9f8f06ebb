"""Where a run's output goes: the default per-run feed, FEEDS paths, and their checks.

Without ``-o``/``-O`` a run writes ``<NEWSCRAWL_OUTPUT_DIR>/<site>/<run-id>.jsonl``
(`default_feed`).
An output that cannot be written is an `OutputError` (one line), recorded as the run's failure
(`newscrawl.run.outcome`); `check_output_paths` finds most of them before the crawl starts, and
`check_state_output` refuses, before any request, an output the run state cannot commit.

Settings: NEWSCRAWL_OUTPUT_DIR, NEWSCRAWL_RUN_ID.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from w3lib.url import file_uri_to_path

from newscrawl.exceptions import NewscrawlError, StateError
from newscrawl.run.names import FEED_SUFFIX, new_run_id, safe_name

if TYPE_CHECKING:
    from collections.abc import Iterable

    from scrapy.settings import BaseSettings

JSON_LINES_FORMATS = ("jsonlines", "jsonl", "jl")


class OutputError(NewscrawlError):
    """An output file or directory that cannot be written."""


def default_feed(settings: BaseSettings, site: str) -> dict[str, dict[str, Any]]:
    """Return the FEEDS entry ``<NEWSCRAWL_OUTPUT_DIR>/<site>/<run-id>.jsonl``."""
    run_id = settings.get("NEWSCRAWL_RUN_ID") or new_run_id()
    path = Path(settings.get("NEWSCRAWL_OUTPUT_DIR")) / safe_name(site) / f"{run_id}{FEED_SUFFIX}"
    return {
        str(path.absolute()): {
            "format": "jsonlines",
            "encoding": "utf-8",
            "overwrite": True,
            "store_empty": True,
        }
    }


def local_feed_path(uri: object) -> Path | None:
    """Return the local file a FEEDS URI writes, or None (stdout, S3, FTP…)."""
    text = str(uri)
    if text.startswith("file:"):
        return Path(file_uri_to_path(text))
    if text in ("-", "") or text.startswith("stdout:") or "://" in text:
        return None
    return Path(text)


def check_output_paths(feeds: Iterable[object], output_dir: str | Path | None) -> None:
    """Raise `OutputError` naming the first output that cannot be written.

    `feeds` are the FEEDS URIs (local files are checked: their directory is created and a
    file written in it); with none, the default feed's directory `output_dir` is checked.
    """
    paths = [p for p in map(local_feed_path, feeds) if p is not None]
    for path in paths:
        text = str(path)
        if "%(" in text:  # a template: check the directory before the first placeholder
            _check_dir(Path(text[: text.index("%(")]).parent, f"output {path}")
            continue
        if path.is_dir():
            raise OutputError(f"output {path} cannot be written: it is a directory")
        _check_dir(path.parent, f"output {path}")
    if not paths and output_dir is not None:
        _check_dir(Path(output_dir), f"output dir {output_dir}")


def _check_dir(directory: Path, what: str) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=directory, prefix=".newscrawl-probe-"):
            pass
    except FileExistsError:  # a file where a directory should be
        raise OutputError(f"{what} cannot be written: {directory} is not a directory") from None
    except OSError as exc:
        raise OutputError(f"{what} cannot be written: {exc.strerror or exc}") from None


def check_state_output(settings: BaseSettings, feeds: dict[str, Any]) -> tuple[Path, bool]:
    """Return (absolute path, overwrite) of the one feed the run state can commit.

    Raise `StateError` naming the problem when FEEDS (``-o``/``-O``, Scrapyd's ``items_dir``)
    is not one local JSON Lines file, in UTF-8, without batches, postprocessing or a field
    list that leaves out ``id``.
    """
    if len(feeds) != 1:
        raise StateError(
            f"the run state writes one output file, got {len(feeds)} (-o/-O or FEEDS)"
        )
    ((uri, options),) = feeds.items()
    options = dict(options or {})
    path = local_feed_path(uri)
    if path is None or "%(" in str(path):
        raise StateError(
            f"output {uri}: the run state needs a local file (not stdout, remote storage "
            "or %(...)s placeholders)"
        )
    fmt = str(options.get("format") or "")
    if fmt not in JSON_LINES_FORMATS:
        raise StateError(
            f"output {uri}: the run state writes JSON Lines (.jsonl), not {fmt or 'this'}"
        )
    encoding = str(options.get("encoding") or settings.get("FEED_EXPORT_ENCODING") or "")
    fields = options.get("fields")
    problem = None
    if encoding and encoding.lower().replace("-", "").replace("_", "") != "utf8":
        problem = f"encoding {encoding} (only UTF-8)"
    elif options.get("batch_item_count") or settings.getint("FEED_EXPORT_BATCH_ITEM_COUNT"):
        problem = "batches"
    elif options.get("postprocessing"):
        problem = "postprocessing"
    elif fields is not None and "id" not in fields:
        problem = "fields without id"
    if problem is not None:
        raise StateError(f"output {uri}: the run state cannot commit a feed with {problem}")
    return path.absolute(), bool(options.get("overwrite", False))
