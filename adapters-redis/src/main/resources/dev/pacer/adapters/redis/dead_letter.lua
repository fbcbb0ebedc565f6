-- Moves the head to the shard's dead letters, evicts the shard's oldest dead letters beyond its
-- cap, and continues with the next head under the renewed lease or releases the conversation.
-- Changes nothing when the head is not the dead-lettered entry, unless this operation was applied
-- before.
-- KEYS: queue, lease, leased, convs, dead letters, dead-letter order, operation
-- ARGV: member, token, lease TTL ms, dead-letter id, dead-letter JSON, cap per shard,
--       head check kind, expected head (see head_is)
-- Returns {'lost'} | {'not_head'} | {'next', head, evicted id...} | {'empty', '', evicted id...}

local now = server_now_ms()
if not lease_held(KEYS[2], KEYS[3], ARGV[1], ARGV[2], now) then
  return {'lost'}
end

local evicted = {}
if not applied_before(KEYS[7]) then
  if not head_is(KEYS[1], ARGV[7], ARGV[8]) then
    return {'not_head'}
  end
  mark_applied(KEYS[7])
  redis.call('LPOP', KEYS[1])
  redis.call('HSET', KEYS[5], ARGV[4], ARGV[5])
  redis.call('ZADD', KEYS[6], server_now_micros(), ARGV[4])

  local excess = redis.call('ZCARD', KEYS[6]) - tonumber(ARGV[6])
  if excess > 0 then
    evicted = redis.call('ZRANGE', KEYS[6], 0, excess - 1)
    for _, id in ipairs(evicted) do
      redis.call('HDEL', KEYS[5], id)
      redis.call('ZREM', KEYS[6], id)
    end
  end
end

local result = continue_or_release(KEYS[1], KEYS[2], KEYS[3], KEYS[4], ARGV[1], now, tonumber(ARGV[3]))
for _, id in ipairs(evicted) do
  table.insert(result, id)
end
return result
