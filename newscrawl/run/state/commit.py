"""Commit a complete output file to the run state: its lines become export records.

`read_lines` reads a file's complete lines; `not_exported` and `claimed` keep the lines still
to commit; `commit_items` records them in one transaction, with their URL keys and LSH band
keys. See `newscrawl.run.state.base` for the exactly-once argument, `newscrawl.run.state.recovery`
and `newscrawl.run.state.outputs` for the files they are used on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import orjson

from newscrawl.discovery.urls import url_fingerprint
from newscrawl.run.durable import write_atomically
from newscrawl.run.nearindex import lsh_keys
from newscrawl.run.state.base import ExportRecord

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping
    from pathlib import Path

    from newscrawl.run.state.base import RunState


@dataclass(slots=True)
class FinalizeReport:
    """What committing and recovering one output directory did."""

    committed_files: list[str] = field(default_factory=list)
    committed_articles: int = 0
    recovered_parts: list[str] = field(default_factory=list)
    recovered_articles: int = 0
    torn_lines: int = 0
    bad_lines: int = 0
    repeated_lines: int = 0
    live_parts: int = 0
    recovered_outputs: list[str] = field(default_factory=list)
    """``-o``/``-O`` files that received a dead run's articles."""


@dataclass(slots=True)
class CommitContext:
    """How to turn output lines into state records."""

    signature: Callable[[str], bytes]
    """MinHash signature bytes of a body."""
    bands: int
    rows: int
    url_keys: Mapping[str, Iterable[str]] = field(default_factory=dict)
    """Extra URL keys per article id (requested URLs, redirects) seen by this run."""
    signatures: Mapping[str, bytes] = field(default_factory=dict)
    """Signatures this run already computed, by ``<id>:<body hash>``."""
    lastmods: Mapping[str, str] = field(default_factory=dict)
    """Sitemap lastmod of the articles this run fetched, by id."""


def read_lines(path: Path) -> tuple[list[dict[str, Any]], int, int]:
    """Return the complete JSON lines of `path`, with the number of torn and bad lines.

    A last line without its newline is torn (the writer died in the middle of it); a line that
    is not a JSON object with an ``id`` is bad. Both are left out.
    """
    data = path.read_bytes()
    torn = 0
    if data and not data.endswith(b"\n"):
        data = data[: data.rfind(b"\n") + 1]
        torn = 1
    items: list[dict[str, Any]] = []
    bad = 0
    for line in data.splitlines():
        if not line.strip():
            continue
        try:
            item = orjson.loads(line)
        except orjson.JSONDecodeError:
            bad += 1
            continue
        if not isinstance(item, dict) or not item.get("id"):
            bad += 1
            continue
        items.append(item)
    return items, torn, bad


def not_exported(
    items: list[dict[str, Any]], state: RunState, report: FinalizeReport
) -> list[dict[str, Any]]:
    """Keep the items whose (id, revision) is not exported yet, once each."""
    records = state.exported(item["id"] for item in items)
    keep: list[dict[str, Any]] = []
    seen: set[str] = set()
    for item in items:
        record = records.get(item["id"])
        revision = int(item.get("revision") or 1)
        if item["id"] in seen or (record is not None and record.revision >= revision):
            report.repeated_lines += 1
            continue
        seen.add(item["id"])
        keep.append(item)
    return keep


def claimed(
    items: list[dict[str, Any]], state: RunState, owner: str, report: FinalizeReport
) -> list[dict[str, Any]]:
    """Keep the items whose keys the dead run still holds, or can take again.

    With several live workers (Redis), another worker may have claimed an article after the
    dead run's claims were released; that worker exports it, so the leftover line is dropped.
    """
    keep = []
    for item in items:
        keys = [f"id:{item['id']}", f"body:{item.get('body_hash') or ''}"]
        if state.claim(keys, owner):
            report.repeated_lines += 1
            continue
        keep.append(item)
    return keep


def commit_items(
    final: Path,
    items: list[dict[str, Any]],
    state: RunState,
    context: CommitContext,
    name: str | None = None,
) -> None:
    """Commit `items`, the content of `final`, under `name` (default: the file's name)."""
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    records: list[ExportRecord] = []
    url_keys: dict[str, str] = {}
    lsh: dict[str, list[bytes]] = {}
    for item in items:
        article_id = item["id"]
        body_hash = item.get("body_hash") or ""
        signature = context.signatures.get(f"{article_id}:{body_hash}") or context.signature(
            item.get("body") or ""
        )
        records.append(
            ExportRecord(
                id=article_id,
                url=item.get("url") or "",
                body_hash=body_hash,
                revision=int(item.get("revision") or 1),
                modified=_newest(item.get("modified"), context.lastmods.get(article_id))
                or item.get("published"),
                fetched_at=item.get("fetched_at") or now,
                exported_at=now,
                file=final.name if name is None else str(final),
                signature=signature,
            )
        )
        for url in (item.get("url"), item.get("canonical_url")):
            if url:
                url_keys[url_fingerprint(url)] = article_id
        for key in context.url_keys.get(article_id, ()):
            url_keys[key] = article_id
        lsh[article_id] = lsh_keys(signature, context.bands, context.rows)
    state.commit_file(name or final.name, records, url_keys, lsh)


def _newest(a: str | None, b: str | None) -> str | None:
    """Return the later of two ISO 8601 times (either may be missing or unparseable)."""
    if not a or not b:
        return a or b
    try:
        x, y = dt.datetime.fromisoformat(a), dt.datetime.fromisoformat(b)
        x = x if x.tzinfo else x.replace(tzinfo=dt.UTC)
        y = y if y.tzinfo else y.replace(tzinfo=dt.UTC)
    except ValueError:
        return a
    return b if y > x else a


def lines_bytes(items: Iterable[dict[str, Any]]) -> bytes:
    """Return `items` as JSON lines."""
    return b"".join(orjson.dumps(item) + b"\n" for item in items)


def write_lines(final: Path, items: list[dict[str, Any]]) -> None:
    """Write `items` as the JSON lines of `final`, atomically (`write_atomically`)."""
    write_atomically(final, lines_bytes(items))
