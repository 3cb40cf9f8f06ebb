"""The dedup pipeline against the run state: drops across runs, revisions, claims."""

from __future__ import annotations

import pytest
from crawling import make_crawler
from ledgers import crawler_with_ledger
from scrapy.utils.misc import build_from_crawler

from newscrawl.exceptions import (
    AlreadyExportedArticle,
    DuplicateArticle,
    NearDuplicateArticle,
    UnchangedArticle,
)
from newscrawl.items import ArticleItem
from newscrawl.pipelines.dedup import DedupPipeline
from newscrawl.run.nearindex import body_minhash, lsh_bands, lsh_keys, signature_bytes
from newscrawl.run.state import ExportRecord, open_state

BANDS, ROWS = lsh_bands(0.9, 128)
BODY = " ".join(f"word{i}" for i in range(300))


def item(n: str, body: str = BODY, **kw) -> ArticleItem:
    return ArticleItem(
        id=f"id-{n}", url=f"http://127.0.0.1/{n}/", canonical_url=f"http://127.0.0.1/{n}/",
        body=body, body_hash=f"hash-{abs(hash(body))}", fetched_at="2026-01-02T00:00:00+00:00",
        **kw,
    )  # fmt: skip


@pytest.fixture
def pipeline(tmp_path):
    state = open_state(tmp_path, "demo")
    exported = item("a", modified="2026-01-01T00:00:00+00:00")
    signature = signature_bytes(body_minhash(BODY, 128, 5))
    record = ExportRecord(
        id=exported.id, url=exported.url, body_hash=exported.body_hash, revision=1,
        modified=exported.modified, fetched_at=exported.fetched_at,
        exported_at="2026-01-02T00:00:00+00:00", file="run1.jsonl", signature=signature,
    )  # fmt: skip
    state.commit_file("run1.jsonl", [record], {}, {record.id: lsh_keys(signature, BANDS, ROWS)})
    crawler, run = crawler_with_ledger(tmp_path, "run2")
    assert (run.bands, run.rows) == (BANDS, ROWS)
    yield build_from_crawler(DedupPipeline, crawler), crawler, run
    run.close()
    state.close()


def stat(crawler, key):
    return crawler.stats.get_value(f"newscrawl/dedup/{key}")


def test_same_article_unchanged_is_dropped_and_remembered(pipeline):
    pipe, crawler, run = pipeline
    with pytest.raises(UnchangedArticle):
        pipe.process_item(item("a"))
    assert run.unchanged == {"id-a": "2026-01-02T00:00:00+00:00"}
    assert stat(crawler, "dropped/unchanged") == 1


def test_unchanged_article_is_dropped_without_its_minhash(pipeline, monkeypatch):
    pipe, _, _ = pipeline
    computed = []
    monkeypatch.setattr(
        "newscrawl.pipelines.dedup.body_minhash", lambda body, *a: computed.append(body)
    )
    with pytest.raises(UnchangedArticle):
        pipe.process_item(item("a"))
    assert computed == []


def test_changed_body_without_newer_date_is_already_exported(pipeline):
    pipe, crawler, _ = pipeline
    with pytest.raises(AlreadyExportedArticle):
        pipe.process_item(item("a", body=BODY + " extra", modified="2026-01-01T00:00:00+00:00"))
    assert stat(crawler, "dropped/exported") == 1


def test_changed_body_with_newer_modified_is_next_revision(pipeline):
    pipe, crawler, run = pipeline
    new = pipe.process_item(
        item("a", body=BODY + " an update", modified="2026-01-05T00:00:00+00:00")
    )
    assert new.revision == 2
    assert stat(crawler, "revision") == 1
    assert run.state.claim(["id:id-a"], "someone-else") == ["id:id-a"]


def test_copy_exported_in_an_earlier_run_is_dropped(pipeline):
    pipe, crawler, _ = pipeline
    with pytest.raises(DuplicateArticle):
        pipe.process_item(item("copy"))  # same body, another URL
    assert stat(crawler, "dropped/body_seen") == 1
    near = BODY.replace("word150", "changed")
    with pytest.raises(NearDuplicateArticle):
        pipe.process_item(item("near", body=near))
    assert stat(crawler, "dropped/near_seen") == 1


def test_new_article_is_kept_and_claimed_for_this_run(pipeline):
    pipe, _, run = pipeline
    other = " ".join(f"other{i}" for i in range(300))
    kept = pipe.process_item(item("b", body=other))
    assert kept.revision == 1
    assert run.state.claim([f"id:{kept.id}"], "run3") == [f"id:{kept.id}"]
    assert f"{kept.id}:{kept.body_hash}" in run.signatures


def test_jobdir_seen_requests_do_not_outlive_a_run_when_the_state_is_on(tmp_path):
    from scrapy import Request
    from scrapy.utils.misc import build_from_crawler as build

    from newscrawl.extensions.dupefilter import RunStateDupeFilter

    request = Request("http://127.0.0.1/article/1/")
    plain = build(RunStateDupeFilter, make_crawler(JOBDIR=str(tmp_path)))
    assert plain.request_seen(request) is False
    plain.close("shutdown")
    assert (tmp_path / "requests.seen").stat().st_size > 0
    # Scrapy's own behaviour without the state: the resumed run never fetches it again
    resumed = build(RunStateDupeFilter, make_crawler(JOBDIR=str(tmp_path)))
    assert resumed.request_seen(request) is True
    resumed.close("finished")
    # with the state on, the run state (exports) spans runs instead; in-run duplicates still go
    stateful = build(
        RunStateDupeFilter, make_crawler(JOBDIR=str(tmp_path), NEWSCRAWL_STATE_ENABLED=True)
    )
    assert stateful.request_seen(request) is False
    assert stateful.request_seen(request.replace()) is True
    stateful.close("finished")
