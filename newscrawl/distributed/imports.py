"""The WARC files that ``newscrawl import`` workers share on Redis: each one read by one worker.

`ImportQueue` runs the worker protocol of a crawl (`RedisWorker`: register, heartbeat, pop into
the in-flight hash, reap the dead, finish the round, leave) over a queue of WARC *sources* (URLs,
or paths every machine reads alike) instead of requests: ``…:import:queue``. Every worker started
on the same list queues it; a source is queued once a round (``…:import:seen``) and never again
once its articles are committed (``…:import:done``, part of the run state). A worker pops a
source atomically into its in-flight hash, reads it, and marks it done only after the output of
that file is committed. A worker silent for NEWSCRAWL_REDIS_WORKER_TIMEOUT seconds (or whose
process has exited, on the same machine) is reaped by the first live worker to look: its
in-flight source goes back to the queue, and the claims of the run that was reading it are
released and fenced, so another worker reads the file again and exports each of its articles once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newscrawl.distributed import scripts
from newscrawl.distributed.worker import RedisWorker
from newscrawl.run.state.keys import KEY_PREFIX, SiteKeys, text

if TYPE_CHECKING:
    from collections.abc import Sequence

    import redis


class ImportQueue:
    """One worker's view of the shared queue of WARC sources of a site."""

    def __init__(
        self,
        client: redis.Redis,
        site: str,
        worker_id: str,
        *,
        prefix: str = KEY_PREFIX,
        timeout: float = 60.0,
    ) -> None:
        self.keys = keys = SiteKeys(site, prefix)
        self.worker = RedisWorker(
            client,
            site,
            worker_id,
            worker_id,
            prefix=prefix,
            timeout=timeout,
            queue=keys.import_queue,
            round_set=keys.import_seen,
        )
        self._enqueue = client.register_script(scripts.ENQUEUE)
        self._done = client.register_script(scripts.DONE)

    def add(self, sources: Sequence[str]) -> int:
        """Queue those of `sources` not done and not queued this round; return how many."""
        if not sources:
            return 0
        k = self.keys
        return int(
            self._enqueue(keys=[k.import_queue, k.import_seen, k.import_done], args=list(sources))
        )

    def take(self, owner: str) -> tuple[str, str] | None:
        """Pop the next source for the run `owner`; return (token, source), or None.

        None when the queue is empty, or when this worker was reaped (then ``worker.lost``).
        `owner` is the run id whose claims a reaper releases and fences if this worker dies.
        """
        popped = self.worker.pop()
        if popped is None:
            return None
        # Killed before this, the worker's last run (committed) is the one a reaper fences.
        self.worker.owner = owner
        if not self.worker.register(member_only=True):
            return None
        token, member = popped
        return token, text(member)

    def done(self, token: str, source: str, *, committed: bool) -> None:
        """Drop `source` from this worker's in-flight hash; `committed`: never queue it again."""
        k, worker = self.keys, self.worker
        self._done(
            keys=[k.inflight(worker.id), k.inflight_scores(worker.id), k.import_done],
            args=[token, source if committed else ""],
        )
        worker.mark_processed(token)
