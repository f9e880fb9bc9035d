-- A node's connection holds a subscription to a topic: record it, and (re)arm the expiry of the
-- node's entries on the topic.
-- KEYS[1] the topic's node set (zset: node id -> expiry, ms), KEYS[2] the node's entries on the
-- topic (hash: connection id -> entry JSON), KEYS[3] the node's users on the topic (hash: user id
-- -> connections)
-- ARGV[1] node id, ARGV[2] connection id, ARGV[3] user id, ARGV[4] entry JSON, ARGV[5] TTL in ms
if redis.call('HSET', KEYS[2], ARGV[2], ARGV[4]) == 1 then
  redis.call('HINCRBY', KEYS[3], ARGV[3], 1)
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[5]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
redis.call('PEXPIRE', KEYS[2], ARGV[5])
redis.call('PEXPIRE', KEYS[3], ARGV[5])
return 1
