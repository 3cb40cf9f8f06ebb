"""Watch and reset distributed crawls: the library side of ``newscrawl redis``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson

from newscrawl.run.state.keys import KEY_PREFIX, SiteKeys, site_of, sites_pattern, text

if TYPE_CHECKING:
    import redis


def crawl_sites(client: redis.Redis, prefix: str = KEY_PREFIX) -> list[str]:
    """Return the sites that have crawl or state keys under `prefix`."""
    sites: set[str] = set()
    for key in client.scan_iter(match=sites_pattern(prefix), count=1000):
        site = site_of(text(key))
        if site is not None:
            sites.add(site)
    return sorted(sites)


def crawl_status(client: redis.Redis, site: str, prefix: str = KEY_PREFIX) -> dict[str, Any]:
    """Return the progress of `site`'s distributed crawl: queue, workers, exports.

    ``queued``: requests waiting; ``seen``: URLs in this round's dupefilter; ``exported``:
    articles in committed files (all rounds); ``files``: committed files; ``claims``: articles
    being exported now; ``warc_files``: the WARC files of ``newscrawl import --redis``, queued
    and done; ``workers``: id → host, pid, heartbeat age (s), busy, in-flight.
    """
    k = SiteKeys(site, prefix)
    seconds, micros = client.time()
    now = seconds + micros / 1e6
    pipe = client.pipeline(transaction=False)
    pipe.zcard(k.requests)
    pipe.scard(k.dupefilter)
    pipe.hlen(k.exported)
    pipe.scard(k.files)
    pipe.hlen(k.claims)
    pipe.hgetall(k.workers)
    pipe.zrange(k.heartbeats, 0, -1, withscores=True)
    pipe.hgetall(k.busy)
    pipe.zcard(k.import_queue)
    pipe.scard(k.import_done)
    queued, seen, exported, files, claims, infos, beats, busy, warcs, done = pipe.execute()
    workers: dict[str, dict[str, Any]] = {}
    for raw_id, score in beats:
        worker_id = text(raw_id)
        info = orjson.loads(infos.get(raw_id, b"{}"))
        workers[worker_id] = {
            "host": info.get("host"),
            "pid": info.get("pid"),
            "heartbeat_age": round(now - float(score), 1),
            "busy": busy.get(raw_id) == b"1",
            "inflight": int(client.hlen(k.inflight(worker_id))),
        }
    return {
        "site": site,
        "queued": int(queued),
        "seen": int(seen),
        "exported": int(exported),
        "files": int(files),
        "claims": int(claims),
        "warc_files": {"queued": int(warcs), "done": int(done)},
        "workers": workers,
    }


def reset_crawl(
    client: redis.Redis, site: str, *, state: bool = False, prefix: str = KEY_PREFIX
) -> int:
    """Delete `site`'s crawl round (queue, dupefilter, workers, in-flight, claims).

    Return the number of keys deleted. Stop the workers first. With `state`, delete the run
    state too (exported articles, hashes, watermarks), so the next crawl starts from nothing.
    """
    k = SiteKeys(site, prefix)
    keep = frozenset() if state else k.state
    names = [n for n in client.scan_iter(match=k.pattern, count=1000) if text(n) not in keep]
    if names:
        client.delete(*names)
    return len(names)
