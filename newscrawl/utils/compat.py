"""The private APIs of other libraries that newscrawl uses, in one place.

Each wrapper names the library version it was checked against (`CHECKED`).
``tests/test_compat.py`` runs every wrapper against the installed (pinned) version and fails
when that version is not the one checked: on an upgrade, check the wrappers again (and the
private code they reach into), then update `CHECKED`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.core.downloader import Slot
    from scrapy.crawler import Crawler

CHECKED = {"scrapy": "2.19.0"}
"""Distribution name -> the version whose private code the wrappers below were checked against."""


# ---------------------------------------------------------------------- Scrapy: the engine


def wake_engine(engine: Any) -> None:
    """Make the engine ask its scheduler for requests now (it takes them only if it has room).

    An engine with nothing to download polls its scheduler only every 5 seconds (Scrapy's slot
    heartbeat); a scheduler fed from outside (the shared Redis queue) wants it sooner. Does
    nothing before the spider is opened or after it is closed.

    Checked against Scrapy 2.19.0: ``ExecutionEngine._slot`` (a ``_Slot``, None while no
    spider is open) has ``nextcall``, a ``CallLaterOnce`` whose ``schedule()`` runs the
    engine's next step once in the next reactor turn. Public API has no equivalent
    (``engine.crawl()`` also schedules it, but only with a request to queue).
    """
    nextcall = getattr(getattr(engine, "_slot", None), "nextcall", None)
    if nextcall is not None:
        nextcall.schedule()


# ---------------------------------------------------------------------- Scrapy: download slots


def download_slot_key(crawler: Crawler, request: Request) -> str | None:
    """Return the key of the download slot `request` goes to, or None without an engine.

    Checked against Scrapy 2.19.0: ``Downloader.get_slot_key(request)`` (the
    ``download_slot`` meta key, else the host, else its IP with CONCURRENT_REQUESTS_PER_IP).
    """
    try:
        return str(crawler.engine.downloader.get_slot_key(request))
    except (RuntimeError, AttributeError):  # no engine yet (unit tests)
        return None


def download_slot(crawler: Crawler, key: str) -> Slot | None:
    """Return the download slot `key` if the downloader has one (it creates them on use).

    Checked against Scrapy 2.19.0: ``Downloader.slots`` maps a slot key to its ``Slot``.
    """
    try:
        return crawler.engine.downloader.slots.get(key)
    except (RuntimeError, AttributeError):  # no engine yet (unit tests)
        return None


def raise_slot_delay(slot: Slot, floor: float) -> bool:
    """Make `floor` seconds the slot's least delay between requests, without random jitter.

    Return True if the slot changed. Checked against Scrapy 2.19.0: ``Slot.delay`` (seconds)
    and ``Slot.jitter`` (the magnitude of the random variation of the delay, 0 for none;
    ``Slot.randomize_delay`` before 2.19).
    """
    if slot.delay >= floor and not slot.jitter:
        return False
    slot.delay = max(slot.delay, floor)
    slot.jitter = 0.0
    return True
