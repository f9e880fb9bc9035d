-- Reads a topic's history after a position and, when asked, publishes a seam marker in the same
-- atomic step: every publication up to the returned offset reaches a subscribed node before the
-- marker, every later one after it.
-- KEYS[1] history stream, KEYS[2] meta hash
-- ARGV[1] the epoch of the position ('' for none), ARGV[2] its offset, ARGV[3] most entries,
-- ARGV[4] a fresh epoch, used if the channel has none, ARGV[5] time-to-live in seconds,
-- ARGV[6] PUB/SUB channel for the marker ('' for none), ARGV[7] the marker, ARGV[8] '1' to send
-- the marker by SPUBLISH (ARGV[6] is then the sharded channel), '0' by PUBLISH
local epoch = redis.call('HGET', KEYS[2], 'e')
local offset = 0
if not epoch then
  -- Fix the epoch now, so a subscriber's position names this history when it comes back.
  epoch = ARGV[4]
  redis.call('DEL', KEYS[1])
  redis.call('HSET', KEYS[2], 'e', epoch, 'o', 0)
  redis.call('EXPIRE', KEYS[2], ARGV[5])
else
  offset = tonumber(redis.call('HGET', KEYS[2], 'o') or '0')
end
local first = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)
local firstOffset = offset + 1
if #first > 0 then
  firstOffset = tonumber(string.match(first[1][1], '^(%d+)'))
end
local entries = {}
local limit = tonumber(ARGV[3])
if limit > 0 then
  local start = '-'
  if ARGV[1] == epoch then
    start = (tonumber(ARGV[2]) + 1) .. '-0'
  end
  entries = redis.call('XRANGE', KEYS[1], start, '+', 'COUNT', limit)
end
if ARGV[6] ~= '' then
  if ARGV[8] == '1' then
    redis.call('SPUBLISH', ARGV[6], ARGV[7])
  else
    redis.call('PUBLISH', ARGV[6], ARGV[7])
  end
end
return {epoch, offset, firstOffset, entries}
