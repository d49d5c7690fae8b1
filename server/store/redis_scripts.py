"""The Redis backend's Lua scripts: each check-then-write runs whole inside Redis, so it is
atomic among every process on the server and costs one round trip. Every script touches only
the keys of one session (one hash tag) or one single key, so it would run on a Redis Cluster.

Key layout (`{s}` is the session id as a hash tag: all of a session's keys share a slot):

    rt:{s}:log      list    the payloads; event seq n is at index n - 1, LLEN is the version
    rt:{s}:cmds     hash    command id -> "first:last" (first > last: it produced no event)
    rt:{s}:epoch    string  the lease epoch, an integer that only ever rises (no expiry)
    rt:{s}:lease    string  the lease holder's token, expiring after its ttl (PX)
    rt:{s}:snap     hash    version, schema, payload of the newest snapshot
    rt:code:<code>  string  the id of the session that holds the join code
    rt:alarms       zset    session id scored by when its timer is due (ms since the epoch)
    rt:secret       string  the role-token key, made once (SET NX)

Each script is safe to run twice (redis-py retries once on a dropped connection): an append
that did commit is then refused as a duplicate, a lease or code its holder already has is
confirmed."""

APPEND = """
-- KEYS: log, cmds, epoch.
-- ARGV: expected version, fence ("" for none), then per command: id, n, its n payloads.
-- Checks in order, before any write: a stored command id -> {"duplicate", "first:last"};
-- a fence that is not the epoch -> {"fenced", epoch}; a log not at the expected version
-- -> {"conflict", version}. Otherwise appends every payload and each command's range
-- and returns {"ok", new version}.
local CHUNK = 1000  -- values per RPUSH: unpack() fails past Lua's stack limit (~8,000)
local i = 3
while i <= #ARGV do
  local done = redis.call('HGET', KEYS[2], ARGV[i])
  if done then return {'duplicate', done} end
  i = i + 2 + tonumber(ARGV[i + 1])
end
if ARGV[2] ~= '' then
  local epoch = redis.call('GET', KEYS[3]) or '0'
  if epoch ~= ARGV[2] then return {'fenced', epoch} end
end
local version = redis.call('LLEN', KEYS[1])
if version ~= tonumber(ARGV[1]) then return {'conflict', version} end
i = 3
while i <= #ARGV do
  local n = tonumber(ARGV[i + 1])
  local last = i + 1 + n
  for from = i + 2, last, CHUNK do
    redis.call('RPUSH', KEYS[1], unpack(ARGV, from, math.min(from + CHUNK - 1, last)))
  end
  redis.call('HSET', KEYS[2], ARGV[i], (version + 1) .. ':' .. (version + n))
  version = version + n
  i = i + 2 + n
end
return {'ok', version}
"""

ACQUIRE_LEASE = """
-- KEYS: lease, epoch. ARGV: holder, ttl_ms.
-- Held by this holder: renewed, returns the current epoch. Free: taken with SET NX PX and the
-- epoch raised (in the same script, so no holder ever shares an epoch with the one before).
-- Held by another: nil.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return tonumber(redis.call('GET', KEYS[2]) or '0')
end
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return redis.call('INCR', KEYS[2])
end
return false
"""

RENEW_LEASE = """
-- KEYS: lease. ARGV: holder, ttl_ms. 1 if renewed, 0 if the holder no longer holds it.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
"""

DELETE_IF_EQUAL = """
-- KEYS: key. ARGV: value. Deletes the key only while it holds that value (release a lease
-- or a join code only by its own holder); returns how many keys were deleted.
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""

CLAIM = """
-- KEYS: key. ARGV: value. 1 if the key now holds the value (set now, or already), 0 if it
-- holds another.
local held = redis.call('GET', KEYS[1])
if not held then
  redis.call('SET', KEYS[1], ARGV[1])
  return 1
end
if held == ARGV[1] then return 1 end
return 0
"""

SAVE_SNAPSHOT = """
-- KEYS: snap. ARGV: version, schema, payload. Kept unless the snapshot there is at a higher
-- version (a slower process must not set it back); 1 if saved.
local kept = redis.call('HGET', KEYS[1], 'version')
if kept and tonumber(kept) > tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'version', ARGV[1], 'schema', ARGV[2], 'payload', ARGV[3])
return 1
"""

CLEAR_ALARM = """
-- KEYS: alarms. ARGV: session id, at_ms. Removes the session's alarm only while it is still
-- due at at_ms; returns how many were removed.
local due = redis.call('ZSCORE', KEYS[1], ARGV[1])
if due and tonumber(due) == tonumber(ARGV[2]) then return redis.call('ZREM', KEYS[1], ARGV[1]) end
return 0
"""
