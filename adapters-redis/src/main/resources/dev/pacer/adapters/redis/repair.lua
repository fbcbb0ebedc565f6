-- Scans one page of the shard's conversation index: conversations that hold messages but are
-- neither due nor leased become due now, and conversations with empty queues leave the index.
-- KEYS: convs, due, leased
-- ARGV: scan cursor, shard key base, page size, wake-up channel, shard
-- Returns {next cursor ('0' when done), repaired count, server now ms}

local page = redis.call('SSCAN', KEYS[1], ARGV[1], 'COUNT', ARGV[3])
local now = server_now_ms()
local repaired = 0
for _, member in ipairs(page[2]) do
  if redis.call('LLEN', ARGV[2] .. 'q:' .. member) == 0 then
    redis.call('SREM', KEYS[1], member)
  elseif not redis.call('ZSCORE', KEYS[2], member) and not redis.call('ZSCORE', KEYS[3], member) then
    schedule(KEYS[2], member, now, ARGV[4], ARGV[5])
    repaired = repaired + 1
  end
end
return {page[1], repaired, now}
