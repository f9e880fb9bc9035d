package io.pushwire.broker.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.pushwire.protocol.ServerMessage;
import io.pushwire.protocol.codec.PushwireCodec;
import io.pushwire.server.broker.Broker;
import io.pushwire.server.broker.HistoryResult;
import io.pushwire.server.broker.PresenceStore;
import io.pushwire.server.broker.Publication;
import io.pushwire.server.broker.StreamPosition;
import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Broker} on Redis, for several Pushwire nodes behind a load balancer: a publication made
 * on any node reaches the subscribers on every node, and a client that reconnects to another node
 * resumes its topics from there.
 *
 * <pre>{@code
 * RedisBroker broker = RedisBroker.connect("redis://127.0.0.1:6379", RedisBrokerOptions.defaults());
 * Hub hub = Hub.builder().broker(broker).build();
 * }</pre>
 *
 * <h2>How</h2>
 * <ul>
 *   <li><b>Publish</b> on a topic is one Lua script, so one round trip and one atomic step: it
 *       increments the topic's offset, appends the publication to the topic's history (a Redis
 *       stream trimmed to {@link RedisBrokerOptions#historySize()}, entry id = offset), refreshes
 *       the time-to-live of the history and of the epoch, and PUBLISHes it to the nodes. The epoch
 *       lives in Redis beside the offset; when both are gone (the topic was quiet for
 *       {@link RedisBrokerOptions#historyTtl()}, or Redis restarted without persistence), the
 *       next publication or subscription starts a new random epoch, so no client is told it
 *       missed nothing across lost history.</li>
 *   <li><b>Targets</b> ({@code $all}, {@code $user:<id>}, {@code $conn:<id>}, and
 *       {@code $kick:<id>} for a user's disconnection) are one PUBLISH each, with no history. Every
 *       node subscribes to {@code $all} and to the patterns {@code $user:*}, {@code $conn:*} and
 *       {@code $kick:*} from {@link #start} on: a node does not know where a
 *       user's connections are, so each target publication reaches every node (as a broadcast
 *       does), which drops it unless the user or connection is its own.</li>
 *   <li><b>Node subscription</b>: a node subscribes to a topic's channel while it has local
 *       subscribers ({@link #subscribe}); a pattern subscription becomes a Redis pattern
 *       subscription. Lettuce reconnects with exponential backoff (10 ms up to
 *       {@link RedisBrokerOptions#reconnectMaxDelay()}) and subscribes again.</li>
 *   <li><b>Sharded PUB/SUB</b> ({@link RedisBrokerOptions#shardedPubSub()}, Redis 7): topics use
 *       {@code SPUBLISH} / {@code SSUBSCRIBE} on a channel in the topic's hash slot; patterns
 *       and targets stay on classic PUB/SUB (see {@link ShardedPubSub}).</li>
 *   <li><b>Recovery</b> ({@link #goLive}): the node subscribes to the topic first, then one Lua
 *       script reads the history and PUBLISHes a marker in the same atomic step; the start runs
 *       where the marker arrives, between the publications the read returned and the next ones.
 *       A caller waits at most twice the command timeout; then the hub answers "not
 *       recoverable".</li>
 *   <li><b>Presence</b> ({@link #presence}): each node keeps its connections' presence per topic
 *       in Redis, renews it every {@link RedisBrokerOptions#presenceRefresh()}, and a node that
 *       stops renewing drops out of every node's presence within
 *       {@link RedisBrokerOptions#presenceTtl()}; announced joins and leaves cross nodes on one
 *       PUB/SUB channel ({@link RedisPresence}).</li>
 * </ul>
 *
 * <h2>Failures</h2>
 * Every future fails with {@link BrokerUnavailableException} rather than block: at once while
 * Redis is unreachable, after {@link RedisBrokerOptions#commandTimeout()} when it does not answer,
 * at once when {@link RedisBrokerOptions#maxPendingCommands()} commands already wait. Only
 * {@link #goLive}, which the contract makes synchronous, waits, for at most twice the command
 * timeout. Publications sent while a node's link to Redis is down do not reach that node; its
 * clients with positions learn of the gap when they next resume (see docs/scale-out.md).
 *
 * <p>Messages cross Redis in the protocol's JSON, written and read by the codec given here: every
 * node must register the same custom types on it as on its hub.
 */
public final class RedisBroker implements Broker {

  private static final Logger log = LoggerFactory.getLogger(RedisBroker.class);

  private final RedisBrokerOptions options;
  private final PushwireCodec codec;
  private final Keys keys;
  /** This node's id: the epoch of its target publications, and the prefix of its seam tokens. */
  private final String nodeId = UUID.randomUUID().toString().substring(0, 12);
  private final AtomicLong targetCounter = new AtomicLong();
  private final ClientResources resources;
  private final RedisClient commandClient;
  private final RedisClient pubSubClient;
  private final StatefulRedisConnection<String, String> commands;
  private final StatefulRedisPubSubConnection<String, String> pubSub;
  private final NodeSubscriptions nodeSubscriptions;
  private final Dispatcher dispatcher;
  /** Presence across nodes; its own events connection, closed with the broker. */
  private final RedisPresence presence;
  /** Whether topics travel by sharded PUB/SUB; {@link RedisBrokerOptions#shardedPubSub()} resolved at connect. */
  private final boolean sharded;
  /** Run in the order of the calls: a topic's offsets follow its publish calls (see {@link OrderedScript}). */
  private final OrderedScript publishScript = new OrderedScript(LuaScript.load("publish.lua"));
  private final LuaScript historyScript = LuaScript.load("history.lua");
  /** Set by close; read by every command. */
  private volatile boolean closed;

  private RedisBroker(RedisURI uri, RedisBrokerOptions options, PushwireCodec codec) {
    this.options = Objects.requireNonNull(options, "options");
    this.codec = Objects.requireNonNull(codec, "codec");
    this.keys = new Keys(options.keyPrefix());
    this.resources = ClientResources.builder()
        .reconnectDelay(Delay.exponential(Duration.ofMillis(10), options.reconnectMaxDelay(), 2, TimeUnit.MILLISECONDS))
        .build();
    try {
      // Commands fail at once while Redis is unreachable, and after the timeout when it is slow.
      this.commandClient = RedisClient.create(resources, uri);
      commandClient.setOptions(ClientOptions.builder()
          .autoReconnect(true)
          .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
          .requestQueueSize(options.maxPendingCommands())
          .timeoutOptions(TimeoutOptions.enabled(options.commandTimeout()))
          .build());
      // Subscriptions given while reconnecting wait (bounded) and go out on reconnect.
      this.pubSubClient = RedisClient.create(resources, uri);
      pubSubClient.setOptions(ClientOptions.builder()
          .autoReconnect(true)
          .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
          .requestQueueSize(options.maxPendingCommands())
          .timeoutOptions(TimeoutOptions.builder().timeoutCommands(false).build())
          .build());
      uri.setTimeout(options.commandTimeout());
      this.commands = commandClient.connect(StringCodec.UTF8);
      // Loaded before the first publication and again after every reconnect, so that publishing
      // never relies on a NOSCRIPT retry, which would reorder a topic's publications.
      commandClient.addListener(new RedisConnectionStateListener() {
        @Override
        public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
          publishScript.connected(commands.async());
        }

        @Override
        public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
          publishScript.disconnected();
        }
      });
      publishScript.connected(commands.async());
      this.pubSub = pubSubClient.connectPubSub(StringCodec.UTF8);
      this.sharded = options.shardedPubSub() != ShardedPubSub.OFF
          && options.shardedPubSub().resolve(commands.sync().info("server"));
      this.presence = new RedisPresence(options, codec, nodeId, commands, pubSubClient.connectPubSub(StringCodec.UTF8));
    } catch (IllegalStateException e) {
      resources.shutdown(0, 100, TimeUnit.MILLISECONDS);
      throw new BrokerUnavailableException(BrokerUnavailableException.Reason.REDIS_ERROR, e.getMessage(), e);
    } catch (RedisException e) {
      resources.shutdown(0, 100, TimeUnit.MILLISECONDS);
      throw new BrokerUnavailableException(BrokerUnavailableException.Reason.DISCONNECTED,
          "cannot connect to Redis at " + uri.getHost() + ":" + uri.getPort() + ": " + e.getMessage(), e);
    }
    this.dispatcher = new Dispatcher(keys, codec, nodeId);
    pubSub.addListener(dispatcher);
    this.nodeSubscriptions = new NodeSubscriptions(keys, pubSub.async(), sharded);
  }

  /**
   * Connects to Redis at {@code uri} ({@code redis://host:port}, see Lettuce's {@code RedisURI})
   * with the default protocol codec (no custom message types).
   *
   * @throws BrokerUnavailableException if Redis cannot be reached now
   */
  public static RedisBroker connect(String uri, RedisBrokerOptions options) {
    return connect(uri, options, PushwireCodec.create());
  }

  /**
   * Connects with {@code codec}, which must know the custom message types every node's hub
   * registers.
   *
   * @throws BrokerUnavailableException if Redis cannot be reached now
   */
  public static RedisBroker connect(String uri, RedisBrokerOptions options, PushwireCodec codec) {
    return new RedisBroker(RedisURI.create(Objects.requireNonNull(uri, "uri")), options, codec);
  }

  /** The options. */
  public RedisBrokerOptions options() {
    return options;
  }

  /** Whether publications go by {@code EVALSHA}: the script's load answered on this connection (tests). */
  boolean publishScriptLoaded() {
    return publishScript.loaded();
  }

  // ------------------------------------------------------------------ Broker

  @Override
  public void start(Handler handler) {
    dispatcher.start(Objects.requireNonNull(handler, "handler"));
    // Targets reach every node (see the class comment).
    nodeSubscriptions.want("$all");
    nodeSubscriptions.want("$user:*");
    nodeSubscriptions.want("$conn:*");
    nodeSubscriptions.want("$kick:*");
  }

  @Override
  public CompletableFuture<StreamPosition> publish(String channel, ServerMessage message, boolean droppable) {
    Objects.requireNonNull(channel, "channel");
    String json = codec.encode(Objects.requireNonNull(message, "message"));
    if (closed) {
      return CompletableFuture.failedFuture(closedError());
    }
    if (channel.startsWith("$")) {
      long n = targetCounter.incrementAndGet();
      String text = Notification.publication(nodeId, n, droppable, json);
      return guard(commands.async().publish(keys.pubSub(channel), text).toCompletableFuture())
          .thenApply(receivers -> new StreamPosition(0, nodeId));
    }
    String[] scriptKeys = {keys.history(channel), keys.meta(channel)};
    String[] args = {keys.pubSub(channel), json, Integer.toString(options.historySize()), ttlSeconds(), newEpoch(),
        droppable ? "1" : "0", sharded ? keys.shardChannel(channel) : ""};
    return guard(publishScript.run(commands.async(), ScriptOutputType.MULTI, scriptKeys, args)).thenApply(reply -> {
      List<?> values = (List<?>) reply;
      return new StreamPosition((Long) values.get(0), (String) values.get(1));
    });
  }

  @Override
  public CompletableFuture<HistoryResult> history(String channel, StreamPosition since, int limit) {
    if (closed) {
      return CompletableFuture.failedFuture(closedError());
    }
    return guard(readHistory(channel, since, limit, null)).thenApply(reply -> toHistory(channel, since, reply));
  }

  @Override
  public boolean goLive(String channel, StreamPosition since, int limit, LiveStart start) {
    if (channel.startsWith("$") || closed) {
      return false;
    }
    long deadline = System.nanoTime() + 2 * options.commandTimeout().toNanos();
    CompletableFuture<Void> subscribed = nodeSubscriptions.hold(channel);
    try {
      if (!await(subscribed, deadline)) {
        return false;
      }
      Dispatcher.Seam seam = dispatcher.open(channel, start);
      Object reply = awaitResult(guard(readHistory(channel, since, limit, seam.token)), deadline);
      if (reply == null) {
        return dispatcher.giveUp(seam);
      }
      dispatcher.historyArrived(seam, toHistory(channel, since, reply));
      if (await(seam.done, deadline)) {
        return seam.done.join();
      }
      return dispatcher.giveUp(seam);
    } finally {
      nodeSubscriptions.release(channel);
    }
  }

  @Override
  public CompletableFuture<Void> subscribe(String channel) {
    return nodeSubscriptions.want(channel);
  }

  @Override
  public CompletableFuture<Void> unsubscribe(String channel) {
    return nodeSubscriptions.unwant(channel);
  }

  /**
   * Whether topic publications travel by sharded PUB/SUB ({@code SPUBLISH} / {@code SSUBSCRIBE}):
   * {@link RedisBrokerOptions#shardedPubSub()} as resolved against the server at connect.
   */
  public boolean shardedPubSub() {
    return sharded;
  }

  /** Whether this node is subscribed in Redis to {@code channel} (a topic or pattern), or about to be. */
  public boolean isSubscribed(String channel) {
    return nodeSubscriptions.isSubscribed(channel);
  }

  /**
   * Presence across nodes (see {@link RedisPresence} and docs/scale-out.md): each node keeps its
   * connections' entries in Redis, renewed every {@link RedisBrokerOptions#presenceRefresh()} and
   * gone {@link RedisBrokerOptions#presenceTtl()} after a node stops renewing them.
   */
  @Override
  public PresenceStore presence() {
    return presence;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    presence.close();
    dispatcher.close();
    try {
      pubSub.close();
      commands.close();
      pubSubClient.shutdown(Duration.ZERO, Duration.ofSeconds(1));
      commandClient.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    } catch (RuntimeException e) {
      log.debug("closing the Redis connections", e);
    } finally {
      resources.shutdown(0, 100, TimeUnit.MILLISECONDS);
    }
  }

  // ------------------------------------------------------------------ Redis

  private CompletableFuture<Object> readHistory(String channel, StreamPosition since, int limit, String markerToken) {
    String[] scriptKeys = {keys.history(channel), keys.meta(channel)};
    String[] args = {since == null ? "" : since.epoch(), since == null ? "0" : Long.toString(since.offset()),
        Integer.toString(Math.max(0, limit)), newEpoch(), ttlSeconds(),
        markerToken == null ? "" : sharded ? keys.shardChannel(channel) : keys.pubSub(channel),
        markerToken == null ? "" : Notification.marker(markerToken), sharded ? "1" : "0"};
    return historyScript.run(commands.async(), ScriptOutputType.MULTI, scriptKeys, args);
  }

  private HistoryResult toHistory(String channel, StreamPosition since, Object reply) {
    List<?> values = (List<?>) reply;
    String epoch = (String) values.get(0);
    long latest = (Long) values.get(1);
    long firstKept = (Long) values.get(2);
    List<Publication> publications = new ArrayList<>();
    for (Object entry : (List<?>) values.get(3)) {
      List<?> idAndFields = (List<?>) entry;
      String id = (String) idAndFields.get(0);
      List<?> fields = (List<?>) idAndFields.get(1);
      String droppable = null;
      String json = null;
      for (int i = 0; i + 1 < fields.size(); i += 2) {
        if ("d".equals(fields.get(i))) {
          droppable = (String) fields.get(i + 1);
        } else if ("p".equals(fields.get(i))) {
          json = (String) fields.get(i + 1);
        }
      }
      long offset = Long.parseLong(id.substring(0, id.indexOf('-')));
      try {
        publications.add(new Publication(channel, (ServerMessage) codec.decode(json),
            new StreamPosition(offset, epoch), "1".equals(droppable)));
      } catch (Exception e) {
        throw new IllegalStateException("cannot decode history entry " + id + " of " + channel
            + " (are its custom types registered on this node's codec?)", e);
      }
    }
    boolean sameEpoch = since == null || epoch.equals(since.epoch());
    long after = since == null || !sameEpoch ? 0 : since.offset();
    boolean complete = since == null || (sameEpoch && after + 1 >= firstKept);
    return new HistoryResult(publications, new StreamPosition(latest, epoch), complete);
  }

  /** Turns Lettuce's failures into {@link BrokerUnavailableException}, and bounds the wait. */
  private <T> CompletableFuture<T> guard(CompletableFuture<T> future) {
    return future
        .orTimeout(options.commandTimeout().toMillis() + 50, TimeUnit.MILLISECONDS)
        .exceptionallyCompose(e -> CompletableFuture.failedFuture(typed(LuaScript.unwrap(e))));
  }

  private BrokerUnavailableException typed(Throwable e) {
    if (e instanceof BrokerUnavailableException b) {
      return b;
    }
    if (closed) {
      return closedError();
    }
    BrokerUnavailableException.Reason reason;
    String text = String.valueOf(e.getMessage());
    if (e instanceof RedisCommandTimeoutException || e instanceof TimeoutException) {
      reason = BrokerUnavailableException.Reason.TIMEOUT;
    } else if (text.contains("queue size")) {
      reason = BrokerUnavailableException.Reason.OVERLOADED;
    } else if (e instanceof RedisConnectionException || text.contains("not connected") || text.contains("closed")
        || e instanceof IOException) {
      reason = BrokerUnavailableException.Reason.DISCONNECTED;
    } else {
      reason = BrokerUnavailableException.Reason.REDIS_ERROR;
    }
    return new BrokerUnavailableException(reason, "Redis command failed (" + reason + "): " + text, e);
  }

  private BrokerUnavailableException closedError() {
    return new BrokerUnavailableException(BrokerUnavailableException.Reason.CLOSED, "the Redis broker is closed", null);
  }

  private String ttlSeconds() {
    return Long.toString(Math.max(1, options.historyTtl().toSeconds()));
  }

  private static String newEpoch() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  /** Waits for {@code future} until {@code deadline}; false if it failed or is late. */
  private static boolean await(CompletableFuture<?> future, long deadline) {
    return awaitResult(future, deadline) != null || (future.isDone() && !future.isCompletedExceptionally());
  }

  private static <T> T awaitResult(CompletableFuture<T> future, long deadline) {
    try {
      return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (ExecutionException | TimeoutException e) {
      return null;
    }
  }
}
