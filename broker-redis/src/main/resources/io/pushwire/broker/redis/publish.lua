-- Publishes one publication on a topic, atomically: number it, append it to the bounded history,
-- refresh the time-to-live, and notify the subscribed nodes.
-- KEYS[1] history stream, KEYS[2] meta hash (e = epoch, o = last offset)
-- ARGV[1] PUB/SUB channel, ARGV[2] payload (protocol JSON), ARGV[3] history size (0 = none),
-- ARGV[4] time-to-live in seconds, ARGV[5] a fresh epoch, used if the channel has none,
-- ARGV[6] droppable flag (0 or 1), ARGV[7] sharded PUB/SUB channel ('' in classic mode)
-- In sharded mode the notification goes by SPUBLISH to the nodes subscribed to the topic, and by
-- PUBLISH to those subscribed by pattern (sharded PUB/SUB has no patterns), in this one step.
local epoch = redis.call('HGET', KEYS[2], 'e')
if not epoch then
  -- A new history (never published, expired, or lost with a Redis restart): a new epoch, and no
  -- leftover entries under the old numbering.
  epoch = ARGV[5]
  redis.call('DEL', KEYS[1])
  redis.call('HSET', KEYS[2], 'e', epoch)
end
local offset = redis.call('HINCRBY', KEYS[2], 'o', 1)
if tonumber(ARGV[3]) > 0 then
  redis.call('XADD', KEYS[1], 'MAXLEN', ARGV[3], offset .. '-0', 'd', ARGV[6], 'p', ARGV[2])
  redis.call('EXPIRE', KEYS[1], ARGV[4])
end
redis.call('EXPIRE', KEYS[2], ARGV[4])
local notification = 'P ' .. epoch .. ' ' .. offset .. ' ' .. ARGV[6] .. '\n' .. ARGV[2]
if ARGV[7] ~= '' then
  redis.call('SPUBLISH', ARGV[7], notification)
end
redis.call('PUBLISH', ARGV[1], notification)
return {offset, epoch}
