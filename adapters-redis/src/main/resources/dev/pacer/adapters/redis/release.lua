-- Gives a conversation up without changing its queue; it becomes due at once if it contains messages.
-- KEYS: queue, lease, leased, due, convs
-- ARGV: member, token, wake-up channel, shard
-- Returns {'lost'} | {'released', due ms or -1}

local now = server_now_ms()
if not lease_held(KEYS[2], KEYS[3], ARGV[1], ARGV[2], now) then
  return {'lost'}
end

redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
if redis.call('LLEN', KEYS[1]) == 0 then
  redis.call('SREM', KEYS[5], ARGV[1])
  return {'released', -1}
end
schedule(KEYS[4], ARGV[1], now, ARGV[3], ARGV[4])
return {'released', now}
