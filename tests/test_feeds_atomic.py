from __future__ import annotations

from pathlib import Path

from scrapy.settings import Settings

from newscrawl.run.feeds import AtomicFileFeedStorage
from newscrawl.run.output import default_feed


def test_feed_is_written_to_part_file_and_appears_only_when_stored(tmp_path):
    target = tmp_path / "site" / "run.jsonl"
    storage = AtomicFileFeedStorage(str(target), feed_options={"overwrite": True})
    handle = storage.open(None)
    handle.write(b'{"id": 1}\n')
    assert not target.exists()
    assert (tmp_path / "site" / "run.jsonl.part").exists()
    storage.store(handle)
    assert target.read_bytes() == b'{"id": 1}\n'
    assert not (tmp_path / "site" / "run.jsonl.part").exists()


def test_append_mode_appends_the_finished_part(tmp_path):
    target = tmp_path / "out.jsonl"
    target.write_bytes(b'{"id": 0}\n')
    storage = AtomicFileFeedStorage(str(target), feed_options={"overwrite": False})
    handle = storage.open(None)
    handle.write(b'{"id": 1}\n')
    storage.store(handle)
    assert target.read_bytes() == b'{"id": 0}\n{"id": 1}\n'


def test_default_feed_path_is_output_site_run_id(tmp_path):
    settings = Settings({"NEWSCRAWL_OUTPUT_DIR": str(tmp_path), "NEWSCRAWL_RUN_ID": "r1"})
    feeds = default_feed(settings, "sana")
    ((uri, options),) = feeds.items()
    assert Path(uri) == tmp_path / "sana" / "r1.jsonl"
    assert options["format"] == "jsonlines"
    assert options["encoding"] == "utf-8"
