package io.pushwire.server;

import io.pushwire.protocol.ClientMessage;
import io.pushwire.protocol.CloseCode;
import io.pushwire.protocol.CustomEvent;
import io.pushwire.protocol.ErrorCode;
import io.pushwire.protocol.ErrorMessage;
import io.pushwire.protocol.PresenceResult;
import io.pushwire.protocol.ServerMessage;
import io.pushwire.protocol.SystemEvent;
import io.pushwire.protocol.codec.Envelope;
import io.pushwire.protocol.codec.Frame;
import io.pushwire.protocol.codec.PushwireCodec;
import io.pushwire.server.auth.Authenticator;
import io.pushwire.server.auth.Credentials;
import io.pushwire.server.auth.Principal;
import io.pushwire.server.broker.Broker;
import io.pushwire.server.broker.InMemoryBroker;
import io.pushwire.server.broker.PresenceStore;
import io.pushwire.server.broker.StreamPosition;
import io.pushwire.server.requests.RequestHandler;
import io.pushwire.server.requests.RequestObserver;
import io.pushwire.server.topics.SubscriptionListener;
import io.pushwire.server.topics.TopicAuthorizer;
import io.pushwire.server.topics.TopicPattern;
import io.pushwire.server.wire.Framings.Negotiation;
import io.pushwire.server.transport.Handshake;
import io.pushwire.server.transport.Transport;
import io.pushwire.server.transport.TransportEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Pushwire server's front door: mount its endpoints, publish, serve requests, listen, look, and
 * shut down. Endpoints are mounted with {@link #endpointConfig(EndpointSpec)} in any JSR-356
 * container, or by {@link PushServer}.
 *
 * <pre>{@code
 * Hub hub = Hub.builder().authenticator(TokenAuthenticator.single("s3cret", "alice")).build();
 * hub.onRequest(GetTask.class, (request, ctx) -> ctx.reply(tasks.status(request.taskId())));
 * hub.publish("task:progress", new TaskProgress("t1", progress));
 * }</pre>
 *
 * <p>Behind it, each part has one job: {@code ConnectionRegistry} (who is connected, the
 * connection limits), {@code SubscriptionIndex} (who is subscribed to what), {@code FanOut} (one
 * publication to its recipients, encoded once per dialect and framed once per wire format),
 * {@code RequestRouter} (what a client's message gets), {@code Recovery} (a subscription resumed
 * from a stream position), {@code PresenceView} and {@code PresenceEvents} (who is subscribed,
 * who joins and leaves), {@code Heartbeats} (pings, idle and auth timeouts) and
 * {@code SessionGate} (shutdown). Each {@code PushConnection} sees them through
 * {@code ConnectionHost}. Nothing is delivered to a connection before it authenticates.
 * Thread-safe.
 */
public final class Hub implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Hub.class);

  // Every field is final and set before the hub is shared; each part guards its own state.
  private final Broker broker;
  private final Limits limits;
  private final Ids ids = new Ids();
  private final DialectCodecs codecs;
  private final Authentication authentication;
  private final AuthThrottle throttle;
  private final SecurityEvents security;
  private final SessionGate gate = new SessionGate();
  private final ConnectionRegistry registry;
  private final SubscriptionIndex subscriptions;
  private final EndpointStats stats;
  private final RequestRouter router;
  private final Recovery recovery;
  private final PresenceView presence;
  private final PresenceEvents presenceEvents;
  private final Heartbeats heartbeats;
  /** Where publications are queued to their recipients, on every core. */
  private final DeliveryLanes lanes;
  /** Told when connections are admitted and when they go; guards itself. */
  private final Listeners<ConnectionListener> connectionListeners = new Listeners<>("connection listener", log);
  private final ConnectionHost host = new Host();

  private Hub(Builder b) {
    this.broker = b.broker;
    this.subscriptions = new SubscriptionIndex(broker);
    this.limits = b.limits;
    this.codecs = new DialectCodecs(limits, b.customTypes, b.customEnvelopes, ids);
    this.authentication = new Authentication(b.authenticator, ids);
    this.registry = new ConnectionRegistry(limits);
    this.stats = new EndpointStats(registry, subscriptions);
    this.throttle = new AuthThrottle(limits);
    this.security = new SecurityEvents(stats.unattributed());
    PresenceStore presenceStore = broker.presence();
    this.presence = new PresenceView(subscriptions, b.presenceInfo, presenceStore);
    this.presenceEvents = new PresenceEvents(subscriptions, codecs, b.presenceEvents, b.presenceInfo, presenceStore);
    this.recovery = new Recovery(broker, subscriptions, codecs, limits);
    this.router = new RequestRouter(subscriptions, b.topicAuthorizer, limits, codecs,
        recovery, presence, presenceEvents);
    this.heartbeats = new Heartbeats(limits, registry);
    heartbeats.start();
    this.lanes = new DeliveryLanes(b.deliveryThreads);
    broker.start(new FanOut(registry, subscriptions, codecs, lanes)::deliver);
    presenceStore.start(presenceEvents.remote());
  }

  /** Starts a hub configuration. */
  public static Builder builder() {
    return new Builder();
  }

  // ------------------------------------------------------------------ mounting

  /**
   * A programmatic endpoint configuration for {@code spec}, deployable in any JSR-356 container:
   * {@code serverContainer.addEndpoint(hub.endpointConfig(spec))}.
   */
  public ServerEndpointConfig endpointConfig(EndpointSpec spec) {
    return endpointConfig(spec, spec.path());
  }

  /**
   * Every endpoint configuration {@code spec} needs: {@link #endpointConfig}'s, and one more path
   * for each wire format that asks elsewhere (Socket.IO clients ask for the path with a trailing
   * slash). Deploy them all.
   */
  public List<ServerEndpointConfig> endpointConfigs(EndpointSpec spec) {
    return spec.framings().mountPaths(spec.path()).stream().map(path -> endpointConfig(spec, path)).toList();
  }

  private ServerEndpointConfig endpointConfig(EndpointSpec spec, String path) {
    counters(spec);
    return ServerEndpointConfig.Builder.create(PushwireEndpoint.class, path)
        .configurator(new HandshakeConfigurator(this, new HubEndpoint(this, spec)))
        .build();
  }

  /**
   * {@code spec}'s endpoint for an engine that is not a JSR-356 container (the Netty engine): it
   * answers handshakes and opens connections on the engine's {@link Transport}s. Mounted like
   * {@link #endpointConfig}; each call makes a new, equivalent one.
   */
  public TransportEndpoint transportEndpoint(EndpointSpec spec) {
    counters(spec);
    return new HubEndpoint(this, spec);
  }

  // ------------------------------------------------------------------ publishing

  /** Publishes {@code message} to the subscribers of {@code topic}; completes with its stream position. */
  public CompletableFuture<StreamPosition> publish(String topic, ServerMessage message) {
    return publish(topic, message, Delivery.RELIABLE);
  }

  /** Publishes with an explicit delivery policy for full queues. */
  public CompletableFuture<StreamPosition> publish(String topic, ServerMessage message, Delivery delivery) {
    TopicPattern pattern = TopicPattern.of(topic);
    if (pattern.isWildcard() || topic.startsWith("$")) {
      throw new IllegalArgumentException("publish to a topic name, not a pattern or reserved name: " + topic);
    }
    return broker.publish(topic, Objects.requireNonNull(message, "message"), delivery == Delivery.DROPPABLE);
  }

  /** Publishes to every authenticated connection of {@code userId}, on every node. */
  public CompletableFuture<StreamPosition> publishToUser(String userId, ServerMessage message) {
    return broker.publish(FanOut.USER + userId, message, false);
  }

  /** Publishes to one connection, wherever it is. */
  public CompletableFuture<StreamPosition> publishToConnection(String connectionId, ServerMessage message) {
    return broker.publish(FanOut.CONNECTION + connectionId, message, false);
  }

  /** Publishes to every authenticated connection. */
  public CompletableFuture<StreamPosition> broadcast(ServerMessage message) {
    return broker.publish(FanOut.ALL, message, false);
  }

  /**
   * Who is subscribed to {@code topic}: on this node exactly or by a matching pattern, and on the
   * other nodes exactly, as the broker's {@link PresenceStore} reports them (nobody, with the
   * in-memory broker): the number of connections and of distinct users, and at most 100 of the
   * connections with their user, client id and {@linkplain Builder#presenceInfo presence info}.
   * No authorizer is asked: this is the server's own view. Clients ask with a {@code presence}
   * request, which the {@link TopicAuthorizer#canSeePresence} of the topic must allow.
   *
   * <p>Completes at once with a single-node broker; after one read of the store otherwise, and
   * exceptionally if the store cannot answer now (for the Redis broker: a
   * {@code BrokerUnavailableException}).
   */
  public CompletableFuture<PresenceResult> presence(String topic) {
    return presence.of(Objects.requireNonNull(topic, "topic"));
  }

  /** The broker, for history look-ups. */
  public Broker broker() {
    return broker;
  }

  /**
   * Removes every subscription to exactly {@code topic}, on every connection. Features call this
   * when a topic ends (a task reached a terminal state).
   *
   * @return how many subscriptions were removed
   */
  public int endTopic(String topic) {
    Collection<SubscriptionIndex.Subscription> removed = subscriptions.removeTopic(topic);
    presenceEvents.ended(topic, removed);
    return removed.size();
  }

  // ------------------------------------------------------------------ requests and listeners

  /**
   * Serves requests of type {@code type} with {@code handler}, replacing any earlier handler.
   * A request with no handler is answered with {@code UNSUPPORTED_REQUEST}; so is this type's
   * once the returned registration is closed.
   */
  public <M extends ClientMessage> Registration onRequest(Class<M> type, RequestHandler<? super M> handler) {
    return router.onRequest(Objects.requireNonNull(type, "type"), Objects.requireNonNull(handler, "handler"));
  }

  /** Serves application requests of the custom type {@code type} (registered with the builder). */
  public Registration onCustomRequest(String type, RequestHandler<CustomEvent<?>> handler) {
    return router.onCustomRequest(Objects.requireNonNull(type, "type"), Objects.requireNonNull(handler, "handler"));
  }

  /** Adds a listener told about every new subscription; closing the registration removes it. */
  public Registration addSubscriptionListener(SubscriptionListener listener) {
    return router.addSubscriptionListener(listener);
  }

  /**
   * Adds an observer told of every client request the hub hands to a request handler (its own
   * or a feature's) once the handler returns, and of every request no handler serves; closing the
   * registration removes it. With no observer the hub does not read the clock.
   */
  public Registration addRequestObserver(RequestObserver observer) {
    return router.addRequestObserver(Objects.requireNonNull(observer, "observer"));
  }

  /** Adds a listener told when connections authenticate and when they go; closing the registration removes it. */
  public Registration addConnectionListener(ConnectionListener listener) {
    return connectionListeners.add(listener);
  }

  // ------------------------------------------------------------------ connections

  /** Closes a connection on purpose (kick) with {@code code}. Returns false if it is not here. */
  public boolean disconnect(String connectionId, CloseCode code) {
    PushConnection c = registry.get(connectionId);
    if (c == null) {
      return false;
    }
    c.close(code, "closed by the server");
    return true;
  }

  /**
   * Closes every connection of {@code userId} with {@code code}, on every node: it travels through
   * the broker as a target publication on {@code $kick:<userId>}, which no client receives.
   * Completes when the broker took it.
   */
  public CompletableFuture<StreamPosition> disconnectUser(String userId, CloseCode code) {
    Objects.requireNonNull(userId, "userId");
    SystemEvent kick = new SystemEvent(FanOut.KICK_EVENT, null, Integer.toString(code.code()), null);
    return broker.publish(FanOut.KICK + userId, kick, false);
  }

  /** The ids of the open connections on this node. */
  public Set<String> connectionIds() {
    return registry.ids();
  }

  /** The principal of an open, authenticated connection. */
  public Optional<Principal> principal(String connectionId) {
    PushConnection c = registry.get(connectionId);
    return c == null ? Optional.empty() : Optional.ofNullable(c.principal());
  }

  /** A snapshot of the counters, over every endpoint. */
  public ServerStats stats() {
    return stats.total();
  }

  /**
   * A snapshot of the counters of the endpoint mounted at {@code path} (its spec's path); its
   * connections and subscriptions now are counted by walking the open connections once.
   *
   * @throws IllegalArgumentException if no endpoint is mounted at {@code path}
   */
  public ServerStats stats(String path) {
    ServerStats endpoint = stats.byEndpoint().get(path);
    if (endpoint == null) {
      throw new IllegalArgumentException("no endpoint mounted at " + path);
    }
    return endpoint;
  }

  /** A snapshot of every mounted endpoint's counters, by path, in path order; walks the open connections once. */
  public Map<String, ServerStats> statsByEndpoint() {
    return stats.byEndpoint();
  }

  /**
   * The paths of the endpoints mounted on this hub (each spec's path, once, sorted), whose
   * figures {@link #statsByEndpoint()} reports. An endpoint counts as mounted once the hub has
   * made its {@link #endpointConfig endpoint configuration}.
   */
  public Set<String> endpointPaths() {
    return stats.paths();
  }

  /** The limits. */
  public Limits limits() {
    return limits;
  }

  /**
   * Registers a transport an engine opened, or closes it at once (and returns null): with
   * {@link #closeAll}'s code while that runs, with 4502 when its handshake asks for a wire format
   * the endpoint cannot speak, with 1013 when a connection limit is reached. Either way the engine
   * reports its close, which calls {@link #transportClosed}.
   */
  PushConnection open(Transport transport, Handshake handshake, EndpointSpec spec) {
    CloseCode away = gate.enter();
    if (away != null) {
      transport.close(away.code(), "server shutting down");
      return null;
    }
    String id = ids.connection();
    Negotiation wire = spec.framings().negotiate(handshake.query(), id, spec.dialect());
    if (wire instanceof Negotiation.Refuse refuse) {
      transport.close(CloseCode.PROTOCOL_MISMATCH.code(), refuse.reason());
      return null;
    }
    PushConnection c = new PushConnection(host, id, transport, lanes.laneFor(id, transport), handshake, spec,
        ((Negotiation.Speak) wire).framing());
    if (!registry.register(c)) {
      security.closing(counters(spec), id, handshake.remoteAddress(), CloseCode.TRY_AGAIN_LATER, "connection limit reached");
      transport.close(CloseCode.TRY_AGAIN_LATER.code(), "connection limit reached");
      return null;
    }
    counters(spec).opened.increment();
    return c;
  }

  /** The transports of the connections open now; for tests of the engines. */
  List<Transport> transports() {
    List<Transport> all = new java.util.ArrayList<>();
    registry.forEach(c -> all.add(c.transport()));
    return all;
  }

  /** An engine reported a transport closed (one that {@link #open} was given, connection or not). */
  void transportClosed() {
    gate.left();
  }

  /** Handshake authentication, for {@link HandshakeConfigurator}. */
  Authentication authentication() {
    return authentication;
  }

  /** Where refusals, timeouts and limit closes are counted and logged. */
  SecurityEvents security() {
    return security;
  }

  /** What a standalone listener asks and tells about upgrades: the auth throttle, and refused handshakes. */
  TyrusListener.HandshakeHooks handshakeHooks() {
    return new TyrusListener.HandshakeHooks() {
      @Override
      public long blockedMillis(String address) {
        long blocked = throttle.blockedMillis(address);
        if (blocked > 0) {
          security.authThrottled(null, address, blocked);
        }
        return blocked;
      }

      @Override
      public void refused(String path, String address, int status) {
        security.handshakeRefused(stats.ofPath(path), path, address, status);
        if (status == 401) {
          throttled(address, throttle.failed(address));
        }
      }
    };
  }

  /**
   * The same hooks and counters as {@link #handshakeHooks()} and {@link #security()}, offered to
   * every engine through {@link io.pushwire.server.transport.EngineConfig#edge()}.
   */
  io.pushwire.server.transport.EdgeEvents edgeEvents() {
    TyrusListener.HandshakeHooks hooks = handshakeHooks();
    return new io.pushwire.server.transport.EdgeEvents() {
      @Override
      public void handshakeTimedOut(String peer) {
        security.handshakeTimedOut(peer);
      }

      @Override
      public void socketRefused(String peer, int cap) {
        security.handshakeCapReached(peer, cap);
      }

      @Override
      public long blockedMillis(String address) {
        return hooks.blockedMillis(address);
      }

      @Override
      public void handshakeRefused(String path, String address, int status) {
        hooks.refused(path, address, status);
      }

      @Override
      public void frameRefused(String peer, int code, String reason) {
        security.frameRefused(peer, code, reason);
      }

      @Override
      public void frameProtocolError(String peer, int code, String reason) {
        security.frameProtocolError(peer, code, reason);
      }
    };
  }

  private void throttled(String address, long blockedMillis) {
    if (blockedMillis > 0) {
      security.addressBlocked(address, blockedMillis);
    }
  }

  /** The counters of {@code spec}'s endpoint, made on first need. */
  Counters counters(EndpointSpec spec) {
    return stats.of(spec);
  }

  // ------------------------------------------------------------------ shutdown

  /**
   * Closes every connection with {@code code} and waits up to {@code timeout} for the container
   * to report them closed. Connections that open while it waits are closed at once with the same
   * code, so clients reconnecting during a shutdown go on trying elsewhere or later; once it
   * returns, the hub accepts connections again (unless it is closed).
   *
   * @return whether all were gone in time
   */
  public boolean closeAll(CloseCode code, Duration timeout) {
    gate.sendAway(Objects.requireNonNull(code, "code"));
    try {
      registry.forEach(c -> c.close(code, "server shutting down"));
      return gate.awaitAllClosed(System.nanoTime() + timeout.toNanos());
    } finally {
      gate.endSendingAway();
    }
  }

  /**
   * Whether the hub accepts connections now: false while {@link #closeAll} runs and for good after
   * {@link #close}. What a readiness check reports.
   */
  public boolean isAccepting() {
    return !gate.sendingAway();
  }

  /** Closes every connection with 1001 (and any that opens later), and stops the timer, the recovery threads and the broker. */
  @Override
  public void close() {
    gate.closeForGood();
    closeAll(CloseCode.GOING_AWAY, Duration.ZERO);
    heartbeats.close();
    recovery.close();
    broker.close();
    lanes.close();
  }

  /** The hub as its connections see it. */
  private final class Host implements ConnectionHost {
    @Override
    public Limits limits() {
      return limits;
    }

    @Override
    public Counters counters(EndpointSpec spec) {
      return Hub.this.counters(spec);
    }

    @Override
    public DialectCodecs codecs() {
      return codecs;
    }

    @Override
    public Optional<Principal> authenticate(PushConnection connection, Credentials credentials) {
      String address = connection.remoteAddress();
      long blocked = throttle.blockedMillis(address);
      if (blocked > 0) {
        security.authThrottled(connection.counters(), address, blocked);
        connection.reply(null, connection.dialect().errorEnvelope(), new ErrorMessage(ErrorCode.RATE_LIMIT_EXCEEDED,
            "too many failed authentications from this address", null, blocked));
        connection.close(CloseCode.TRY_AGAIN_LATER, "authentication throttled");
        return Optional.empty();
      }
      Optional<Principal> principal = authentication.authenticate(credentials);
      if (principal.isEmpty()) {
        throttled(address, throttle.failed(address));
      }
      return principal;
    }

    @Override
    public SecurityEvents security() {
      return security;
    }

    @Override
    public boolean admit(PushConnection connection, Principal principal, String greeting) {
      return registry.admit(connection, principal, greeting);
    }

    @Override
    public void admitted(PushConnection connection) {
      connectionListeners.tell(l -> l.onAuthenticated(router.context(connection, null, Envelope.DATA)), connection.id());
      router.admitted(connection);
    }

    @Override
    public void received(PushConnection connection, Frame frame) {
      router.route(connection, frame);
    }

    @Override
    public void transportClosed() {
      Hub.this.transportClosed();
    }

    @Override
    public void closed(PushConnection connection) {
      Principal admitted = registry.forget(connection);
      recovery.cancelAll(connection); // before its subscriptions go, so none goes live after
      for (SubscriptionIndex.Subscription s : subscriptions.removeAll(connection)) {
        if (!s.pattern().isWildcard()) {
          presenceEvents.left(connection.id(), admitted, s.pattern().text());
        }
      }
      if (admitted != null) {
        connectionListeners.tell(l -> l.onClosed(connection.id()), connection.id());
      }
    }

    @Override
    public Future<?> schedule(Runnable task, long delayMillis) {
      return heartbeats.schedule(task, delayMillis);
    }
  }

  /** Configures a {@link Hub}. */
  public static final class Builder {
    private Broker broker = new InMemoryBroker();
    private Authenticator authenticator = credentials -> Optional.empty();
    private TopicAuthorizer topicAuthorizer = TopicAuthorizer.ALLOW_ALL;
    private Function<Principal, Map<String, Object>> presenceInfo = principal -> null;
    private Predicate<String> presenceEvents = topic -> false;
    private Limits limits = Limits.defaults();
    private int deliveryThreads = Math.min(Runtime.getRuntime().availableProcessors(), 16);
    private final Map<String, Class<?>> customTypes = new LinkedHashMap<>();
    private final Map<String, Envelope> customEnvelopes = new LinkedHashMap<>();

    private Builder() {
    }

    /**
     * How many threads queue publications to their recipients (default: the number of cores, at
     * most 16). Each connection is served by one of them, so a subscriber gets a topic's
     * publications in order while different topics and the recipients of a large fan-out are
     * served in parallel, and the publishing thread never writes to a socket. 0 queues them on the
     * publishing thread instead (no extra threads; one core's worth of fan-out). Connections of an
     * engine with event loops (Netty) are served by their own loop instead, whatever this says.
     */
    public Builder deliveryThreads(int threads) {
      if (threads < 0) {
        throw new IllegalArgumentException("delivery threads must be >= 0, got " + threads);
      }
      this.deliveryThreads = threads;
      return this;
    }

    /** The broker (default: {@link InMemoryBroker} with its default bounds). */
    public Builder broker(Broker broker) {
      this.broker = Objects.requireNonNull(broker, "broker");
      return this;
    }

    /** Who may connect (default: nobody, until an authenticator is given; endpoints with {@code AuthMode.NONE} need none). */
    public Builder authenticator(Authenticator authenticator) {
      this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
      return this;
    }

    /** Who may subscribe to what (default: everyone to everything). */
    public Builder topicAuthorizer(TopicAuthorizer authorizer) {
      this.topicAuthorizer = Objects.requireNonNull(authorizer, "authorizer");
      return this;
    }

    /**
     * What a connection shows of itself in presence results ({@code info}), from its principal:
     * a display name, an avatar, taken from the claims the authenticator found, say. Default:
     * nothing, because claims may hold what other users must not see. Called per listed
     * connection per presence request; must be fast, and may return {@code null}.
     */
    public Builder presenceInfo(Function<Principal, Map<String, Object>> info) {
      this.presenceInfo = Objects.requireNonNull(info, "info");
      return this;
    }

    /**
     * The topics whose subscribers are told when a connection joins ({@code presence_join}) or
     * leaves ({@code presence_leave}) them: on subscribe to exactly the topic, on unsubscribe, and
     * on close (clean, or by the idle timeout after a client's network vanished). Default: none.
     * Events go to the topic's subscribers on every node (through the broker's
     * {@link PresenceStore}; only on this node with the in-memory broker), as droppable frames
     * outside the topic's stream. Give every node the same predicate.
     */
    public Builder presenceEvents(Predicate<String> topics) {
      this.presenceEvents = Objects.requireNonNull(topics, "topics");
      return this;
    }

    /** The resource bounds (default {@link Limits#defaults()}). */
    public Builder limits(Limits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /** Registers an application message type, written under {@code data}; see {@link PushwireCodec.Builder#register(String, Class)}. */
    public Builder registerType(String type, Class<?> payloadClass) {
      return registerType(type, payloadClass, Envelope.DATA);
    }

    /** Registers an application message type written in {@code envelope}. */
    public Builder registerType(String type, Class<?> payloadClass, Envelope envelope) {
      if (customTypes.putIfAbsent(type, payloadClass) != null) {
        throw new IllegalArgumentException("\"" + type + "\" is already registered");
      }
      customEnvelopes.put(type, Objects.requireNonNull(envelope, "envelope"));
      return this;
    }

    /** Builds the hub and starts its timer. */
    public Hub build() {
      return new Hub(this);
    }
  }
}
