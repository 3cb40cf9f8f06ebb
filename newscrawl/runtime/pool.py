"""Run `analyze_page` for the spider: in the reactor thread, or in a pool of worker processes.

Parsing and extraction are CPU work. Done in the reactor thread they stop downloading while
they run and use one core; `ProcessPageAnalyzer` sends each page to one of N supervised worker
processes and awaits the result, so the crawl keeps downloading and every core parses.

Each worker runs one page at a time, so when a worker dies (segfault, ``os._exit``, the OOM
killer, ``MemoryError``) or overruns NEWSCRAWL_POOL_TIMEOUT, the page it held is known exactly:
that page fails with `WorkerCrashed`/`PageTimeout`, the worker is replaced and the other pages
are not touched (unlike ``ProcessPoolExecutor``, whose ``BrokenProcessPool`` fails every
pending future). The site profile is sent to a worker once, when it starts.

Messages are compact: a page goes to its worker as a small pickled header (URL, encoding,
hints, fetch time) followed by the response body as raw bytes, which neither side pickles or
copies into a pickle; the answer comes back pickled once. (``Connection.send`` would build a
``ForkingPickler``, copying the copyreg dispatch table, for every message.)

Settings: NEWSCRAWL_POOL_ENABLED, NEWSCRAWL_POOL_WORKERS, NEWSCRAWL_POOL_MAX_PENDING,
NEWSCRAWL_POOL_TIMEOUT, NEWSCRAWL_POOL_MAX_TASKS_PER_WORKER, NEWSCRAWL_POOL_START_METHOD,
NEWSCRAWL_POOL_FUNCTION.
Stats: newscrawl/pool/{pages,failed,failed/crash,failed/timeout,failed/error,workers_started}.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import logging
import multiprocessing
import os
import pickle
import queue
import signal
import threading
import traceback
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias

from scrapy.utils.misc import load_object

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from multiprocessing.connection import Connection
    from multiprocessing.context import DefaultContext
    from multiprocessing.process import BaseProcess

    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

    from newscrawl.runtime.analysis import PageAnalysis
    from newscrawl.sites import SiteProfile

    AnalyzeFunction = Callable[..., PageAnalysis]

logger = logging.getLogger(__name__)

DEFAULT_FUNCTION = "newscrawl.runtime.analysis.analyze_page"
_READY = "ready"
_STOP = b""
"""The message that ends a worker (a page's header is never empty)."""
_START_TIMEOUT = 120.0
"""Seconds a new worker may take to import and warm up before it is given up."""
_CRASH_EXIT = 70
"""Exit status of a worker that ended itself after a `MemoryError`."""


class PoolError(Exception):
    """A page the worker pool could not analyse."""


class WorkerCrashed(PoolError):
    """The worker process died while it analysed the page."""


class PageTimeout(PoolError):
    """The page took longer than NEWSCRAWL_POOL_TIMEOUT; its worker was killed."""


class AnalysisError(PoolError):
    """The analysis function raised; the message holds the worker's traceback."""


Hints: TypeAlias = "Mapping[str, str] | None"
"""What a sitemap or feed said of a page (`newscrawl.runtime.analysis.analyze_page`)."""


class Analyzer(Protocol):
    """What the spider asks of a page analyzer, in-process (`PageAnalyzer`) or not."""

    async def analyze(
        self, body: bytes, url: str, encoding: str | None, hints: Hints, fetched_at: str
    ) -> PageAnalysis:
        """Return the analysis of one page."""
        ...

    def close(self) -> None:
        """Release the analyzer's resources."""
        ...


class PageAnalyzer:
    """Analyse pages in-process (the reference implementation the pool must match)."""

    def __init__(
        self, profile: SiteProfile | None, function: AnalyzeFunction | None = None
    ) -> None:
        self.profile = profile
        self.function = function or load_object(DEFAULT_FUNCTION)

    async def analyze(
        self, body: bytes, url: str, encoding: str | None, hints: Hints, fetched_at: str
    ) -> PageAnalysis:
        """Return the analysis of one page."""
        return self.function(body, url, encoding, self.profile, hints, fetched_at)

    def close(self) -> None:
        """Release the analyzer's resources."""


class _Job:
    __slots__ = ("body", "future", "header")

    def __init__(
        self,
        body: bytes,
        url: str,
        encoding: str | None,
        hints: Mapping[str, str] | None,
        fetched_at: str | None,
    ) -> None:
        self.body = body
        self.header = pickle.dumps(
            (url, encoding, hints and dict(hints), fetched_at), pickle.HIGHEST_PROTOCOL
        )
        self.future: concurrent.futures.Future[PageAnalysis] = concurrent.futures.Future()


class ProcessPageAnalyzer:
    """Analyse pages in a pool of supervised worker processes.

    One feeder thread per worker hands the worker one page at a time over a pipe and waits
    for the answer (the GIL is released while it waits); the reactor awaits the result
    through `asyncio.wrap_future`. At most `max_pending` pages are queued or running, so a
    fast downloader cannot pile bodies up in memory: `analyze` waits for a free place.
    """

    def __init__(
        self,
        profile: SiteProfile | None,
        *,
        workers: int,
        max_pending: int = 0,
        timeout: float = 0,
        max_tasks_per_worker: int = 0,
        start_method: str = "forkserver",
        function: AnalyzeFunction | str = DEFAULT_FUNCTION,
        stats: StatsCollector | None = None,
    ) -> None:
        """Start `workers` feeder threads; `function` may be an import path (see module)."""
        if workers < 1:
            raise ValueError(f"NEWSCRAWL_POOL_WORKERS must be >= 1, got {workers}")
        self.profile = profile
        self.workers = workers
        self.max_pending = max_pending or 2 * workers
        self.timeout = timeout if timeout > 0 else None
        self.max_tasks_per_worker = max_tasks_per_worker
        if start_method == "fork" and isinstance(function, str):
            # Forked workers share what the crawl process imported: import it once, here.
            function = load_object(function)
        self.function = function
        self.stats = stats
        self._context = _context(start_method)
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._pending: asyncio.Semaphore | None = None
        self._pending_loop: asyncio.AbstractEventLoop | None = None
        self._lock = threading.Lock()
        self._processes: set[BaseProcess] = set()
        self._closed = False
        self.workers_started = 0
        """Worker processes started so far (replacements included)."""
        self._workers_reported = -1
        self._threads = [
            threading.Thread(target=self._feed, name=f"newscrawl-pool-{i}", daemon=True)
            for i in range(workers)
        ]
        for thread in self._threads:
            thread.start()

    async def analyze(
        self, body: bytes, url: str, encoding: str | None, hints: Hints, fetched_at: str
    ) -> PageAnalysis:
        """Return the analysis of one page, computed in a worker process.

        Raise a `PoolError` when the worker died, timed out or the function raised.
        """
        if self._closed:
            raise PoolError("the page analyzer is closed")
        loop = asyncio.get_running_loop()
        if self._pending is None or self._pending_loop is not loop:
            self._pending = asyncio.Semaphore(self.max_pending)
            self._pending_loop = loop
        async with self._pending:
            job = _Job(body, url, encoding, hints, fetched_at)
            self._jobs.put(job)
            try:
                result = await asyncio.wrap_future(job.future)
            except PoolError as exc:
                self._inc("failed")
                self._inc(f"failed/{_reason(exc)}")
                raise
            finally:
                self._report_workers()
            self._inc("pages")
            return result

    def submit(
        self,
        body: bytes,
        url: str,
        encoding: str | None = None,
        hints: Mapping[str, str] | None = None,
        fetched_at: str | None = None,
    ) -> concurrent.futures.Future[PageAnalysis]:
        """Queue one page without a bound or stats; for scripts and benchmarks outside a crawl."""
        job = _Job(body, url, encoding, hints, fetched_at)
        self._jobs.put(job)
        return job.future

    def close(self) -> None:
        """Stop the feeder threads and the worker processes; cancel pages not started."""
        if self._closed:
            return
        self._closed = True
        for _ in self._threads:
            self._jobs.put(None)
        for thread in self._threads:
            thread.join(timeout=5)
        with self._lock:
            processes = list(self._processes)
        for process in processes:
            _stop(process)
        self._report_workers()

    # ------------------------------------------------------------------ feeder threads

    def _feed(self) -> None:
        worker: tuple[BaseProcess, Connection] | None = None
        done = 0
        try:
            while True:
                job = self._jobs.get()
                if job is None or self._closed:
                    if job is not None:
                        job.future.cancel()
                    return
                if not job.future.set_running_or_notify_cancel():
                    continue
                if worker is not None and not worker[0].is_alive():
                    self._retire(worker)
                    worker = None
                if worker is None:
                    try:
                        worker = self._start_worker()
                    except Exception as exc:  # a feeder thread must not die
                        logger.error("could not start a pool worker: %s", exc)
                        _set(job.future, WorkerCrashed(f"could not start a worker: {exc}"))
                        continue
                    done = 0
                if self._run(worker, job):
                    done += 1
                    if self.max_tasks_per_worker and done >= self.max_tasks_per_worker:
                        self._retire(worker)
                        worker = None
                else:
                    self._retire(worker)
                    worker = None
        finally:
            if worker is not None:
                self._retire(worker)

    def _run(self, worker: tuple[BaseProcess, Connection], job: _Job) -> bool:
        """Run `job` on `worker`; return False when the worker is gone or must be replaced."""
        process, conn = worker
        try:
            conn.send_bytes(job.header)
            conn.send_bytes(job.body)
            if self.timeout is not None and not conn.poll(self.timeout):
                process.kill()
                _set(job.future, PageTimeout(f"page took more than {self.timeout:g}s"))
                return False
            ok, value = pickle.loads(conn.recv_bytes())
        except (EOFError, OSError):
            process.join(timeout=5)
            _set(job.future, WorkerCrashed(f"worker died (exit code {process.exitcode})"))
            return False
        if ok:
            job.future.set_result(value)
        else:
            _set(job.future, AnalysisError(value))
        return True

    def _start_worker(self) -> tuple[BaseProcess, Connection]:
        parent, child = self._context.Pipe(duplex=True)
        process = self._context.Process(
            target=_worker_main,
            args=(child, self.function, self.profile),
            name="newscrawl-pool-worker",
            daemon=True,
        )
        process.start()
        child.close()
        with self._lock:
            self._processes.add(process)
        if not parent.poll(_START_TIMEOUT):
            self._retire((process, parent))
            raise PoolError(f"worker not ready after {_START_TIMEOUT}s")
        try:
            ready = parent.recv()
        except (EOFError, OSError):
            ready = f"worker died while starting (exit code {process.exitcode})"
        if ready != _READY:
            self._retire((process, parent))
            raise PoolError(ready)
        with self._lock:
            self.workers_started += 1
        return process, parent

    def _retire(self, worker: tuple[BaseProcess, Connection]) -> None:
        process, conn = worker
        with contextlib.suppress(OSError):
            conn.send_bytes(_STOP)
        conn.close()
        _stop(process)
        with self._lock:
            self._processes.discard(process)

    # ------------------------------------------------------------------ stats

    def _report_workers(self) -> None:
        """Set the ``workers_started`` stat, when it changed since it was last set."""
        started = self.workers_started
        if self.stats is not None and started != self._workers_reported:
            self.stats.set_value("newscrawl/pool/workers_started", started)
            self._workers_reported = started

    def _inc(self, event: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(f"newscrawl/pool/{event}")


def _worker_main(
    conn: Connection, function: AnalyzeFunction | str, profile: SiteProfile | None
) -> None:
    """Analyse the pages sent over `conn` until it closes or sends `_STOP`.

    `function` may be an import path, imported here (the crawl process need not import it);
    a path that cannot be imported is answered with one line instead of `_READY`.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import newscrawl.runtime.warmup  # noqa: F401  (already loaded when forked from the fork server)

    try:
        analyze: AnalyzeFunction = load_object(function) if isinstance(function, str) else function
    except Exception as exc:  # an import error of any kind, told to the crawl process
        conn.send(f"NEWSCRAWL_POOL_FUNCTION {function!r}: {type(exc).__name__}: {exc}")
        return
    conn.send(_READY)
    while True:
        try:
            header = conn.recv_bytes()
            if header == _STOP:
                return
            body = conn.recv_bytes()
        except (EOFError, OSError):
            return
        url, encoding, hints, fetched_at = pickle.loads(header)
        answer: tuple[bool, PageAnalysis | str]
        try:
            answer = (True, analyze(body, url, encoding, profile, hints, fetched_at))
        except MemoryError:
            os._exit(_CRASH_EXIT)
        except Exception as exc:
            detail = "".join(traceback.format_exception(exc)).rstrip()
            answer = (False, f"{type(exc).__name__} on {url}: {exc}\n{detail}")
        conn.send_bytes(pickle.dumps(answer, pickle.HIGHEST_PROTOCOL))


def _stop(process: BaseProcess) -> None:
    process.join(timeout=2)
    if process.is_alive():
        process.kill()
        process.join(timeout=2)


def _set(future: concurrent.futures.Future[Any], exc: BaseException) -> None:
    if not future.done():
        future.set_exception(exc)


def _reason(exc: PoolError) -> str:
    if isinstance(exc, WorkerCrashed):
        return "crash"
    if isinstance(exc, PageTimeout):
        return "timeout"
    return "error"


def _context(start_method: str) -> DefaultContext:
    if start_method not in multiprocessing.get_all_start_methods():
        raise ValueError(f"NEWSCRAWL_POOL_START_METHOD: unknown start method {start_method!r}")
    context: DefaultContext = multiprocessing.get_context(start_method)  # type: ignore[assignment]
    if start_method == "forkserver":
        # Workers fork from a server that imported the extraction code and loaded its models
        # once: a replaced worker is ready in milliseconds and shares those pages.
        context.set_forkserver_preload(["newscrawl.runtime.warmup"])
    return context


def build_analyzer(crawler: Crawler, profile: SiteProfile | None) -> Analyzer:
    """Return the page analyzer configured by the crawler's settings."""
    settings = crawler.settings
    function: str = settings.get("NEWSCRAWL_POOL_FUNCTION") or DEFAULT_FUNCTION
    if not settings.getbool("NEWSCRAWL_POOL_ENABLED"):
        return PageAnalyzer(profile, load_object(function))
    workers = settings.getint("NEWSCRAWL_POOL_WORKERS") or os.cpu_count() or 1
    if workers < 0:
        raise ValueError(f"NEWSCRAWL_POOL_WORKERS must be >= 0, got {workers}")
    max_pending = settings.getint("NEWSCRAWL_POOL_MAX_PENDING")
    if max_pending < 0:
        raise ValueError(f"NEWSCRAWL_POOL_MAX_PENDING must be >= 0, got {max_pending}")
    return ProcessPageAnalyzer(
        profile,
        workers=workers,
        max_pending=max_pending,
        timeout=settings.getfloat("NEWSCRAWL_POOL_TIMEOUT"),
        max_tasks_per_worker=settings.getint("NEWSCRAWL_POOL_MAX_TASKS_PER_WORKER"),
        start_method=settings.get("NEWSCRAWL_POOL_START_METHOD"),
        function=function,
        stats=crawler.stats,
    )
