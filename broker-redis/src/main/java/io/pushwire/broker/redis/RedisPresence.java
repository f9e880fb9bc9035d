package io.pushwire.broker.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.pushwire.protocol.Message;
import io.pushwire.protocol.PresenceJoin;
import io.pushwire.protocol.PresenceLeave;
import io.pushwire.protocol.PresenceResult;
import io.pushwire.protocol.codec.PushwireCodec;
import io.pushwire.server.broker.PresenceStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link PresenceStore} of a {@link RedisBroker}: every node writes its own connections'
 * presence to Redis, renews it while it lives, and reads the other nodes' when asked.
 *
 * <h2>Keys, per topic (one hash tag, so one Redis Cluster slot)</h2>
 * <ul>
 *   <li>{@code <prefix>pn:{topic}}: a sorted set of the nodes with entries on the topic, scored by
 *       when their entries expire (milliseconds, Redis's clock);</li>
 *   <li>{@code <prefix>pc:{topic}:<node>}: a node's entries, connection id to the entry (the
 *       {@code presence_join} JSON);</li>
 *   <li>{@code <prefix>pu:{topic}:<node>}: a node's users, user id to its number of connections
 *       there, so distinct users are counted without reading every entry.</li>
 * </ul>
 * Each change is one Lua script, so a node's three keys never disagree. All three expire
 * {@link RedisBrokerOptions#presenceTtl()} after their node last wrote or renewed them; a live node
 * renews every topic it holds every {@link RedisBrokerOptions#presenceRefresh()}, in batches of
 * {@value #REFRESH_BATCH} scripts per round trip. A node that dies therefore leaves every other
 * node's presence within the TTL: the query drops nodes whose score has passed, and their keys
 * expire. A renewal that finds its keys gone (a Redis restart, a pause longer than the TTL)
 * writes the node's entries on that topic again, as does the first renewal after a command
 * failed.
 *
 * <h2>Events</h2>
 * An announced join or leave is PUBLISHed on {@code $presence:<prefix>} as
 * {@code <node id>\n<presence_join|presence_leave JSON>}; every node subscribes to it on its own
 * connection and hands the other nodes' events to the hub. Every node receives every announced
 * event (one PUBLISH per join or leave, whatever the topic), and drops those for topics it has no
 * subscriber to. Delivery is at most once, as for publications.
 *
 * <h2>Bounds</h2>
 * This node's entries are kept on the heap too (what the renewal rewrites), one per exact
 * subscription the hub holds: bounded by its connections times
 * {@code Limits.maxSubscriptionsPerConnection}. Commands go through the broker's command
 * connection and share its {@link RedisBrokerOptions#maxPendingCommands()} bound; a refused or
 * failed write marks the topic for a rewrite. A query lists at most the requested entries and
 * returns the other nodes' distinct user ids.
 *
 * <p>Thread-safe. {@link #add} and {@link #remove} issue their script inside the per-topic update
 * of {@link #own}, so the writes for one topic reach Redis in the order the hub made them.
 */
final class RedisPresence implements PresenceStore {

  private static final Logger log = LoggerFactory.getLogger(RedisPresence.class);

  /** Renewal scripts sent before waiting for their replies: bounds the renewal's pending commands. */
  static final int REFRESH_BATCH = 256;

  private final RedisBrokerOptions options;
  private final PushwireCodec codec;
  private final String nodeId;
  private final String prefix;
  private final String eventsChannel;
  private final StatefulRedisConnection<String, String> commands;
  /** This store's own subscription, for the other nodes' events. Closed by {@link #close}. */
  private final StatefulRedisPubSubConnection<String, String> events;
  private final LuaScript addScript = LuaScript.load("presence-add.lua");
  private final LuaScript removeScript = LuaScript.load("presence-remove.lua");
  private final LuaScript refreshScript = LuaScript.load("presence-refresh.lua");
  private final LuaScript queryScript = LuaScript.load("presence-query.lua");
  /**
   * This node's entries, by topic then connection id. An inner map is read and changed only inside
   * {@code compute}/{@code computeIfPresent} of its topic, which also issues the topic's Redis
   * writes; a topic's entry goes with its last connection.
   */
  private final Map<String, Map<String, PresenceResult.Client>> own = new ConcurrentHashMap<>();
  /** Topics whose Redis keys may disagree with {@link #own} after a failed write; concurrent. */
  private final Set<String> dirty = ConcurrentHashMap.newKeySet();
  /** Runs the renewal; one daemon thread, started by {@link #start}. */
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "pushwire-presence-refresh");
    t.setDaemon(true);
    return t;
  });
  /** Set once by {@link #start}; read on the events connection's thread. */
  private volatile Listener listener;
  /** Set by {@link #close}; read by every method. */
  private volatile boolean closed;

  RedisPresence(RedisBrokerOptions options, PushwireCodec codec, String nodeId,
      StatefulRedisConnection<String, String> commands, StatefulRedisPubSubConnection<String, String> events) {
    this.options = options;
    this.codec = codec;
    this.nodeId = nodeId;
    this.prefix = options.keyPrefix();
    this.eventsChannel = "$presence:" + prefix; // outside the prefix: no topic pattern can match it
    this.commands = commands;
    this.events = events;
  }

  @Override
  public void start(Listener listener) {
    this.listener = listener;
    events.addListener(new RedisPubSubAdapter<>() {
      @Override
      public void message(String channel, String message) {
        if (eventsChannel.equals(channel)) {
          onEvent(message);
        }
      }
    });
    events.async().subscribe(eventsChannel);
    long every = options.presenceRefresh().toMillis();
    timer.scheduleWithFixedDelay(this::refresh, every, every, TimeUnit.MILLISECONDS);
  }

  @Override
  public void add(String topic, PresenceResult.Client client, boolean announce) {
    if (closed) {
      return;
    }
    own.compute(topic, (t, entries) -> {
      Map<String, PresenceResult.Client> byConnection = entries != null ? entries : new HashMap<>();
      byConnection.put(client.connection(), client);
      write(t, client);
      return byConnection;
    });
    if (announce) {
      announce(new PresenceJoin(topic, client));
    }
  }

  @Override
  public void remove(String topic, PresenceResult.Client client, boolean announce) {
    if (closed) {
      return;
    }
    own.computeIfPresent(topic, (t, byConnection) -> {
      if (byConnection.remove(client.connection()) != null) {
        String[] keys = keys(t);
        removeScript.run(commands.async(), ScriptOutputType.INTEGER, keys, nodeId, client.connection(), client.user())
            .whenComplete((reply, failure) -> failed(t, failure));
      }
      return byConnection.isEmpty() ? null : byConnection;
    });
    if (announce) {
      announce(new PresenceLeave(topic, client));
    }
  }

  @Override
  public CompletableFuture<Elsewhere> elsewhere(String topic, int limit) {
    if (closed) {
      return CompletableFuture.failedFuture(
          new BrokerUnavailableException(BrokerUnavailableException.Reason.CLOSED, "the Redis broker is closed", null));
    }
    String[] keys = {nodesKey(topic)};
    CompletableFuture<Object> reply = queryScript.run(commands.async(), ScriptOutputType.MULTI, keys, nodeId,
        entriesKey(topic, ""), usersKey(topic, ""), Integer.toString(Math.max(0, limit)));
    return reply.orTimeout(options.commandTimeout().toMillis() + 50, TimeUnit.MILLISECONDS)
        .exceptionallyCompose(e -> CompletableFuture.failedFuture(unavailable(LuaScript.unwrap(e))))
        .thenApply(this::toElsewhere);
  }

  /** Stops the renewal and the events subscription; this node's entries then expire within the TTL. */
  void close() {
    closed = true;
    timer.shutdownNow();
    try {
      events.close();
    } catch (RuntimeException e) {
      log.debug("closing the presence events connection", e);
    }
  }

  // ------------------------------------------------------------------ Redis

  /** Writes one entry; inside the topic's update of {@link #own}. */
  private void write(String topic, PresenceResult.Client client) {
    addScript.run(commands.async(), ScriptOutputType.INTEGER, keys(topic), nodeId, client.connection(), client.user(),
        codec.encode(new PresenceJoin(topic, client)), ttlMillis())
        .whenComplete((reply, failure) -> failed(topic, failure));
  }

  private void failed(String topic, Throwable failure) {
    if (failure != null && !closed) {
      dirty.add(topic);
      log.debug("presence write for {} failed; rewritten at the next renewal", topic, failure);
    }
  }

  /** Renews every topic this node holds, {@value #REFRESH_BATCH} at a time; on the timer thread. */
  private void refresh() {
    try {
      List<String> topics = new ArrayList<>(own.keySet());
      for (int from = 0; from < topics.size() && !closed; from += REFRESH_BATCH) {
        List<CompletableFuture<?>> batch = new ArrayList<>();
        for (String topic : topics.subList(from, Math.min(topics.size(), from + REFRESH_BATCH))) {
          batch.add(renew(topic));
        }
        CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new))
            .get(2 * options.commandTimeout().toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.debug("presence renewal incomplete; the next one tries again", e); // Redis down or slow
    }
  }

  private CompletableFuture<?> renew(String topic) {
    if (dirty.remove(topic)) {
      rewrite(topic);
      return CompletableFuture.completedFuture(null);
    }
    return refreshScript.run(commands.async(), ScriptOutputType.INTEGER, keys(topic), nodeId, ttlMillis())
        .handle((reply, failure) -> {
          if (failure != null) {
            dirty.add(topic);
          } else if (Long.valueOf(0).equals(reply)) {
            rewrite(topic); // the keys are gone: Redis restarted, or this node paused past the TTL
          }
          return null;
        });
  }

  /** Replaces this node's keys on {@code topic} with what {@link #own} holds. */
  private void rewrite(String topic) {
    own.computeIfPresent(topic, (t, byConnection) -> {
      commands.async().del(entriesKey(t, nodeId), usersKey(t, nodeId))
          .whenComplete((reply, failure) -> failed(t, failure));
      byConnection.values().forEach(client -> write(t, client));
      return byConnection;
    });
  }

  private void announce(Message event) {
    commands.async().publish(eventsChannel, nodeId + "\n" + codec.encode(event))
        .whenComplete((receivers, failure) -> {
          if (failure != null) {
            log.debug("presence event not announced", failure); // at most once, as publications
          }
        });
  }

  /** An event from the events channel; on the events connection's thread. */
  private void onEvent(String text) {
    int newline = text.indexOf('\n');
    Listener told = listener;
    if (newline < 0 || told == null || text.startsWith(nodeId + "\n")) {
      return; // malformed, not started, or this node's own
    }
    try {
      Message event = codec.decode(text.substring(newline + 1));
      if (event instanceof PresenceJoin join) {
        told.joined(join.topic(), join.client());
      } else if (event instanceof PresenceLeave leave) {
        told.left(leave.topic(), leave.client());
      }
    } catch (Exception e) {
      log.warn("ignored an unreadable presence event", e);
    }
  }

  private Elsewhere toElsewhere(Object reply) {
    List<?> values = (List<?>) reply;
    int connections = ((Long) values.get(0)).intValue();
    Set<String> users = new HashSet<>();
    for (Object user : (List<?>) values.get(1)) {
      users.add((String) user);
    }
    List<PresenceResult.Client> clients = new ArrayList<>();
    for (Object entry : (List<?>) values.get(2)) {
      try {
        if (codec.decode((String) entry) instanceof PresenceJoin join) {
          clients.add(join.client());
        }
      } catch (Exception e) {
        log.warn("ignored an unreadable presence entry", e); // counted, not listed
      }
    }
    return new Elsewhere(connections, users, clients);
  }

  private BrokerUnavailableException unavailable(Throwable e) {
    if (e instanceof BrokerUnavailableException b) {
      return b;
    }
    BrokerUnavailableException.Reason reason = e instanceof TimeoutException
        || e instanceof io.lettuce.core.RedisCommandTimeoutException
        ? BrokerUnavailableException.Reason.TIMEOUT : BrokerUnavailableException.Reason.DISCONNECTED;
    return new BrokerUnavailableException(reason, "presence could not be read from Redis: " + e.getMessage(), e);
  }

  private String ttlMillis() {
    return Long.toString(options.presenceTtl().toMillis());
  }

  private String[] keys(String topic) {
    return new String[] {nodesKey(topic), entriesKey(topic, nodeId), usersKey(topic, nodeId)};
  }

  private String nodesKey(String topic) {
    return prefix + "pn:{" + topic + "}";
  }

  private String entriesKey(String topic, String node) {
    return prefix + "pc:{" + topic + "}:" + node;
  }

  private String usersKey(String topic, String node) {
    return prefix + "pu:{" + topic + "}:" + node;
  }
}
