-- Extends a held lease by its TTL from now.
-- KEYS: lease, leased
-- ARGV: member, token, lease TTL ms
-- Returns 1, or 0 when the lease is no longer held.

local now = server_now_ms()
if not lease_held(KEYS[1], KEYS[2], ARGV[1], ARGV[2], now) then
  return 0
end
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[3]), ARGV[1])
return 1
