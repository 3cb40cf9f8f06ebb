"""`newscrawl.utils.compat` against the installed (pinned) Scrapy.

Each wrapper reaches into a library's private code. These tests run each one against the
installed version, so an upgrade that moves that code fails here rather than in a crawl; and an
upgrade of a checked library fails `test_the_installed_versions_are_the_checked_ones` until the
wrappers are checked again against it.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from importlib.metadata import version
from typing import Any

import orjson
import pytest
from scrapy import Request
from scrapy.utils.test import get_crawler

from newscrawl.utils.compat import (
    CHECKED,
    download_slot,
    download_slot_key,
)


@pytest.mark.parametrize("name", sorted(CHECKED))
def test_the_installed_versions_are_the_checked_ones(name):
    assert version(name) == CHECKED[name], (
        f"{name} {version(name)} is installed; newscrawl.utils.compat was checked against "
        f"{CHECKED[name]}: check its {name} wrappers again, then update CHECKED"
    )


# ---------------------------------------------------------------------- Scrapy: a real engine

_IDLE_SPIDER = textwrap.dedent(
    """
    import sys, time

    import orjson
    from scrapy import Request, Spider, signals
    from scrapy.crawler import CrawlerProcess
    from scrapy.exceptions import DontCloseSpider

    from newscrawl.utils.compat import (
        download_slot, download_slot_key, raise_slot_delay, wake_engine
    )

    class Idle(Spider):
        name = "idle"

        async def start(self):
            return
            yield

    idles, slots = [], {}

    def check_slots():
        request = Request("https://news.example.com/a/")
        key = slots["key"] = download_slot_key(crawler, request)
        shared = Request("https://news.example.com/a/", meta={"download_slot": "shared"})
        slots["meta_key"] = download_slot_key(crawler, shared)
        slots["none_before_use"] = download_slot(crawler, key) is None
        created_key, slot = crawler.engine.downloader._get_slot(request)  # each download does
        slots["same_key"] = created_key == key
        slots["found"] = download_slot(crawler, key) is slot
        slots["initial"] = [slot.delay, slot.jitter]
        slots["raised"] = raise_slot_delay(slot, 3.0)
        slots["after"] = [slot.delay, slot.jitter]
        slots["delays"] = sorted({slot.download_delay() for _ in range(20)})
        slots["raised_again"] = raise_slot_delay(slot, 3.0)
        slots["lowered"] = raise_slot_delay(slot, 1.0)
        slots["final"] = slot.delay

    def spider_idle():
        idles.append(time.monotonic())
        if not slots:
            check_slots()
        if len(idles) < 3:
            if sys.argv[1] == "wake":
                wake_engine(crawler.engine)
            raise DontCloseSpider

    settings = {
        "LOG_LEVEL": "ERROR",
        "TELNETCONSOLE_ENABLED": False,
        "DOWNLOAD_DELAY": 0.5,
        "RANDOMIZE_DOWNLOAD_DELAY": True,
    }
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(Idle)
    crawler.signals.connect(spider_idle, signals.spider_idle)
    wake_engine(None)  # no engine yet: nothing to do
    process.crawl(crawler)
    process.start()
    wake_engine(crawler.engine)  # spider closed: nothing to do
    print(orjson.dumps({"idles": idles, "slots": slots}).decode())
    """
)


def _idle_crawl(mode: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-c", _IDLE_SPIDER, mode],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    result: dict[str, Any] = orjson.loads(out.strip().splitlines()[-1])
    return result


@pytest.fixture(scope="module")
def woken() -> dict[str, Any]:
    """Return what a crawl with nothing to crawl saw when woken at each idle."""
    return _idle_crawl("wake")


def test_wake_engine_makes_an_idle_engine_run_its_next_step_now(woken):
    # An idle engine runs its next step (asks the scheduler, fires spider_idle) only on its
    # 5-second heartbeat; woken, it does so in the next reactor turn.
    idles = woken["idles"]
    assert len(idles) == 3
    assert idles[2] - idles[0] < 2.0


@pytest.mark.slow
def test_without_wake_engine_an_idle_engine_waits_for_its_heartbeat():
    idles = _idle_crawl("sleep")["idles"]
    assert len(idles) == 3
    assert idles[2] - idles[0] > 8.0


def test_download_slot_key_is_the_host_or_the_download_slot_meta_key(woken):
    assert woken["slots"]["key"] == "news.example.com"
    assert woken["slots"]["meta_key"] == "shared"


def test_download_slot_finds_the_slot_the_downloader_created(woken):
    slots = woken["slots"]
    assert slots["none_before_use"]  # slots are created on first download
    assert slots["same_key"]
    assert slots["found"]
    assert slots["initial"] == [0.5, 0.5]  # DOWNLOAD_DELAY, RANDOMIZE_DOWNLOAD_DELAY's jitter


def test_raise_slot_delay_sets_a_floor_without_jitter(woken):
    slots = woken["slots"]
    assert slots["raised"]
    assert slots["after"] == [3.0, 0.0]
    assert slots["delays"] == [3.0]  # Slot.download_delay(): no random variation left
    assert not slots["raised_again"]
    assert not slots["lowered"]  # a floor never lowers the delay
    assert slots["final"] == 3.0


def test_download_slots_without_an_engine_are_none():
    crawler = get_crawler()
    request = Request("https://news.example.com/a/")
    assert download_slot_key(crawler, request) is None
    assert download_slot(crawler, "news.example.com") is None
