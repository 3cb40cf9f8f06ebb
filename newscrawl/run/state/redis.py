"""The Redis run-state back-end: one shared state for every worker of a distributed crawl.

The keys of a site (``newscrawl:{<site>}:exported``, ``…:claims``, …) are laid out in
`newscrawl.run.state.keys`, shared with the distributed crawl.

Every lookup is one round trip (``HMGET`` or one Lua script) however many keys it takes; every
write is one Lua script, so it is atomic: `commit_file` records a whole file or nothing, and is
idempotent. Claims are kept after a commit until their owner releases them, so a worker that
checked `exported` just before another worker committed the same article is still refused.
"""

from __future__ import annotations

import dataclasses
import hashlib
from typing import TYPE_CHECKING, Any

import orjson
import redis

from newscrawl.exceptions import StateError
from newscrawl.run.state.base import SCHEMA_VERSION, ExportRecord, RunState, Watermark
from newscrawl.run.state.keys import KEY_PREFIX, SiteKeys
from newscrawl.run.state.keys import site_prefix as site_prefix

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from newscrawl.run.state.base import LshKeys, UrlKeys

_COMMIT_FILE = """
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 0 end
local i = 2
local n = tonumber(ARGV[i]); i = i + 1
for _ = 1, n do
  local id, rec, sig, bh = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
  i = i + 4
  redis.call('HSET', KEYS[2], id, rec)
  if sig ~= '' then redis.call('HSET', KEYS[3], id, sig) end
  if bh ~= '' then redis.call('HSET', KEYS[5], bh, id) end
end
n = tonumber(ARGV[i]); i = i + 1
for _ = 1, n do
  redis.call('HSET', KEYS[4], ARGV[i], ARGV[i + 1])
  i = i + 2
end
n = tonumber(ARGV[i]); i = i + 1
for _ = 1, n do
  local id = ARGV[i]
  local k = tonumber(ARGV[i + 1])
  i = i + 2
  for _ = 1, k do
    local band = ARGV[i]
    i = i + 1
    local cur = redis.call('HGET', KEYS[6], band)
    if not cur then
      redis.call('HSET', KEYS[6], band, id)
    elseif not string.find(',' .. cur .. ',', ',' .. id .. ',', 1, true) then
      redis.call('HSET', KEYS[6], band, cur .. ',' .. id)
    end
  end
end
redis.call('SADD', KEYS[1], ARGV[1])
return 1
"""

_NEAR_CANDIDATES = """
local seen = {}
local out = {}
for _, band in ipairs(ARGV) do
  local cur = redis.call('HGET', KEYS[1], band)
  if cur then
    for id in string.gmatch(cur, '[^,]+') do
      if not seen[id] then
        seen[id] = true
        out[#out + 1] = id
        out[#out + 1] = redis.call('HGET', KEYS[2], id) or ''
      end
    end
  end
end
return out
"""

_TOUCH = """
for i = 1, #ARGV, 2 do
  local raw = redis.call('HGET', KEYS[1], ARGV[i])
  if raw then
    local rec = cjson.decode(raw)
    rec['fetched_at'] = ARGV[i + 1]
    redis.call('HSET', KEYS[1], ARGV[i], cjson.encode(rec))
  end
end
return 1
"""

_CLAIM = """
if redis.call('SISMEMBER', KEYS[3], ARGV[1]) == 1 then
  local all = {}
  for i = 2, #ARGV do all[#all + 1] = ARGV[i] end
  return all
end
local refused = {}
for i = 2, #ARGV do
  local cur = redis.call('HGET', KEYS[1], ARGV[i])
  if cur and cur ~= ARGV[1] then refused[#refused + 1] = ARGV[i] end
end
if #refused > 0 then return refused end
for i = 2, #ARGV do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[1])
  redis.call('SADD', KEYS[2], ARGV[i])
end
return refused
"""

_RELEASE = """
local keys = redis.call('SMEMBERS', KEYS[2])
for _, key in ipairs(keys) do
  if redis.call('HGET', KEYS[1], key) == ARGV[1] then redis.call('HDEL', KEYS[1], key) end
end
redis.call('DEL', KEYS[2])
return #keys
"""

_RECORD_FIELDS = tuple(f.name for f in dataclasses.fields(ExportRecord) if f.name != "signature")


def connect(url: str) -> redis.Redis:
    """Return a Redis client for `url` (bytes responses), checked with a PING."""
    try:
        client = redis.Redis.from_url(
            url, socket_timeout=30, socket_connect_timeout=10, retry_on_timeout=True
        )
        client.ping()
    except (redis.RedisError, ValueError) as exc:
        raise StateError(f"cannot use redis at {_redact(url)}: {exc}") from exc
    return client


def _redact(url: str) -> str:
    """Hide a password in a Redis URL for messages."""
    if "@" not in url:
        return url
    scheme, _, rest = url.partition("://")
    return f"{scheme}://***@{rest.rpartition('@')[2]}"


def band_digest(band: bytes) -> bytes:
    """Return the 16-byte digest under which an LSH band key is stored (a band is 201 bytes)."""
    return hashlib.blake2b(band, digest_size=16).digest()


def _text(value: bytes | str) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value


class RedisRunState(RunState):
    """Keep a site's run state in Redis, shared by every worker that uses the same URL.

    Settings: NEWSCRAWL_REDIS_URL (selects this back-end through `open_state`).
    """

    def __init__(self, url: str, site: str, *, prefix: str = KEY_PREFIX) -> None:
        self.site = site
        self.url = url
        self.redis = connect(url)
        self.keys = keys = SiteKeys(site, prefix)
        self.prefix = keys.prefix
        self.k_exported = keys.exported
        self.k_sig = keys.sig
        self.k_urls = keys.urls
        self.k_bodies = keys.bodies
        self.k_lsh = keys.lsh
        self.k_watermarks = keys.watermarks
        self.k_files = keys.files
        self.k_claims = keys.claims
        self.k_fenced = keys.fenced
        self.k_schema = keys.schema
        try:
            self._commit_file = self.redis.register_script(_COMMIT_FILE)
            self._near = self.redis.register_script(_NEAR_CANDIDATES)
            self._touch = self.redis.register_script(_TOUCH)
            self._claim = self.redis.register_script(_CLAIM)
            self._release = self.redis.register_script(_RELEASE)
            self.redis.set(self.k_schema, SCHEMA_VERSION, nx=True)
            version = int(self.redis.get(self.k_schema) or SCHEMA_VERSION)
            if version == 1:
                # Schema 2 only added fields to the watermark JSON (read with defaults).
                self.redis.set(self.k_schema, SCHEMA_VERSION)
                version = SCHEMA_VERSION
        except redis.RedisError as exc:
            raise self._error(exc) from exc
        if version != SCHEMA_VERSION:
            raise StateError(
                f"redis state of {site} at {_redact(url)} has schema {version}, "
                f"this newscrawl reads {SCHEMA_VERSION}"
            )

    def _error(self, exc: Exception) -> StateError:
        return StateError(f"redis state of {self.site} at {_redact(self.url)}: {exc}")

    def _call(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except redis.RedisError as exc:
            raise self._error(exc) from exc

    # ------------------------------------------------------------------ lookups

    def exported(self, ids: Iterable[str]) -> dict[str, ExportRecord]:
        keys = list(dict.fromkeys(ids))
        if not keys:
            return {}
        pipe = self.redis.pipeline(transaction=False)
        pipe.hmget(self.k_exported, keys)
        pipe.hmget(self.k_sig, keys)
        records, sigs = self._call(pipe.execute)
        out: dict[str, ExportRecord] = {}
        for key, raw, sig in zip(keys, records, sigs, strict=True):
            if raw is None:
                continue
            data = orjson.loads(raw)
            out[key] = ExportRecord(
                **{name: data.get(name) for name in _RECORD_FIELDS}, signature=sig or b""
            )
        return out

    def known_urls(self, url_keys: Iterable[str]) -> dict[str, str]:
        return self._hmget(self.k_urls, url_keys)

    def body_hashes(self, hashes: Iterable[str]) -> dict[str, str]:
        return self._hmget(self.k_bodies, hashes)

    def _hmget(self, key: str, fields: Iterable[str]) -> dict[str, str]:
        names = list(dict.fromkeys(fields))
        if not names:
            return {}
        values = self._call(self.redis.hmget, key, names)
        return {n: _text(v) for n, v in zip(names, values, strict=True) if v is not None}

    def near_candidates(self, keys: Sequence[bytes]) -> dict[str, bytes]:
        if not keys:
            return {}
        bands = [band_digest(key) for key in keys]
        flat = self._call(self._near, keys=[self.k_lsh, self.k_sig], args=bands)
        return {_text(flat[i]): bytes(flat[i + 1]) for i in range(0, len(flat), 2)}

    def watermarks(self, sources: Iterable[str]) -> dict[str, Watermark]:
        raw = self._hmget(self.k_watermarks, sources)
        return {source: Watermark(**orjson.loads(value)) for source, value in raw.items()}

    def committed_files(self) -> set[str]:
        return {_text(name) for name in self._call(self.redis.smembers, self.k_files)}

    def count(self) -> int:
        return int(self._call(self.redis.hlen, self.k_exported))

    # ------------------------------------------------------------------ writes

    def commit_file(
        self, file: str, records: Sequence[ExportRecord], url_keys: UrlKeys, lsh: LshKeys
    ) -> None:
        args: list[Any] = [file, len(records)]
        for record in records:
            data = {name: getattr(record, name) for name in _RECORD_FIELDS}
            args += [record.id, orjson.dumps(data), record.signature, record.body_hash]
        args.append(len(url_keys))
        for url_key, article_id in url_keys.items():
            args += [url_key, article_id]
        args.append(len(lsh))
        for article_id, bands in lsh.items():
            args += [article_id, len(bands), *(band_digest(band) for band in bands)]
        keys = [self.k_files, self.k_exported, self.k_sig, self.k_urls, self.k_bodies, self.k_lsh]
        self._call(self._commit_file, keys=keys, args=args)

    def touch(self, fetched: Mapping[str, str]) -> None:
        if not fetched:
            return
        args = [part for pair in fetched.items() for part in pair]
        self._call(self._touch, keys=[self.k_exported], args=args)

    def set_watermarks(self, marks: Iterable[Watermark]) -> None:
        mapping = {m.source: orjson.dumps(dataclasses.asdict(m)) for m in marks}
        if mapping:
            self._call(self.redis.hset, self.k_watermarks, mapping=mapping)

    def claim(self, keys: Sequence[str], owner: str) -> list[str]:
        if not keys:
            return []
        refused = self._call(
            self._claim,
            keys=[self.k_claims, self._owner_key(owner), self.k_fenced],
            args=[owner, *keys],
        )
        return [_text(key) for key in refused]

    def release(self, owner: str) -> None:
        self._call(self._release, keys=[self.k_claims, self._owner_key(owner)], args=[owner])

    def claims_of(self, owner: str) -> set[str]:
        """Return the claim keys `owner` holds (for monitoring and tests)."""
        return {_text(k) for k in self._call(self.redis.smembers, self._owner_key(owner))}

    def _owner_key(self, owner: str) -> str:
        return self.keys.owner_claims(owner)

    def reset(self) -> int:
        """Delete the whole state of this site; return the number of keys deleted."""
        pattern = self.keys.pattern
        names = self._call(lambda: list(self.redis.scan_iter(match=pattern, count=1000)))
        if names:
            self._call(self.redis.delete, *names)
        return len(names)

    def close(self) -> None:
        self.redis.close()
