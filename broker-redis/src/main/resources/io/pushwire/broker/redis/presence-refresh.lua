-- A live node renews its entries on a topic. Returns 0 if they are gone (expired during a long
-- pause, or lost with a Redis restart): the node then writes them again. Keys as presence-add.lua.
-- ARGV[1] node id, ARGV[2] TTL in ms
if redis.call('PEXPIRE', KEYS[2], ARGV[2]) == 0 then
  return 0
end
redis.call('PEXPIRE', KEYS[3], ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
