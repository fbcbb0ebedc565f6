-- Deletes one dead letter.
-- KEYS: dead letters, dead-letter order
-- ARGV: dead-letter id
-- Returns 1, or 0 when no dead letter has this id.

redis.call('ZREM', KEYS[2], ARGV[1])
return redis.call('HDEL', KEYS[1], ARGV[1])
