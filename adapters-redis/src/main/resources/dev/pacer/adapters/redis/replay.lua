-- Moves a dead letter back to the tail of its conversation's queue and schedules the
-- conversation like an enqueue does.
-- KEYS: dead letters, dead-letter order, queue, due, leased, convs
-- ARGV: dead-letter id, member, entry JSON with attempts reset, wake-up channel, shard
-- Returns {'missing'} | {'requeued', position, due ms or -1}

if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then
  return {'missing'}
end
redis.call('ZREM', KEYS[2], ARGV[1])

local position = redis.call('RPUSH', KEYS[3], ARGV[3])
redis.call('SADD', KEYS[6], ARGV[2])

local now = server_now_ms()
if schedule_if_idle(KEYS[4], KEYS[5], ARGV[2], now, ARGV[4], ARGV[5]) then
  return {'requeued', position, now}
end
return {'requeued', position, -1}
