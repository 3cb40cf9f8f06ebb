"""Distributed crawling on Redis: many workers, one crawl, nothing lost, nothing twice.

``-s NEWSCRAWL_REDIS_URL=redis://host:port/db`` (``newscrawl crawl --redis URL``) turns this on.
`RedisAddon` (listed in ``ADDONS``) then moves the scheduler and the dupefilter to scrapy-redis,
and `newscrawl.state.open_state` picks the Redis run state. Every worker started with the same
URL and site joins the same crawl; each writes its own feed file (the run id carries the host
and pid), so the union of the complete ``.jsonl`` files is the corpus.

How a killed worker loses nothing
---------------------------------
scrapy-redis pops requests destructively, so `RedisScheduler` pops through a Lua script that
moves the request, in the same atomic step, into the worker's *in-flight* hash
(``…:inflight:<worker>``). A request stays there until the worker has committed the file that
holds its article: when the worker ends (after the run-state extension committed its file) it
deletes the requests it processed and puts back any it had not. A worker beats a heartbeat from
a thread every ``NEWSCRAWL_REDIS_HEARTBEAT`` seconds; one silent for
``NEWSCRAWL_REDIS_WORKER_TIMEOUT`` seconds is dead, and the first live worker to notice *reaps*
it in one Lua script: its in-flight requests go back to the queue with their priority, its
claims are released, and its run id is *fenced* (every later claim is refused). The articles of the
dead worker's ``.part`` file are fetched and exported again by the others; if a run on the same
machine recovers that part first (`newscrawl.state.files`), the state marks them exported and
the others drop their refetch instead. Either way each article ends up in one complete file.

How nothing is exported twice
-----------------------------
The shared dupefilter fetches each URL once per crawl round. Before an article is exported, the
dedup pipeline claims ``id:<id>``, ``body:<hash>`` and its MinHash LSH bands for the worker's
run id (`RunState.claim`, one atomic script): a second worker holding the same article under
another URL, or a near-duplicate of it, is refused. Committing a file makes its articles
exported; claims are kept until their owner's file is committed or the owner is reaped. A worker
that was reaped while still alive (too slow, not dead) finds its registration gone, stops, and
renames its output to ``<run-id>.jsonl.lost`` instead of completing it (`RedisFeedStorage`).

The crawl round ends when the queue is empty and no live worker is busy: idle workers wait
(``DontCloseSpider``) while another may still add requests; the last worker to leave an empty
queue deletes the dupefilter, so the next scheduled run starts a fresh round (the run state keeps
it from fetching or exporting known articles again).

Settings: NEWSCRAWL_REDIS_URL, NEWSCRAWL_REDIS_HEARTBEAT, NEWSCRAWL_REDIS_WORKER_TIMEOUT,
NEWSCRAWL_REDIS_KEY_PREFIX.
Stats: newscrawl/redis/{popped,requeued,processed,reaped/workers,reaped/requests,lost_worker,
waited_idle}.

Modules, from the bottom up
---------------------------
`keys` the Redis key layout (also the run state's), `host` this process on this machine,
`scripts` the Lua scripts, `worker` one worker's membership (`RedisWorker`, `worker_for`),
`scheduler` the shared queue and dupefilter, `storage` the feed storage, `extension` the
heartbeat, idle wait and leaving, `addon` the switch (`RedisAddon`, in ``ADDONS``), `admin`
status and reset, `command` the ``newscrawl redis`` command. `imports` runs the same worker
protocol over a queue of WARC files for ``newscrawl import --redis``.

This face imports only `worker_suffix` (from `host`): `newscrawl.state.redis` imports `keys`, and
loading the Scrapy components here would close an import circle through it.
"""

from __future__ import annotations

from newscrawl.distributed.host import worker_suffix

__all__ = ["worker_suffix"]
