-- Appends a message to its conversation's queue unless its id was accepted before or the queue
-- is full, and makes the conversation due now unless it is leased or already due.
-- KEYS: queue, accepted id, due, leased, convs
-- ARGV: member, entry JSON, max queued, id TTL ms, wake-up channel, shard
-- Returns {'duplicate', first position} | {'full'} | {'accepted', position, due ms or -1}

local seen = redis.call('GET', KEYS[2])
if seen then
  return {'duplicate', tonumber(seen)}
end
if redis.call('LLEN', KEYS[1]) >= tonumber(ARGV[3]) then
  return {'full'}
end

local position = redis.call('RPUSH', KEYS[1], ARGV[2])
redis.call('SET', KEYS[2], position, 'PX', ARGV[4])
redis.call('SADD', KEYS[5], ARGV[1])

local now = server_now_ms()
if schedule_if_idle(KEYS[3], KEYS[4], ARGV[1], now, ARGV[5], ARGV[6]) then
  return {'accepted', position, now}
end
return {'accepted', position, -1}
