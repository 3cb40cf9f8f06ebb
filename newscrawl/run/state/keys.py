"""The Redis key layout of newscrawl, defined once for the crawl and the run state.

Every key of a site lives under ``<prefix>:{<site>}:`` (``newscrawl:{sana}:…``); the braces are
a Redis Cluster hash tag, so a site's keys share one slot and its Lua scripts stay atomic.

Run state (`newscrawl.state.redis`; kept by ``newscrawl redis reset`` without ``--state``):

================================  ==========================================================
key                               value
================================  ==========================================================
``…:exported``                    hash: article id → JSON `ExportRecord` (without signature)
``…:sig``                         hash: article id → MinHash signature bytes
``…:urls``                        hash: URL key → article id
``…:bodies``                      hash: body hash → article id (every revision's hash)
``…:lsh``                         hash: LSH band key digest → comma-separated article ids
``…:watermarks``                  hash: source URL → JSON `Watermark`
``…:files``                       set: committed output file names
``…:import:done``                 set: WARC sources whose articles ``newscrawl import`` committed
``…:schema``                      string: `SCHEMA_VERSION`
================================  ==========================================================

Crawl round (`newscrawl.distributed`; deleted by ``newscrawl redis reset``):

================================  ==========================================================
``…:requests``                    sorted set: the shared request queue (scrapy-redis)
``…:dupefilter``                  set: request fingerprints seen this round (scrapy-redis)
``…:workers``                     hash: worker id → JSON (owner, host, pid, started)
``…:heartbeats``                  sorted set: worker id by the time of its last heartbeat
``…:busy``                        hash: worker id → ``1`` busy / ``0`` idle
``…:seq``                         string: counter of in-flight tokens
``…:inflight:<worker>``           hash: token → encoded request popped by `worker`
``…:inflight-score:<worker>``     hash: token → its queue score (to put it back)
``…:claims``                      hash: claim key (``id:…``/``body:…``) → owner
``…:claims:<owner>``              set: the claim keys held by one owner (for `release`)
``…:fenced``                      set: owners declared dead: every claim of theirs is refused
``…:import:queue``                sorted set: WARC sources (URLs, paths) ``import`` workers share
``…:import:seen``                 set: WARC sources queued this round (queued at most once)
================================  ==========================================================

This module imports nothing from newscrawl, so the run state (a lower layer) and the
distributed crawl can both use it.
"""

from __future__ import annotations

KEY_PREFIX = "newscrawl"
"""First part of every key (NEWSCRAWL_REDIS_KEY_PREFIX)."""


def site_prefix(site: str, prefix: str = KEY_PREFIX) -> str:
    """Return the key prefix of `site`: ``<prefix>:{<site>}`` (a Redis Cluster hash tag)."""
    safe = site.replace("{", "_").replace("}", "_")
    return f"{prefix}:{{{safe}}}"


def sites_pattern(prefix: str = KEY_PREFIX) -> str:
    """Return the ``SCAN`` pattern that matches the keys of every site under `prefix`."""
    return f"{prefix}:{{*}}:*"


def site_of(key: str) -> str | None:
    """Return the site whose hash tag `key` carries, or None."""
    start = key.find("{")
    end = key.find("}", start)
    if start == -1 or end == -1:
        return None
    return key[start + 1 : end]


class SiteKeys:
    """The Redis keys of one site: its run state and its distributed crawl round."""

    def __init__(self, site: str, prefix: str = KEY_PREFIX) -> None:
        p = site_prefix(site, prefix)
        self.site = site
        self.prefix = p
        # run state
        self.exported = f"{p}:exported"
        self.sig = f"{p}:sig"
        self.urls = f"{p}:urls"
        self.bodies = f"{p}:bodies"
        self.lsh = f"{p}:lsh"
        self.watermarks = f"{p}:watermarks"
        self.files = f"{p}:files"
        self.import_done = f"{p}:import:done"
        self.schema = f"{p}:schema"
        # claims: written by the run state, released by reaping
        self.claims = f"{p}:claims"
        self.fenced = f"{p}:fenced"
        # crawl round
        self.requests = f"{p}:requests"
        self.dupefilter = f"{p}:dupefilter"
        self.workers = f"{p}:workers"
        self.heartbeats = f"{p}:heartbeats"
        self.busy = f"{p}:busy"
        self.seq = f"{p}:seq"
        # import round: the WARC files shared by `newscrawl import` workers
        self.import_queue = f"{p}:import:queue"
        self.import_seen = f"{p}:import:seen"

    @property
    def state(self) -> frozenset[str]:
        """Return the keys of the run state (what a reset without ``--state`` keeps)."""
        return frozenset(
            {
                self.exported,
                self.sig,
                self.urls,
                self.bodies,
                self.lsh,
                self.watermarks,
                self.files,
                self.import_done,
                self.schema,
            }
        )

    @property
    def pattern(self) -> str:
        """Return the ``SCAN`` pattern that matches every key of this site."""
        return f"{self.prefix}:*".replace("{", "\\{").replace("}", "\\}")

    def inflight(self, worker: str) -> str:
        """Return the hash of `worker`'s in-flight requests (token → encoded request)."""
        return f"{self.prefix}:inflight:{worker}"

    def inflight_scores(self, worker: str) -> str:
        """Return the hash of the queue scores of `worker`'s in-flight requests."""
        return f"{self.prefix}:inflight-score:{worker}"

    def owner_claims(self, owner: str) -> str:
        """Return the set of claim keys held by `owner`."""
        return f"{self.claims}:{owner}"


def text(value: bytes | str) -> str:
    """Return a key or member name as Redis returned it (bytes) as a string."""
    return value.decode("utf-8") if isinstance(value, bytes) else value
