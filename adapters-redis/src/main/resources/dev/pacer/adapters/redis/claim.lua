-- Claims up to max due conversations of one shard, earliest due first. Expired leases count as
-- released: their conversations go back to the due set at their expiry time. Conversations
-- whose queue turns out empty are dropped from the schedule and the conversation index.
-- KEYS: due, leased, lease, fence, convs
-- ARGV: max, lease TTL ms, shard key base (the prefix with the shard's hash tag)
-- Returns {server now ms, next wake ms or -1, member, token, head, member, token, head, ...}

local now = server_now_ms()
local max = tonumber(ARGV[1])
local ttl = tonumber(ARGV[2])

local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'WITHSCORES', 'LIMIT', 0, 1000)
for i = 1, #expired, 2 do
  redis.call('ZREM', KEYS[2], expired[i])
  redis.call('HDEL', KEYS[3], expired[i])
  redis.call('ZADD', KEYS[1], expired[i + 1], expired[i])
end

local result = {now, -1}
local claimed = 0
while claimed < max do
  local picks = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, max - claimed)
  if #picks == 0 then
    break
  end
  for _, member in ipairs(picks) do
    redis.call('ZREM', KEYS[1], member)
    local head = redis.call('LINDEX', ARGV[3] .. 'q:' .. member, 0)
    if head then
      local token = redis.call('INCR', KEYS[4])
      redis.call('HSET', KEYS[3], member, token)
      redis.call('ZADD', KEYS[2], now + ttl, member)
      table.insert(result, member)
      table.insert(result, token)
      table.insert(result, head)
      claimed = claimed + 1
    else
      redis.call('SREM', KEYS[5], member)
    end
  end
end

result[2] = next_wake(KEYS[1], KEYS[2])
return result
