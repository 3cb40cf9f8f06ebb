"""The Lua scripts of the worker protocol (`RedisWorker`): each one step, atomic in Redis.

The KEYS and ARGV each script takes are in the comment above it; the key names are those of
`newscrawl.run.state.keys.SiteKeys`.
"""

# Move the best queued request into the worker's in-flight hash; {-1} if the worker was reaped.
# KEYS: requests, inflight, inflight-score, busy, seq, workers. ARGV: worker id.
POP = """
if redis.call('HEXISTS', KEYS[6], ARGV[1]) == 0 then return {-1} end
local r = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #r == 0 then return {} end
redis.call('ZREM', KEYS[1], r[1])
local token = redis.call('INCR', KEYS[5])
redis.call('HSET', KEYS[2], token, r[1])
redis.call('HSET', KEYS[3], token, r[2])
redis.call('HSET', KEYS[4], ARGV[1], '1')
return {token, r[1]}
"""

# Join as busy; with ARGV[3] '1', only if still a member (new info for a live worker), else 0.
# KEYS: heartbeats, workers, busy. ARGV: worker id, JSON info, '1' or ''.
REGISTER = """
if ARGV[3] == '1' and redis.call('HEXISTS', KEYS[2], ARGV[1]) == 0 then return 0 end
local t = redis.call('TIME')
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[1], t[1] + t[2] / 1000000, ARGV[1])
redis.call('HSET', KEYS[3], ARGV[1], '1')
return 1
"""

# Refresh the heartbeat (and busy flag); 0 if the worker was reaped.
# KEYS: heartbeats, workers, busy. ARGV: worker id, '1'/'0'/'' (busy, idle, unchanged).
HEARTBEAT = """
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 0 then return 0 end
local t = redis.call('TIME')
redis.call('ZADD', KEYS[1], t[1] + t[2] / 1000000, ARGV[1])
if ARGV[2] ~= '' then redis.call('HSET', KEYS[3], ARGV[1], ARGV[2]) end
return 1
"""

# List the workers silent for ARGV[1] seconds: id, JSON info, ...
# KEYS: heartbeats, workers. ARGV: timeout.
STALE = """
local t = redis.call('TIME')
local now = t[1] + t[2] / 1000000
local out = {}
local ws = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[1]))
for _, w in ipairs(ws) do
  out[#out + 1] = w
  out[#out + 1] = redis.call('HGET', KEYS[2], w) or '{}'
end
return out
"""

# Requeue a silent worker's in-flight requests, release and fence its claims, unregister it;
# -1 if it beat within the timeout. KEYS: heartbeats, workers, busy, requests, inflight,
# inflight-score, claims, claims:<owner>, fenced. ARGV: worker id, timeout, owner, default score.
REAP = """
local t = redis.call('TIME')
local now = t[1] + t[2] / 1000000
local hb = redis.call('ZSCORE', KEYS[1], ARGV[1])
if hb and now - tonumber(hb) < tonumber(ARGV[2]) then return -1 end
local tokens = redis.call('HGETALL', KEYS[5])
local n = 0
for i = 1, #tokens, 2 do
  local score = redis.call('HGET', KEYS[6], tokens[i]) or ARGV[4]
  redis.call('ZADD', KEYS[4], score, tokens[i + 1])
  n = n + 1
end
redis.call('DEL', KEYS[5], KEYS[6])
if ARGV[3] ~= '' then
  local keys = redis.call('SMEMBERS', KEYS[8])
  for _, key in ipairs(keys) do
    if redis.call('HGET', KEYS[7], key) == ARGV[3] then redis.call('HDEL', KEYS[7], key) end
  end
  redis.call('DEL', KEYS[8])
  redis.call('SADD', KEYS[9], ARGV[3])
end
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
return n
"""

# Mark the worker idle; 1 when the queue is empty and every other worker is idle and beating
# (one silent for ARGV[2] seconds may be dead: wait until it is reaped).
# KEYS: requests, heartbeats, busy. ARGV: worker id, seconds of silence that make a worker suspect.
FINISHED = """
if redis.call('ZCARD', KEYS[1]) > 0 then return 0 end
redis.call('HSET', KEYS[3], ARGV[1], '0')
local t = redis.call('TIME')
local now = t[1] + t[2] / 1000000
local ws = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
for i = 1, #ws, 2 do
  if ws[i] ~= ARGV[1] then
    if now - tonumber(ws[i + 1]) >= tonumber(ARGV[2]) then return 0 end
    if redis.call('HGET', KEYS[3], ws[i]) == '1' then return 0 end
  end
end
return 1
"""

# Requeue the given tokens, drop the in-flight hashes, unregister; the last worker to leave an
# empty queue deletes the dupefilter. KEYS: heartbeats, workers, busy, inflight, inflight-score,
# requests, dupefilter. ARGV: worker id, tokens to requeue ...
LEAVE = """
local n = 0
for i = 2, #ARGV do
  local blob = redis.call('HGET', KEYS[4], ARGV[i])
  if blob then
    redis.call('ZADD', KEYS[6], redis.call('HGET', KEYS[5], ARGV[i]) or '0', blob)
    n = n + 1
  end
end
redis.call('DEL', KEYS[4], KEYS[5])
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
if redis.call('HLEN', KEYS[2]) == 0 and redis.call('ZCARD', KEYS[6]) == 0 then
  redis.call('DEL', KEYS[7])
end
return n
"""

# Queue the members not done and not queued this round, in the order given (after those queued
# already); return how many were queued. KEYS: queue, round set, done set. ARGV: members ...
ENQUEUE = """
local base = redis.call('SCARD', KEYS[2])
local n = 0
for i = 1, #ARGV do
  local m = ARGV[i]
  if redis.call('SISMEMBER', KEYS[3], m) == 0 and redis.call('SADD', KEYS[2], m) == 1 then
    redis.call('ZADD', KEYS[1], base + i, m)
    n = n + 1
  end
end
return n
"""

# Drop a popped member from the worker's in-flight hashes; with ARGV[2], add it to the done set.
# KEYS: inflight, inflight-score, done set. ARGV: token, member or ''.
DONE = """
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
if ARGV[2] ~= '' then redis.call('SADD', KEYS[3], ARGV[2]) end
return 1
"""
