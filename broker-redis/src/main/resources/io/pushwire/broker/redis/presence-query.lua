-- The other nodes' presence on a topic: drops the nodes whose entries expired, then counts every
-- live node's connections, gathers their distinct user ids, and lists at most a limit of entries.
-- KEYS[1] the topic's node set (zset: node id -> expiry, ms)
-- ARGV[1] the asking node's id (left out), ARGV[2] / ARGV[3] the names of a node's entries / users
-- hashes on the topic, less the node id (same hash tag as KEYS[1], so the same cluster slot),
-- ARGV[4] the most entries to list
-- Returns {connections, {user ids}, {entry JSON}}.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local limit = tonumber(ARGV[4])
local connections = 0
local seen = {}
local users = {}
local entries = {}
for _, node in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  if node ~= ARGV[1] then
    local entriesKey = ARGV[2] .. node
    local n = redis.call('HLEN', entriesKey)
    connections = connections + n
    for _, user in ipairs(redis.call('HKEYS', ARGV[3] .. node)) do
      if not seen[user] then
        seen[user] = true
        users[#users + 1] = user
      end
    end
    local room = limit - #entries
    if n > 0 and room > 0 then
      if n <= room then
        for _, v in ipairs(redis.call('HVALS', entriesKey)) do
          entries[#entries + 1] = v
        end
      else
        local fieldsAndValues = redis.call('HRANDFIELD', entriesKey, room, 'WITHVALUES')
        for i = 2, #fieldsAndValues, 2 do
          entries[#entries + 1] = fieldsAndValues[i]
        end
      end
    end
  end
end
return {connections, users, entries}
