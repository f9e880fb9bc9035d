package io.pushwire.examples.cluster;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.pushwire.broker.redis.RedisBroker;
import io.pushwire.broker.redis.RedisBrokerOptions;
import io.pushwire.broker.redis.ShardedPubSub;
import io.pushwire.protocol.CustomEvent;
import io.pushwire.protocol.ErrorCode;
import io.pushwire.protocol.codec.PushwireCodec;
import io.pushwire.server.ConnectionListener;
import io.pushwire.server.Dialect;
import io.pushwire.server.EndpointSpec;
import io.pushwire.server.Hub;
import io.pushwire.server.PushServer;
import io.pushwire.server.auth.AuthMode;
import io.pushwire.server.auth.TokenAuthenticator;
import io.pushwire.server.requests.RequestContext;
import io.pushwire.server.requests.RequestException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One Pushwire node of the local cluster: a {@link Hub} on a {@link RedisBroker}, served by a
 * {@link PushServer} on a free port of 127.0.0.1. Every node runs the same code; only its name
 * differs. It publishes a {@code tick} on {@value #TOPIC} every {@code tickEvery}, greets each new
 * connection with {@code hello} (so the page can show which node it landed on), and turns a
 * client's {@code say} into a {@code said} on {@value #TOPIC}. The broker carries each publication
 * to the subscribers on every node.
 */
final class ClusterNode implements AutoCloseable {

  /** The one topic: every connection is subscribed to it. */
  static final String TOPIC = "ticks";
  static final String PATH = "/ws";
  /** The longest {@code say} text a node accepts; longer ones get {@code INVALID_MESSAGE}. */
  static final int MAX_SAY_LENGTH = 200;

  /** Server to client: the node a connection is on. */
  record Hello(@JsonProperty("node") String node) {
  }

  /** Server to clients: a node's heartbeat on {@value #TOPIC}. */
  record Tick(@JsonProperty("node") String node, @JsonProperty("count") long count) {
  }

  /** Client to server: publish {@code text} from the node the client is on. */
  record Say(@JsonProperty("text") String text) {
  }

  /** Server to clients: what a client said, and through which node. */
  record Said(@JsonProperty("node") String node, @JsonProperty("text") String text, @JsonProperty("by") String by) {
  }

  final String name;
  final RedisBroker broker;
  final Hub hub;
  private final PushServer server;
  private final ScheduledExecutorService ticker;
  /** Ticks published so far; touched only by the ticker thread. */
  private long ticks;

  private ClusterNode(String name, RedisBroker broker, Hub hub, PushServer server, ScheduledExecutorService ticker) {
    this.name = name;
    this.broker = broker;
    this.hub = hub;
    this.server = server;
    this.ticker = ticker;
  }

  /**
   * Starts node {@code name} on Redis at {@code redisUri}, ticking every {@code tickEvery}.
   *
   * @throws IOException if the server cannot listen
   */
  static ClusterNode start(String name, String redisUri, String token, Duration tickEvery) throws IOException {
    // Every node must register the same application types on its hub and on its broker's codec:
    // messages cross Redis as JSON, and the receiving node decodes them.
    PushwireCodec codec = PushwireCodec.builder().register("hello", Hello.class).register("tick", Tick.class)
        .register("say", Say.class).register("said", Said.class).build();
    RedisBroker broker = RedisBroker.connect(redisUri, RedisBrokerOptions.defaults()
        .withKeyPrefix("pushwire-cluster:")
        .withShardedPubSub(ShardedPubSub.AUTO), codec);
    Hub hub = Hub.builder()
        .broker(broker)
        .authenticator(TokenAuthenticator.single(token, "visitor"))
        .registerType("hello", Hello.class).registerType("tick", Tick.class)
        .registerType("say", Say.class).registerType("said", Said.class)
        .build();
    hub.addConnectionListener(new ConnectionListener() {
      @Override
      public void onAuthenticated(RequestContext context) {
        context.reply(new CustomEvent<>("hello", new Hello(name)));
      }
    });
    hub.onCustomRequest("say", (request, context) -> {
      String text = ((Say) request.payload()).text();
      if (text == null || text.isBlank() || text.length() > MAX_SAY_LENGTH) {
        throw new RequestException(ErrorCode.INVALID_MESSAGE, "text must be 1-" + MAX_SAY_LENGTH + " characters");
      }
      hub.publish(TOPIC, new CustomEvent<>("said", new Said(name, text.strip(), context.principal().userId())));
    });
    PushServer server;
    try {
      server = PushServer.builder().host("127.0.0.1").port(0).hub(hub)
          .shutdownTimeout(Duration.ofSeconds(1))
          .endpoint(EndpointSpec.builder(PATH)
              .auth(AuthMode.QUERY_PARAMETER)     // a browser's WebSocket sends no headers: ?token=
              .dialect(Dialect.ENVELOPE_MILLIS)
              .autoSubscribe(TOPIC)
              .build())
          .staticResources("/cluster-web/")
          .build()
          .start();
    } catch (IOException | RuntimeException e) {
      hub.close();   // closes the broker too
      throw e;
    }
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, name + "-ticks");
      t.setDaemon(true);
      return t;
    });
    ClusterNode node = new ClusterNode(name, broker, hub, server, ticker);
    ticker.scheduleAtFixedRate(node::tick, tickEvery.toMillis(), tickEvery.toMillis(), TimeUnit.MILLISECONDS);
    return node;
  }

  private void tick() {
    // A publish fails (BrokerUnavailableException) while Redis is away: the next tick tries again.
    hub.publish(TOPIC, new CustomEvent<>("tick", new Tick(name, ++ticks)));
  }

  /** The port this node listens on, on 127.0.0.1. */
  int port() {
    return server.port();
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    server.close();   // 1001 to this node's clients: they reconnect through the balancer
    hub.close();      // and the broker
  }
}
