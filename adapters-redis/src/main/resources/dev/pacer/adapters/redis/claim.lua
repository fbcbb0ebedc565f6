-- Claims up to max due conversations of one shard, earliest due first. Expired leases count as
-- released: their conversations go back to the due set at their expiry time. Conversations
-- whose queue turns out empty are dropped from the schedule and the conversation index.
--
-- A lease's token is counter * salt range + salt, where the counter is the shard's fence, raised by
-- one per grant, and the salt is a random number below the salt range chosen by the caller for this
-- call. Tokens therefore grow with every grant. When Redis loses its latest writes, the counter
-- goes back and issues its values again, but with another salt, so a worker still holding a lost
-- grant's token does not match the new one. Tokens are decimal strings, because Lua numbers are
-- doubles and tostring() would print a large one in exponent notation.
-- KEYS: due, leased, lease, fence, convs
-- ARGV: max, lease TTL ms, shard key base (the prefix with the shard's hash tag), token salt,
--       token salt range
-- Returns {server now ms, next wake ms or -1, member, token, head, member, token, head, ...}

local now = server_now_ms()
local max = tonumber(ARGV[1])
local ttl = tonumber(ARGV[2])
local salt = tonumber(ARGV[4])
local salt_range = tonumber(ARGV[5])

-- A double represents every integer up to 2^53 - 1 exactly, and no token may pass it. The check comes
-- before any write, because Redis does not undo a script's writes when it fails.
local max_counter = math.floor((9007199254740991 - salt_range + 1) / salt_range)
local counter = tonumber(redis.call('GET', KEYS[4]) or '0')
if counter + max > max_counter then
  return redis.error_reply('fence counter ' .. KEYS[4] .. ' is at ' .. string.format('%.0f', counter)
      .. ' and may not pass ' .. string.format('%.0f', max_counter)
      .. ', above which tokens would pass 2^53 - 1, the largest exact integer of a Lua number, so no'
      .. ' lease can be granted on this shard: stop every instance, wait one lease TTL, then delete this key')
end

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
      local token = string.format('%.0f', redis.call('INCR', KEYS[4]) * salt_range + salt)
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
