"""Run state (SQLite and Redis back-ends), the site lock, and recovery of killed runs' output."""

from __future__ import annotations

import fcntl
import json
import os
import signal
import sqlite3
import subprocess
import sys

import numpy as np
import pytest
import redis

from newscrawl.exceptions import StateError
from newscrawl.run.lock import LockHeld, SiteLock, lock_file
from newscrawl.run.nearindex import (
    body_minhash,
    lsh_bands,
    lsh_keys,
    signature_bytes,
    signature_jaccard,
)
from newscrawl.run.state import ExportRecord, Watermark, open_state
from newscrawl.run.state.commit import CommitContext, read_lines
from newscrawl.run.state.recovery import finalize_dir
from newscrawl.run.state.redis import KEY_PREFIX, site_prefix
from newscrawl.run.state.sqlite import state_file

BANDS, ROWS = lsh_bands(0.9, 128)


def signature(text: str) -> bytes:
    return signature_bytes(body_minhash(text, 128, 5))


def context() -> CommitContext:
    return CommitContext(signature=signature, bands=BANDS, rows=ROWS)


def record(n: int, *, revision: int = 1, body: str | None = None) -> ExportRecord:
    body = body or f"article number {n} " + " ".join(f"w{n}x{i}" for i in range(60))
    return ExportRecord(
        id=f"id{n}",
        url=f"http://127.0.0.1/a/{n}/",
        body_hash=f"h{n}r{revision}",
        revision=revision,
        modified=None,
        fetched_at="2026-01-01T00:00:00+00:00",
        exported_at="2026-01-01T00:00:01+00:00",
        file="run1.jsonl",
        signature=signature(body),
    )


@pytest.fixture(params=["sqlite", "redis"])
def state_source(request, tmp_path):
    if request.param == "sqlite":
        return tmp_path / "state"
    return request.getfixturevalue("redis_url")


def test_state_commit_makes_exports_visible_to_every_lookup(state_source):
    with open_state(state_source, "demo") as state:
        recs = [record(1), record(2)]
        lsh = {r.id: lsh_keys(r.signature, BANDS, ROWS) for r in recs}
        state.commit_file("run1.jsonl", recs, {"k1": "id1", "k2": "id2"}, lsh)
        assert state.exported(["id1", "id3"]).keys() == {"id1"}
        assert state.exported(["id1"])["id1"] == recs[0]
        assert state.known_urls(["k1", "k9"]) == {"k1": "id1"}
        assert state.body_hashes(["h2r1", "nope"]) == {"h2r1": "id2"}
        near = state.near_candidates(lsh_keys(record(1).signature, BANDS, ROWS))
        assert "id1" in near
        assert near["id1"] == recs[0].signature
        assert state.committed_files() == {"run1.jsonl"}
        assert state.count() == 2
        # idempotent: committing the same file again changes nothing
        state.commit_file("run1.jsonl", [record(1, revision=5)], {}, {})
        assert state.exported(["id1"])["id1"].revision == 1
    with open_state(state_source, "demo") as again:
        assert again.count() == 2
    with open_state(state_source, "other-site") as other:
        assert other.count() == 0


def test_state_claims_are_exclusive_per_owner_and_released(state_source):
    with open_state(state_source, "demo") as state:
        assert state.claim(["id:a", "body:x"], "run1") == []
        assert state.claim(["id:a"], "run1") == []  # same owner: still fine
        assert state.claim(["id:a", "body:y"], "run2") == ["id:a"]
        assert state.claim(["body:y"], "run2") == []  # all-or-nothing: y was free
        state.release("run1")
        assert state.claim(["id:a"], "run2") == []


def test_state_watermarks_roundtrip(state_source):
    with open_state(state_source, "demo") as state:
        marks = [
            Watermark("http://h/sitemap-1.xml", "sitemap", lastmod="2026-01-01T00:00:00+00:00"),
            Watermark(
                "http://h/feed/",
                "feed",
                newest="2026-01-02T00:00:00+00:00",
                etag='W/"5f3a"',
                last_modified="Fri, 02 Jan 2026 00:00:00 GMT",
            ),
        ]
        state.set_watermarks(marks)
        got = state.watermarks(["http://h/sitemap-1.xml", "http://h/feed/", "http://h/x"])
        assert got == {m.source: m for m in marks}
        assert got["http://h/feed/"].validators == {
            "If-None-Match": 'W/"5f3a"',
            "If-Modified-Since": "Fri, 02 Jan 2026 00:00:00 GMT",
        }
        assert got["http://h/sitemap-1.xml"].validators == {}


_SCHEMA_1_WATERMARKS = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE watermarks (source TEXT PRIMARY KEY, kind TEXT NOT NULL, lastmod TEXT,"
    " newest TEXT);"
    "INSERT INTO meta VALUES ('schema', '1'), ('site', 'demo');"
    "INSERT INTO watermarks VALUES ('http://h/s.xml', 'sitemap', '2026-01-01', NULL);"
)


def test_a_schema_1_sqlite_state_is_migrated_and_keeps_its_watermarks(tmp_path):
    tmp_path.mkdir(exist_ok=True)
    with sqlite3.connect(state_file(tmp_path, "demo")) as db:
        db.executescript(_SCHEMA_1_WATERMARKS)
    with open_state(tmp_path, "demo") as state:
        assert state.watermarks(["http://h/s.xml"]) == {
            "http://h/s.xml": Watermark("http://h/s.xml", "sitemap", lastmod="2026-01-01")
        }
        state.set_watermarks([Watermark("http://h/f", "feed", etag='"1"')])
    with open_state(tmp_path, "demo") as again:  # migrated once: opens as schema 2
        assert again.watermarks(["http://h/f"])["http://h/f"].etag == '"1"'
    with sqlite3.connect(state_file(tmp_path, "demo")) as db:
        assert db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() == ("2",)


def test_a_schema_1_redis_state_is_migrated_and_keeps_its_watermarks(redis_url):
    client = redis.Redis.from_url(redis_url)
    prefix = site_prefix("demo", KEY_PREFIX)
    client.set(f"{prefix}:schema", 1)
    old = {"source": "http://h/s.xml", "kind": "sitemap", "lastmod": "2026-01-01", "newest": None}
    client.hset(f"{prefix}:watermarks", "http://h/s.xml", json.dumps(old))
    with open_state(redis_url, "demo") as state:
        assert state.watermarks(["http://h/s.xml"])["http://h/s.xml"].lastmod == "2026-01-01"
    assert client.get(f"{prefix}:schema") == b"2"
    client.close()


def test_state_lookups_are_batched_over_many_keys(state_source):
    with open_state(state_source, "demo") as state:
        keys = {f"k{i}": f"id{i}" for i in range(1500)}
        state.commit_file("big.jsonl", [], keys, {})
        assert len(state.known_urls([*keys, "missing"])) == 1500


def test_corrupt_sqlite_state_is_one_readable_error(tmp_path):
    state_dir = tmp_path / "state"
    state_dir.mkdir()
    state_file(state_dir, "demo").write_bytes(b"this is not a database" * 100)
    with pytest.raises(StateError, match="corrupt") as err:
        open_state(state_dir, "demo")
    assert "\n" not in str(err.value)


def test_sqlite_state_belongs_to_one_site(tmp_path):
    open_state(tmp_path, "demo").close()
    state_file(tmp_path, "demo").rename(state_file(tmp_path, "other"))
    with pytest.raises(StateError, match="belongs to site 'demo'"):
        open_state(tmp_path, "other")


# ---------------------------------------------------------------------- lock


def test_second_lock_of_a_site_names_the_holder(tmp_path):
    with SiteLock(tmp_path, "demo"):
        with pytest.raises(LockHeld, match=f"pid {os.getpid()}"):
            SiteLock(tmp_path, "demo").acquire()
        SiteLock(tmp_path, "other").acquire()  # other sites are free


def test_lock_of_a_killed_process_is_taken_over(tmp_path):
    code = (
        "import sys, time; from pathlib import Path; from newscrawl.run.lock import SiteLock\n"
        f"SiteLock(Path({str(tmp_path)!r}), 'demo').acquire(); print('held', flush=True)\n"
        "time.sleep(60)"
    )
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "held"
        with pytest.raises(LockHeld, match=f"pid {child.pid}"):
            SiteLock(tmp_path, "demo").acquire()
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    lock = SiteLock(tmp_path, "demo")
    lock.acquire()
    assert lock.took_over is not None
    assert lock.took_over["pid"] == child.pid
    assert json.loads(lock_file(tmp_path, "demo").read_text())["pid"] == os.getpid()
    lock.release()


# ---------------------------------------------------------------------- recovery


def line(n: int, revision: int = 1) -> bytes:
    item = {
        "id": f"id{n}",
        "url": f"http://127.0.0.1/a/{n}/",
        "canonical_url": f"http://127.0.0.1/a/{n}/",
        "title": f"Título {n}",
        "body": f"body of article {n} " + " ".join(f"w{n}y{i}" for i in range(50)),
        "body_hash": f"h{n}",
        "revision": revision,
        "fetched_at": "2026-01-01T00:00:00+00:00",
    }
    return json.dumps(item, ensure_ascii=False).encode("utf-8") + b"\n"


def test_recovery_keeps_complete_lines_cuts_torn_line_and_commits(tmp_path, state_source):
    site_dir = tmp_path / "out"
    site_dir.mkdir()
    part = site_dir / "run2.jsonl.part"
    part.write_bytes(line(1) + line(2) + line(3)[:40])
    with open_state(state_source, "demo") as state:
        report = finalize_dir(site_dir, state, context())
        assert report.recovered_articles == 2
        assert report.torn_lines == 1
        assert not part.exists()
        items, torn, bad = read_lines(site_dir / "run2.jsonl")
        assert [i["id"] for i in items] == ["id1", "id2"]
        assert (torn, bad) == (0, 0)
        assert items[0]["title"] == "Título 1"
        assert state.exported(["id1", "id2", "id3"]).keys() == {"id1", "id2"}
        assert state.committed_files() == {"run2.jsonl"}
        # running the recovery again finds nothing to do
        again = finalize_dir(site_dir, state, context())
        assert again.recovered_articles == again.committed_articles == 0


def test_recovery_drops_lines_already_exported_and_commits_renamed_file(tmp_path, state_source):
    site_dir = tmp_path / "out"
    site_dir.mkdir()
    (site_dir / "run1.jsonl").write_bytes(line(1) + line(2))  # renamed, never committed
    (site_dir / "run2.jsonl.part").write_bytes(line(2) + line(4) + line(1, revision=2))
    with open_state(state_source, "demo") as state:
        state.commit_file("run0.jsonl", [record(4)], {}, {})
        report = finalize_dir(site_dir, state, context())
        assert report.repeated_lines == 2  # id2 (in run1) and id4 (in run0)
        got = {
            name: [(i["id"], i["revision"]) for i in read_lines(site_dir / name)[0]]
            for name in ("run1.jsonl", "run2.jsonl")
        }
        assert got == {"run1.jsonl": [("id1", 1), ("id2", 1)], "run2.jsonl": [("id1", 2)]}
        assert not (site_dir / "run2.jsonl.part").exists()
        assert state.exported(["id1"])["id1"].revision == 2
        assert state.committed_files() == {"run0.jsonl", "run1.jsonl", "run2.jsonl"}


class _StaleListing:
    """A state whose first `committed_files` answer predates another worker's commit."""

    def __init__(self, state, stale: set[str]) -> None:
        self._state, self._stale = state, stale

    def committed_files(self) -> set[str]:
        stale, self._stale = self._stale, None
        return stale if stale is not None else self._state.committed_files()

    def __getattr__(self, name):
        return getattr(self._state, name)


def test_a_file_another_worker_commits_meanwhile_is_left_whole(tmp_path, state_source):
    # Worker B lists the directory while worker A has renamed its file but not committed it
    # yet; A commits; B must not then take A's lines for repeats and empty A's file.
    site_dir = tmp_path / "out"
    site_dir.mkdir()
    final = site_dir / "runA.jsonl"
    final.write_bytes(line(1) + line(2) + line(3))
    with open_state(state_source, "demo") as state:
        finalize_dir(site_dir, state, context())  # A commits its own file
        report = finalize_dir(site_dir, _StaleListing(state, set()), context())  # B
        assert [i["id"] for i in read_lines(final)[0]] == ["id1", "id2", "id3"]
        assert report.committed_files == []
        assert report.repeated_lines == 0
        assert state.exported(["id1", "id2", "id3"]).keys() == {"id1", "id2", "id3"}


def test_recovery_leaves_a_live_rewrite_alone_and_removes_a_dead_one(tmp_path):
    site_dir = tmp_path / "out"
    site_dir.mkdir()
    live, dead = site_dir / "runA.jsonl.tmp", site_dir / "runB.jsonl.tmp"
    dead.write_bytes(line(1))
    with live.open("wb") as writing:
        fcntl.flock(writing.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        with open_state(tmp_path / "state", "demo") as state:
            finalize_dir(site_dir, state, context())
        assert live.exists()
        assert not dead.exists()


def test_recovery_leaves_a_live_writers_part_alone(tmp_path):
    site_dir = tmp_path / "out"
    site_dir.mkdir()
    part = site_dir / "live.jsonl.part"
    with part.open("wb") as live:
        fcntl.flock(live.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        live.write(line(1))
        live.flush()
        with open_state(tmp_path / "state", "demo") as state:
            report = finalize_dir(site_dir, state, context())
            assert report.live_parts == 1
            assert state.count() == 0
        assert part.exists()


def test_signature_bytes_roundtrip_to_minhash_values():
    sig = signature("a b c d e f g h i j")
    assert np.frombuffer(sig, dtype=np.uint64).shape == (128,)
    assert len(lsh_keys(sig, BANDS, ROWS)) == BANDS
    assert signature_jaccard(sig, sig) == 1.0
    near = signature("a b c d e f g h i j k")
    assert 0.3 < signature_jaccard(sig, near) < 1.0


def test_recovery_of_a_dead_O_output_removes_its_unfinished_rewrite(tmp_path):
    """A kill during a rewrite of a ``-O`` file leaves ``<file>.tmp``: the next run removes it."""
    from newscrawl.run.state.outputs import OutputPointer, OutputTarget

    site_dir, out = tmp_path / "out" / "demo", tmp_path / "mine.jsonl"
    target = OutputTarget(out, overwrite=True, run_id="run2")
    OutputPointer(site_dir, target).release()  # the run died holding it
    target.part.write_bytes(line(1))  # exported already: the recovery rewrites nothing
    leftover = out.with_name("mine.jsonl.tmp")
    leftover.write_bytes(line(2)[:30])  # the rewrite's first bytes, never renamed
    with open_state(tmp_path / "state", "demo") as state:
        state.commit_file("run1.jsonl", [record(1)], {}, {})
        report = finalize_dir(site_dir, state, context())
        assert report.recovered_articles == 0
    assert not leftover.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "state"]
    assert list(site_dir.iterdir()) == []
