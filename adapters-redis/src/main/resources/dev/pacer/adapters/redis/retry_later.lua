-- Replaces the head with its failed copy, releases the lease and makes the conversation due
-- again after the backoff. Changes nothing when the head is not the failed message.
-- KEYS: queue, lease, leased, due
-- ARGV: member, token, entry JSON, backoff ms, wake-up channel, shard, head check kind,
--       expected head (see head_is)
-- Returns {'lost'} | {'not_head'} | {'scheduled', due ms}

local now = server_now_ms()
if not lease_held(KEYS[2], KEYS[3], ARGV[1], ARGV[2], now) then
  return {'lost'}
end
if not head_is(KEYS[1], ARGV[7], ARGV[8]) then
  return {'not_head'}
end

redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('LSET', KEYS[1], 0, ARGV[3])
local due_at = now + tonumber(ARGV[4])
schedule(KEYS[4], ARGV[1], due_at, ARGV[5], ARGV[6])
return {'scheduled', due_at}
