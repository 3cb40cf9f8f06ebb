"""The embedded run state: one SQLite file per site under the state directory (WAL mode).

``<state dir>/<site>.sqlite3`` holds the tables of `newscrawl.run.state.base`. One scheduled run
of a site holds the site lock (`newscrawl.run.lock`) while it writes, so there is one writer; WAL
lets readers (``sqlite3`` on the command line, a report) look at it meanwhile.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import TYPE_CHECKING, Any

from newscrawl.exceptions import StateError
from newscrawl.run.names import safe_name
from newscrawl.run.state.base import SCHEMA_VERSION, ExportRecord, RunState, Watermark

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping, Sequence
    from pathlib import Path

    from newscrawl.run.state.base import LshKeys, UrlKeys

_CHUNK = 500
_ARTICLE = "id, url, body_hash, revision, modified, fetched_at, exported_at, file, signature"
"""The columns of ``articles``, in the order of `ExportRecord`'s fields."""
_WATERMARK = "source, kind, lastmod, newest, etag, last_modified, listed"
"""The columns of ``watermarks``, in the order of `Watermark`'s fields."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY, url TEXT NOT NULL, body_hash TEXT NOT NULL, revision INTEGER NOT NULL,
    modified TEXT, fetched_at TEXT NOT NULL, exported_at TEXT NOT NULL, file TEXT NOT NULL,
    signature BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS body_hashes (hash TEXT PRIMARY KEY, id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS url_keys (key TEXT PRIMARY KEY, id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS lsh (
    key BLOB NOT NULL, id TEXT NOT NULL, PRIMARY KEY (key, id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS watermarks (
    source TEXT PRIMARY KEY, kind TEXT NOT NULL, lastmod TEXT, newest TEXT, etag TEXT,
    last_modified TEXT, listed INTEGER
);
CREATE TABLE IF NOT EXISTS files (
    name TEXT PRIMARY KEY, committed_at TEXT NOT NULL, articles INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS claims (key TEXT PRIMARY KEY, owner TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS claims_owner ON claims (owner);
"""


def state_file(state_dir: Path, site: str) -> Path:
    """Return the SQLite file of `site` under `state_dir`."""
    return state_dir / f"{safe_name(site)}.sqlite3"


def _chunks(values: Iterable[Any]) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for value in values:
        batch.append(value)
        if len(batch) == _CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


class SqliteRunState(RunState):
    """Run state of one site in ``<state_dir>/<site>.sqlite3``."""

    def __init__(self, state_dir: Path, site: str) -> None:
        self.site = site
        self.path = state_file(state_dir, site)
        try:
            state_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StateError(f"state dir {state_dir} cannot be created: {exc.strerror}") from None
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        except sqlite3.Error as exc:
            raise StateError(f"state file {self.path} cannot be opened: {exc}") from None
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
            self._check_meta()
        except sqlite3.DatabaseError as exc:
            self._db.close()
            raise StateError(
                f"state file {self.path} is corrupt or not a newscrawl state ({exc}); "
                "move it away to start afresh"
            ) from None
        except StateError:
            self._db.close()
            raise

    def _check_meta(self) -> None:
        rows = dict(self._db.execute("SELECT key, value FROM meta").fetchall())
        if not rows:
            with self._tx():
                self._db.executemany(
                    "INSERT INTO meta (key, value) VALUES (?, ?)",
                    [("schema", str(SCHEMA_VERSION)), ("site", self.site)],
                )
            return
        if rows.get("schema") == "1":
            self._migrate_from_1()
            rows["schema"] = str(SCHEMA_VERSION)
        if rows.get("schema") != str(SCHEMA_VERSION):
            raise StateError(
                f"state file {self.path} has schema {rows.get('schema')!r}, "
                f"expected {SCHEMA_VERSION}"
            )
        if rows.get("site") != self.site:
            raise StateError(
                f"state file {self.path} belongs to site {rows.get('site')!r}, not {self.site!r}"
            )

    def _tx(self) -> _Transaction:
        return _Transaction(self._db, self.path)

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        try:
            return self._db.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise StateError(f"state file {self.path}: {exc}") from None

    def _lookup(self, sql: str, keys: Iterable[Any]) -> list[Any]:
        rows: list[Any] = []
        for batch in _chunks(dict.fromkeys(keys)):
            marks = ",".join("?" * len(batch))
            rows.extend(self._query(sql.format(marks=marks), batch))
        return rows

    # ------------------------------------------------------------------ lookups

    def exported(self, ids: Iterable[str]) -> dict[str, ExportRecord]:
        rows = self._lookup(f"SELECT {_ARTICLE} FROM articles WHERE id IN ({{marks}})", ids)
        return {row[0]: ExportRecord(*row) for row in rows}

    def known_urls(self, url_keys: Iterable[str]) -> dict[str, str]:
        rows = self._lookup("SELECT key, id FROM url_keys WHERE key IN ({marks})", url_keys)
        return dict(rows)

    def body_hashes(self, hashes: Iterable[str]) -> dict[str, str]:
        rows = self._lookup("SELECT hash, id FROM body_hashes WHERE hash IN ({marks})", hashes)
        return dict(rows)

    def _migrate_from_1(self) -> None:
        """Add the watermark columns of schema 2 to a version-1 state file."""
        with self._tx() as db:
            columns = {row[1] for row in db.execute("PRAGMA table_info(watermarks)")}
            for column, kind in (
                ("etag", "TEXT"),
                ("last_modified", "TEXT"),
                ("listed", "INTEGER"),
            ):
                if column not in columns:
                    db.execute(f"ALTER TABLE watermarks ADD COLUMN {column} {kind}")
            db.execute("UPDATE meta SET value = ? WHERE key = 'schema'", (str(SCHEMA_VERSION),))

    def near_candidates(self, keys: Sequence[bytes]) -> dict[str, bytes]:
        ids = {row[0] for row in self._lookup("SELECT id FROM lsh WHERE key IN ({marks})", keys)}
        rows = self._lookup("SELECT id, signature FROM articles WHERE id IN ({marks})", ids)
        return {row[0]: bytes(row[1]) for row in rows}

    def watermarks(self, sources: Iterable[str]) -> dict[str, Watermark]:
        sql = f"SELECT {_WATERMARK} FROM watermarks WHERE source IN ({{marks}})"
        return {row[0]: Watermark(*row) for row in self._lookup(sql, sources)}

    def committed_files(self) -> set[str]:
        return {row[0] for row in self._query("SELECT name FROM files")}

    def count(self) -> int:
        return int(self._query("SELECT COUNT(*) FROM articles")[0][0])

    # ------------------------------------------------------------------ writes

    def commit_file(
        self, file: str, records: Sequence[ExportRecord], url_keys: UrlKeys, lsh: LshKeys
    ) -> None:
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with self._tx() as db:
            if db.execute("SELECT 1 FROM files WHERE name = ?", (file,)).fetchone():
                return
            db.executemany(
                f"INSERT OR REPLACE INTO articles ({_ARTICLE}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        r.id,
                        r.url,
                        r.body_hash,
                        r.revision,
                        r.modified,
                        r.fetched_at,
                        r.exported_at,
                        r.file,
                        r.signature,
                    )
                    for r in records
                ],
            )
            db.executemany(
                "INSERT OR REPLACE INTO body_hashes (hash, id) VALUES (?, ?)",
                [(r.body_hash, r.id) for r in records],
            )
            db.executemany(
                "INSERT OR REPLACE INTO url_keys (key, id) VALUES (?, ?)", list(url_keys.items())
            )
            db.executemany(
                "INSERT OR IGNORE INTO lsh (key, id) VALUES (?, ?)",
                [(key, article_id) for article_id, keys in lsh.items() for key in keys],
            )
            db.executemany(
                "DELETE FROM claims WHERE key = ?",
                [(f"id:{r.id}",) for r in records] + [(f"body:{r.body_hash}",) for r in records],
            )
            db.execute(
                "INSERT INTO files (name, committed_at, articles) VALUES (?, ?, ?)",
                (file, now, len(records)),
            )

    def touch(self, fetched: Mapping[str, str]) -> None:
        with self._tx() as db:
            db.executemany(
                "UPDATE articles SET fetched_at = ? WHERE id = ?",
                [(when, article_id) for article_id, when in fetched.items()],
            )

    def set_watermarks(self, marks: Iterable[Watermark]) -> None:
        with self._tx() as db:
            db.executemany(
                f"INSERT OR REPLACE INTO watermarks ({_WATERMARK}) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (m.source, m.kind, m.lastmod, m.newest, m.etag, m.last_modified, m.listed)
                    for m in marks
                ],
            )

    def claim(self, keys: Sequence[str], owner: str) -> list[str]:
        with self._tx() as db:
            refused = [
                key
                for batch in _chunks(keys)
                for key, holder in db.execute(
                    f"SELECT key, owner FROM claims WHERE key IN ({','.join('?' * len(batch))})",
                    batch,
                ).fetchall()
                if holder != owner
            ]
            if not refused:
                db.executemany(
                    "INSERT OR IGNORE INTO claims (key, owner) VALUES (?, ?)",
                    [(key, owner) for key in keys],
                )
        return refused

    def release(self, owner: str) -> None:
        with self._tx() as db:
            db.execute("DELETE FROM claims WHERE owner = ?", (owner,))

    def close(self) -> None:
        self._db.close()


class _Transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT`` (``ROLLBACK`` on error); errors become `StateError`."""

    def __init__(self, db: sqlite3.Connection, path: Path) -> None:
        self.db = db
        self.path = path

    def __enter__(self) -> sqlite3.Connection:
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise StateError(f"state file {self.path}: {exc}") from None
        return self.db

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            try:
                self.db.execute("COMMIT")
            except sqlite3.Error as error:
                self.db.execute("ROLLBACK")
                raise StateError(f"state file {self.path}: {error}") from None
            return
        self.db.execute("ROLLBACK")
        if isinstance(exc, sqlite3.Error):
            raise StateError(f"state file {self.path}: {exc}") from None
