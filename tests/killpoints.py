"""Kill points for the crash tests: a crawl subprocess stops at a chosen moment (test-only).

A test starts ``newscrawl crawl`` or ``scrapy crawl`` with the environment of `env`: it names
the point, the file where the process leaves its pid when it gets there, and the settings
module `killpoints_settings` (newscrawl's settings plus the `KillPoints` extension), found
through PYTHONPATH. The process then sleeps at that point until the test SIGKILLs it.

Points, from outside newscrawl (nothing in the product knows of them):

- ``torn_write``: the feed storage writes `TORN_AFTER_ENV` lines, then half of the next one;
- ``before_rename``: the feed's part is complete and fsynced, not renamed, appended or
  committed yet (any `AtomicFileFeedStorage`, the Redis worker's too);
- ``before_commit``: this run's output is renamed (or appended) but not committed: the first
  state commit once the crawl is open (``-o``/``-O``, committed by the feed storage), or the
  feed exporter's end (the default output, committed by the run-state extension next);
- ``after_recover_rename``: the recovery of a killed run's part has written the recovered file,
  and not committed it: the first state commit before the crawl opens.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import IO, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured

from newscrawl.run.feeds import AtomicFileFeedStorage
from newscrawl.run.state.redis import RedisRunState
from newscrawl.run.state.sqlite import SqliteRunState

PAUSE_ENV = "NEWSCRAWL_TEST_PAUSE"
MARK_ENV = "NEWSCRAWL_TEST_PAUSE_MARK"
TORN_AFTER_ENV = "NEWSCRAWL_TEST_TORN_AFTER"
"""For ``torn_write``: the number of complete lines written before the torn one."""
TESTS = Path(__file__).resolve().parent


def env(point: str, mark: Path, torn_after: int = 3) -> dict[str, str]:
    """Return the environment of a crawl subprocess that stops at `point`."""
    path = os.pathsep.join(p for p in (str(TESTS), os.environ.get("PYTHONPATH", "")) if p)
    return {
        PAUSE_ENV: point,
        MARK_ENV: str(mark),
        TORN_AFTER_ENV: str(torn_after),
        "SCRAPY_SETTINGS_MODULE": "killpoints_settings",
        "PYTHONPATH": path,
    }


def armed(point: str) -> bool:
    """Say whether this process is to stop at `point`."""
    return os.environ.get(PAUSE_ENV) == point


def pause(point: str) -> None:
    """Sleep forever at `point` if armed (after leaving the pid in the mark file)."""
    if not armed(point):
        return
    mark = os.environ.get(MARK_ENV)
    if mark:
        Path(mark).write_text(str(os.getpid()), encoding="utf-8")
    while True:  # the test SIGKILLs us here
        time.sleep(1)


class KillPoints:
    """Put the armed kill point in place (listed before the run-state extension)."""

    crawl_open = False
    """The crawl is open: the recovery of killed runs is over, this run's commits come next."""

    def __init__(self, crawler: Any) -> None:
        if not os.environ.get(PAUSE_ENV):
            raise NotConfigured("no kill point")
        _install()
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.feed_exporter_closed, signal=signals.feed_exporter_closed)

    @classmethod
    def from_crawler(cls, crawler: Any) -> KillPoints:
        return cls(crawler)

    def spider_opened(self) -> None:
        KillPoints.crawl_open = True

    def feed_exporter_closed(self) -> None:
        pause("before_commit")  # the default output is renamed; the extension commits it next


_ORIGINAL: dict[str, Any] = {}


def _install() -> None:
    if _ORIGINAL:
        return
    _ORIGINAL["open"] = AtomicFileFeedStorage.open
    _ORIGINAL["store"] = AtomicFileFeedStorage.store
    AtomicFileFeedStorage.open = _open  # type: ignore[method-assign]
    AtomicFileFeedStorage.store = _store  # type: ignore[method-assign]
    for cls in (SqliteRunState, RedisRunState):
        _ORIGINAL[cls.__name__] = cls.commit_file
        cls.commit_file = _commit_file(cls.commit_file)  # type: ignore[method-assign]


def _open(self: AtomicFileFeedStorage, spider: Any) -> IO[bytes]:
    file = _ORIGINAL["open"](self, spider)
    if armed("torn_write"):
        return _TornWriter(file)  # type: ignore[return-value]
    return file  # type: ignore[no-any-return]


def _store(self: AtomicFileFeedStorage, file: IO[bytes]) -> None:
    file.flush()
    os.fsync(file.fileno())
    pause("before_rename")
    _ORIGINAL["store"](self, file)


def _commit_file(commit: Any) -> Any:
    def commit_file(self: Any, *args: Any, **kwargs: Any) -> None:
        pause("before_commit" if KillPoints.crawl_open else "after_recover_rename")
        commit(self, *args, **kwargs)

    return commit_file


class _TornWriter:
    """Write some lines, then half of the next one, then pause at ``torn_write``."""

    def __init__(self, file: IO[bytes]) -> None:
        self._file = file
        self._left = int(os.environ.get(TORN_AFTER_ENV, "3"))

    def write(self, data: bytes) -> int:
        if self._left == 0:
            self._file.write(data[: len(data) // 2])
            self._file.flush()
            os.fsync(self._file.fileno())
            pause("torn_write")
        self._left -= 1
        return self._file.write(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._file, name)
