-- Removes the answered head, appends both turns to the history, and continues with the next
-- head under the renewed lease or releases the conversation.
-- KEYS: queue, lease, leased, convs, history, operation
-- ARGV: member, token, lease TTL ms, user turn JSON, assistant turn JSON, history limit,
--       history retention ms
-- Returns {'lost'} | {'next', head} | {'empty', ''}

local now = server_now_ms()
if not lease_held(KEYS[2], KEYS[3], ARGV[1], ARGV[2], now) then
  return {'lost'}
end

if first_attempt(KEYS[6]) then
  redis.call('LPOP', KEYS[1])
  local limit = tonumber(ARGV[6])
  if limit > 0 then
    redis.call('RPUSH', KEYS[5], ARGV[4], ARGV[5])
    redis.call('LTRIM', KEYS[5], -limit, -1)
    redis.call('PEXPIRE', KEYS[5], ARGV[7])
  end
end

return continue_or_release(KEYS[1], KEYS[2], KEYS[3], KEYS[4], ARGV[1], now, tonumber(ARGV[3]))
