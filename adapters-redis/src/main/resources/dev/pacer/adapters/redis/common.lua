-- Helpers prepended to every Pacer script. Times are Redis server time: milliseconds since the
-- epoch for due times and lease expiry, microseconds for the order of dead letters.

local function server_now_ms()
  local time = redis.call('TIME')
  return tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end

local function server_now_micros()
  local time = redis.call('TIME')
  return tonumber(time[1]) * 1000000 + tonumber(time[2])
end

-- A lease is held only while its token is the current one and it has not expired, so an expired
-- lease is rejected even before a claim has handed the conversation to someone else.
local function lease_held(lease_key, leased_key, member, token, now)
  if redis.call('HGET', lease_key, member) ~= token then
    return false
  end
  local expiry = redis.call('ZSCORE', leased_key, member)
  return expiry ~= false and tonumber(expiry) > now
end

-- Returns whether a call with this operation id was applied before. A call that the client sends
-- again after a lost reply finds its id and skips the change it already made.
local function applied_before(operation_key)
  return redis.call('EXISTS', operation_key) == 1
end

-- Records an operation id as applied for ten minutes.
local function mark_applied(operation_key)
  redis.call('SET', operation_key, '1', 'PX', 600000)
end

-- Returns whether the queue's head is the entry the caller handled. kind 'id' matches a message by
-- its id, 'raw' matches an unreadable entry byte for byte, and 'any' matches every head. A head that
-- the caller did not handle means the queue changed behind its lease, as when Redis lost writes.
local function head_is(queue_key, kind, expected)
  local head = redis.call('LINDEX', queue_key, 0)
  if not head then
    return false
  end
  if kind == 'raw' then
    return head == expected
  end
  if kind == 'id' then
    local ok, entry = pcall(cjson.decode, head)
    -- NOTE: a head that cjson cannot decode passes unchecked. Java reads such an entry as a message
    -- only when it was written by hand, with text after the object or an escaped lone surrogate.
    if not ok then
      return true
    end
    return type(entry) == 'table' and entry.id == expected
  end
  if kind == 'any' then
    return true
  end
  error('unknown head check kind: ' .. tostring(kind))
end

-- Adds the conversation to the due set and publishes '<shard>:<due ms>' on the wake-up channel
-- when this moves the shard's earliest due time earlier, so idle instances wake up at once.
local function schedule(due_key, member, due_at, channel, shard)
  local earliest = redis.call('ZRANGE', due_key, 0, 0, 'WITHSCORES')
  redis.call('ZADD', due_key, due_at, member)
  if earliest[2] == nil or tonumber(earliest[2]) > due_at then
    redis.call('PUBLISH', channel, shard .. ':' .. due_at)
  end
end

-- Schedules the conversation unless it is leased or already scheduled, and returns whether it did.
local function schedule_if_idle(due_key, leased_key, member, due_at, channel, shard)
  if redis.call('ZSCORE', leased_key, member) or redis.call('ZSCORE', due_key, member) then
    return false
  end
  schedule(due_key, member, due_at, channel, shard)
  return true
end

-- After the head was removed: renews the lease and returns {'next', head}, or releases the
-- conversation when its queue is empty and returns {'empty', ''}.
local function continue_or_release(queue_key, lease_key, leased_key, convs_key, member, now, ttl)
  local head = redis.call('LINDEX', queue_key, 0)
  if head then
    redis.call('ZADD', leased_key, now + ttl, member)
    return {'next', head}
  end
  redis.call('HDEL', lease_key, member)
  redis.call('ZREM', leased_key, member)
  redis.call('SREM', convs_key, member)
  return {'empty', ''}
end

-- Returns the shard's earliest due time or lease expiry, -1 when it has neither.
local function next_wake(due_key, leased_key)
  local due = redis.call('ZRANGE', due_key, 0, 0, 'WITHSCORES')
  local leased = redis.call('ZRANGE', leased_key, 0, 0, 'WITHSCORES')
  local earliest = -1
  if due[2] then
    earliest = tonumber(due[2])
  end
  if leased[2] and (earliest < 0 or tonumber(leased[2]) < earliest) then
    earliest = tonumber(leased[2])
  end
  return earliest
end
