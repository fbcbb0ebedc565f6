-- Removes the answered head, appends both turns to the history, and continues with the next
-- head under the renewed lease or releases the conversation. Changes nothing when the head is not
-- the answered message, unless this operation was applied before.
-- KEYS: queue, lease, leased, convs, history, operation
-- ARGV: member, token, lease TTL ms, user turn JSON, assistant turn JSON, history limit,
--       history retention ms, head check kind, expected head (see head_is)
-- Returns {'lost'} | {'not_head'} | {'next', head} | {'empty', ''}

local now = server_now_ms()
if not lease_held(KEYS[2], KEYS[3], ARGV[1], ARGV[2], now) then
  return {'lost'}
end

if not applied_before(KEYS[6]) then
  if not head_is(KEYS[1], ARGV[8], ARGV[9]) then
    return {'not_head'}
  end
  mark_applied(KEYS[6])
  redis.call('LPOP', KEYS[1])
  local limit = tonumber(ARGV[6])
  if limit > 0 then
    redis.call('RPUSH', KEYS[5], ARGV[4], ARGV[5])
    redis.call('LTRIM', KEYS[5], -limit, -1)
    redis.call('PEXPIRE', KEYS[5], ARGV[7])
  end
end

return continue_or_release(KEYS[1], KEYS[2], KEYS[3], KEYS[4], ARGV[1], now, tonumber(ARGV[3]))
