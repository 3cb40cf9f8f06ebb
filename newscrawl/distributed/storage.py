"""The feed storage of a worker: complete its output only while it is a member of the crawl."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import IO

import redis

from newscrawl.distributed.worker import RedisWorker, existing_worker
from newscrawl.run.feeds import AtomicFileFeedStorage

logger = logging.getLogger(__name__)

LOST_SUFFIX = ".lost"
"""Suffix of the output of a worker that was reaped while still running (never committed)."""


class RedisFeedStorage(AtomicFileFeedStorage):
    """Complete a feed file only while this worker is still a member of the crawl.

    A worker that the others declared dead (and whose requests they took over) renames its
    part to ``<name>.jsonl.lost`` instead, so its articles are not in the corpus twice. The
    check refreshes the heartbeat, which leaves the worker a full timeout to rename and commit.
    """

    def store(self, file: IO[bytes]) -> None:
        worker = existing_worker(self.crawler) if self.crawler is not None else None
        if worker is not None and (worker.lost or not _still_member(worker)):
            file.flush()
            os.fsync(file.fileno())
            lost = self.part_path.with_name(Path(self.path).name + LOST_SUFFIX)
            self.part_path.replace(lost)
            file.close()
            logger.error("this worker was reaped by the others; its output is left in %s", lost)
            return
        super().store(file)


def _still_member(worker: RedisWorker) -> bool:
    try:
        return worker.heartbeat()
    except redis.RedisError as exc:
        logger.warning("redis check before completing the feed failed: %s", exc)
        return True
