import { createHash } from 'node:crypto';

// The Lua scripts of the Redis stores. Each request's whole decision is ONE script (one EVALSHA), which Redis
// runs atomically, so replicas sharing a Redis cannot interleave between check and consume.
// WARNING: rate.check and rate.adjust copy gcra.ts's arithmetic line by line; change both together (the
// contract suite runs the same cases against both). Numbers written back go through string.format('%.17g')
// (a Lua number passed to redis.call is formatted with 14 digits, which would lose precision), and integer
// amounts stay strings end to end (HINCRBY), so nano-USD sums are exact in Redis' int64.

export interface Script {
  lua: string;
  sha: string;
}

function script(lua: string): Script {
  return { lua, sha: createHash('sha1').update(lua).digest('hex') };
}

/** KEYS: one per rule. ARGV: now, then limit, windowMs, cost per rule. Returns {allowed, denied (1-based), retryMs, remaining, resetMs, ...}. */
export const RATE_CHECK = script(`
local now = tonumber(ARGV[1])
local n = #KEYS
local base, nxt, lim, win = {}, {}, {}, {}
local denied, retry = 0, 0
for i = 1, n do
  local limit, window, cost = tonumber(ARGV[3 * i - 1]), tonumber(ARGV[3 * i]), tonumber(ARGV[3 * i + 1])
  local t = window / limit
  local tat = now
  local v = redis.call('GET', KEYS[i])
  if v then tat = math.max(tonumber(v), now) end
  local nt = tat + cost * t
  local wait = nt - now - window
  if wait > 0 then
    if denied == 0 then denied = i end
    if cost > limit then wait = window end
    retry = math.max(retry, wait)
  end
  base[i], nxt[i], lim[i], win[i] = tat, nt, limit, window
end
local out = { denied == 0 and 1 or 0, denied, math.ceil(retry) }
for i = 1, n do
  local tat = base[i]
  if denied == 0 then
    tat = nxt[i]
    if tat > now then redis.call('SET', KEYS[i], string.format('%.17g', tat), 'PX', math.ceil(tat - now)) end
  end
  local t = win[i] / lim[i]
  out[#out + 1] = math.min(lim[i], math.max(0, math.floor((win[i] - (tat - now)) / t)))
  out[#out + 1] = math.max(0, math.ceil(tat - now))
end
return out
`);

/** KEYS: one per rule. ARGV: now, then limit, windowMs, delta per rule. */
export const RATE_ADJUST = script(`
local now = tonumber(ARGV[1])
for i = 1, #KEYS do
  local limit, window, delta = tonumber(ARGV[3 * i - 1]), tonumber(ARGV[3 * i]), tonumber(ARGV[3 * i + 1])
  local tat = now
  local v = redis.call('GET', KEYS[i])
  if v then tat = math.max(tonumber(v), now) end
  local nt = tat + delta * (window / limit)
  if nt > now then redis.call('SET', KEYS[i], string.format('%.17g', nt), 'PX', math.ceil(nt - now))
  else redis.call('DEL', KEYS[i]) end
end
return 1
`);

/**
 * KEYS: per scope, its hash (fields s = spent, r = reserved, x:<id> = a reservation's amount) and its zset
 * (reservation id -> expiry). ARGV: now, id, amount, expiresAtMs, purgeBatch, then limit, retentionMs per scope.
 * Returns {1} or {0, scope index (1-based), spent, reserved}.
 */
export const BUDGET_RESERVE = script(`
local now, id, amount = tonumber(ARGV[1]), ARGV[2], ARGV[3]
local need = math.max(tonumber(amount), 1)
local n = #KEYS / 2
for i = 1, n do
  local h, z = KEYS[2 * i - 1], KEYS[2 * i]
  local expired = redis.call('ZRANGEBYSCORE', z, '-inf', now, 'LIMIT', 0, tonumber(ARGV[5]))
  for _, rid in ipairs(expired) do
    local a = redis.call('HGET', h, 'x:' .. rid)
    if a then
      redis.call('HDEL', h, 'x:' .. rid)
      if a ~= '0' then redis.call('HINCRBY', h, 'r', '-' .. a) end
    end
    redis.call('ZREM', z, rid)
  end
  local spent = redis.call('HGET', h, 's') or '0'
  local reserved = redis.call('HGET', h, 'r') or '0'
  if tonumber(spent) + tonumber(reserved) + need > tonumber(ARGV[4 + 2 * i]) then return { 0, i, spent, reserved } end
end
for i = 1, n do
  local h, z = KEYS[2 * i - 1], KEYS[2 * i]
  redis.call('HINCRBY', h, 'r', amount)
  redis.call('HSET', h, 'x:' .. id, amount)
  redis.call('ZADD', z, ARGV[4], id)
  redis.call('PEXPIRE', h, ARGV[5 + 2 * i])
  redis.call('PEXPIRE', z, ARGV[5 + 2 * i])
end
return { 1 }
`);

/** KEYS: hash and zset per scope. ARGV: id, actual, then retentionMs per scope. */
export const BUDGET_SETTLE = script(`
local id, actual = ARGV[1], ARGV[2]
for i = 1, #KEYS / 2 do
  local h, z = KEYS[2 * i - 1], KEYS[2 * i]
  local a = redis.call('HGET', h, 'x:' .. id)
  if a then
    redis.call('HDEL', h, 'x:' .. id)
    if a ~= '0' then redis.call('HINCRBY', h, 'r', '-' .. a) end
    redis.call('ZREM', z, id)
  end
  redis.call('HINCRBY', h, 's', actual)
  redis.call('PEXPIRE', h, ARGV[2 + i])
  redis.call('PEXPIRE', z, ARGV[2 + i])
end
return 1
`);
