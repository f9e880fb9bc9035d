-- A node's connection no longer holds its subscription to a topic. The node's keys on the topic go
-- with its last entry. Keys as presence-add.lua.
-- ARGV[1] node id, ARGV[2] connection id, ARGV[3] user id
if redis.call('HDEL', KEYS[2], ARGV[2]) == 1 then
  if redis.call('HINCRBY', KEYS[3], ARGV[3], -1) <= 0 then
    redis.call('HDEL', KEYS[3], ARGV[3])
  end
end
if redis.call('HLEN', KEYS[2]) == 0 then
  redis.call('DEL', KEYS[2], KEYS[3])
  redis.call('ZREM', KEYS[1], ARGV[1])
end
return 1
