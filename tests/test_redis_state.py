"""Redis run state specifics (the shared contract tests in test_state.py run on both back-ends)."""

from __future__ import annotations

import socket
import threading

import pytest
import redis

from newscrawl.exceptions import StateError
from newscrawl.run.state import ExportRecord, open_state
from newscrawl.run.state.redis import RedisRunState, site_prefix


def _record(n: int, file: str = "run1.jsonl") -> ExportRecord:
    return ExportRecord(
        id=f"id{n}",
        url=f"http://127.0.0.1/a/{n}/",
        body_hash=f"h{n}",
        revision=1,
        modified=None,
        fetched_at="2026-01-01T00:00:00+00:00",
        exported_at="2026-01-01T00:00:01+00:00",
        file=file,
        signature=bytes(range(16)) * 8,
    )


def test_redis_state_is_chosen_by_a_redis_url(redis_url):
    with open_state(redis_url, "demo") as state:
        assert isinstance(state, RedisRunState)


def test_redis_commit_is_idempotent_and_shares_lsh_buckets(redis_url):
    with open_state(redis_url, "demo") as state:
        band = b"\x00shared-band"
        state.commit_file("a.jsonl", [_record(1)], {"u1": "id1"}, {"id1": [band, b"\x01one"]})
        state.commit_file("a.jsonl", [_record(9)], {"u9": "id9"}, {"id9": [band]})
        state.commit_file("b.jsonl", [_record(2, "b.jsonl")], {}, {"id2": [band]})
        assert state.count() == 2  # the second commit of a.jsonl did nothing
        assert state.committed_files() == {"a.jsonl", "b.jsonl"}
        assert set(state.near_candidates([band])) == {"id1", "id2"}
        assert state.known_urls(["u1", "u9"]) == {"u1": "id1"}


def test_redis_claim_has_one_winner_among_concurrent_workers(redis_url):
    winners: list[str] = []
    barrier = threading.Barrier(8)

    def worker(n: int) -> None:
        with open_state(redis_url, "demo") as state:
            barrier.wait()
            if not state.claim(["id:x", "body:y"], f"worker{n}"):
                winners.append(f"worker{n}")

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(winners) == 1


def test_redis_claims_outlive_the_commit_until_released(redis_url):
    with open_state(redis_url, "demo") as state:
        assert state.claim(["id:id1", "body:h1"], "run-a") == []
        state.commit_file("run-a.jsonl", [_record(1, "run-a.jsonl")], {}, {})
        assert state.claim(["id:id1"], "run-b") == ["id:id1"]
        state.release("run-a")
        assert state.claim(["id:id1"], "run-b") == []


def test_redis_sites_do_not_share_keys_and_reset_is_per_site(redis_url):
    with open_state(redis_url, "one") as one, open_state(redis_url, "two") as two:
        one.commit_file("a.jsonl", [_record(1)], {}, {})
        two.commit_file("a.jsonl", [_record(2)], {}, {})
        assert one.exported(["id1", "id2"]).keys() == {"id1"}
        assert one.reset() > 0
        assert one.count() == 0
        assert two.count() == 1
    client = redis.Redis.from_url(redis_url)
    assert not client.keys(site_prefix("one").replace("{", "[{]") + ":*")
    client.close()


def test_unreachable_redis_is_one_readable_error():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(StateError) as info:
        open_state(f"redis://user:secret@127.0.0.1:{port}/0", "demo")
    message = str(info.value)
    assert "\n" not in message
    assert f"127.0.0.1:{port}" in message
    assert "secret" not in message
