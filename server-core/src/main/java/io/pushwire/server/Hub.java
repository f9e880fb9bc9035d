package io.pushwire.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushwire.protocol.Ack;
import io.pushwire.protocol.ClientMessage;
import io.pushwire.protocol.CloseCode;
import io.pushwire.protocol.CommonReply;
import io.pushwire.protocol.CustomEvent;
import io.pushwire.protocol.ErrorCode;
import io.pushwire.protocol.ErrorMessage;
import io.pushwire.protocol.ServerMessage;
import io.pushwire.protocol.Subscribe;
import io.pushwire.protocol.codec.Envelope;
import io.pushwire.protocol.codec.Frame;
import io.pushwire.protocol.codec.MessageTypes;
import io.pushwire.protocol.codec.PushwireCodec;
import io.pushwire.protocol.codec.TimestampFormat;
import io.pushwire.server.auth.Authenticator;
import io.pushwire.server.auth.Credentials;
import io.pushwire.server.auth.Principal;
import io.pushwire.server.broker.Broker;
import io.pushwire.server.broker.InMemoryBroker;
import io.pushwire.server.broker.Publication;
import io.pushwire.server.broker.StreamPosition;
import io.pushwire.server.requests.RequestContext;
import io.pushwire.server.requests.RequestException;
import io.pushwire.server.requests.RequestHandler;
import io.pushwire.server.topics.MessageFilter;
import io.pushwire.server.topics.SubscriptionListener;
import io.pushwire.server.topics.TopicAuthorizer;
import io.pushwire.server.topics.TopicPattern;
import io.pushwire.server.wire.Framing;
import io.pushwire.server.wire.Framings.Negotiation;
import io.pushwire.server.wire.WireFormat;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heart of a Pushwire server: it knows every connection, every subscription and every
 * request handler, and it delivers what the application publishes. Endpoints are mounted with
 * {@link #endpointConfig(EndpointSpec)} in any JSR-356 container, or by {@link PushServer}.
 *
 * <pre>{@code
 * Hub hub = Hub.builder().authenticator(TokenAuthenticator.single("s3cret", "alice")).build();
 * hub.onRequest(GetTask.class, (request, ctx) -> ctx.reply(tasks.status(request.taskId())));
 * hub.publish("task:progress", new TaskProgress("t1", progress));
 * }</pre>
 *
 * <p>Delivery: a message is published through the {@link Broker}; each publication is encoded at
 * most once per distinct wire dialect and the same text is queued for every recipient. Nothing is
 * delivered to a connection before it authenticates. Thread-safe.
 */
public final class Hub implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Hub.class);

  static final String ALL = "$all";
  static final String USER = "$user:";
  static final String CONNECTION = "$conn:";

  private final Broker broker;
  private final Authenticator authenticator;
  private final TopicAuthorizer topicAuthorizer;
  private final Limits limits;
  private final Map<TimestampFormat, PushwireCodec> codecs = new EnumMap<>(TimestampFormat.class);
  private final Counters counters = new Counters();
  private final AtomicLong ids = new AtomicLong();
  private final ScheduledExecutorService timer;

  /** Every open connection by id. */
  private final Map<String, PushConnection> connections = new ConcurrentHashMap<>();
  /** Authenticated connections by user id; entries removed when their last connection goes. */
  private final Map<String, Set<PushConnection>> byUser = new ConcurrentHashMap<>();
  /** Open connections per client id and per remote address; an entry at zero is removed. */
  private final Map<String, Integer> perClientId = new ConcurrentHashMap<>();
  private final Map<String, Integer> perRemoteAddress = new ConcurrentHashMap<>();
  /**
   * The delivery index of exact-name subscriptions: topic, then connection, then its subscription.
   * Keyed by connection, so a re-subscription replaces the old entry in one step (no publication
   * reaches the connection twice, or misses it). A topic's entry is only created, changed and removed
   * by the map's atomic per-key operations ({@code compute}, {@code computeIfPresent}, {@code
   * remove}), so a subscription can never land in an entry that a concurrent unsubscribe is dropping.
   */
  private final Map<String, Map<PushConnection, Subscription>> exact = new ConcurrentHashMap<>();
  /** The delivery index of wildcard subscriptions, by connection and pattern; scanned for every topic publication. */
  private final Map<WildcardKey, Subscription> wildcards = new ConcurrentHashMap<>();
  private final Map<Class<?>, RequestHandler<?>> handlers = new ConcurrentHashMap<>();
  private final Map<String, RequestHandler<CustomEvent<?>>> customHandlers = new ConcurrentHashMap<>();
  private final List<SubscriptionListener> subscriptionListeners = new CopyOnWriteArrayList<>();
  private final List<ConnectionListener> connectionListeners = new CopyOnWriteArrayList<>();
  /** Sessions the container has opened and not yet reported closed; guarded by itself, waited on by closeAll. */
  private final Object sessionsLock = new Object();
  /** Guarded by sessionsLock. */
  private int openSessions;
  /**
   * While {@link #closeAll} runs, and for good once the hub is closed, the code that sessions
   * opening meanwhile are closed with at once (a client reconnecting during a graceful shutdown
   * must not land on the server that is going away); otherwise null. Guarded by sessionsLock.
   */
  private CloseCode sendingAway;
  /** Set once by {@link #close()}; guarded by sessionsLock. */
  private boolean hubClosed;

  /** One subscription of one connection. Immutable. */
  record Subscription(PushConnection connection, TopicPattern pattern, MessageFilter filter) {
  }

  /** A connection's wildcard subscription, by pattern text. */
  private record WildcardKey(PushConnection connection, String pattern) {
  }

  /** The hub's counters; LongAdders so hot paths do not contend. */
  static final class Counters {
    final LongAdder opened = new LongAdder();
    final LongAdder framesIn = new LongAdder();
    final LongAdder framesOut = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final LongAdder closedSlow = new LongAdder();
    final LongAdder rejectedFrames = new LongAdder();
    final LongAdder authFailures = new LongAdder();
  }

  private Hub(Builder b) {
    this.broker = b.broker;
    this.authenticator = b.authenticator;
    this.topicAuthorizer = b.topicAuthorizer;
    this.limits = b.limits;
    for (TimestampFormat format : TimestampFormat.values()) {
      PushwireCodec.Builder codec = PushwireCodec.builder().timestampFormat(format)
          .maxFrameLength(Math.max(64, limits.maxFrameBytes()));
      b.customTypes.forEach((type, cls) -> codec.register(type, cls, b.customEnvelopes.get(type)));
      codecs.put(format, codec.build());
    }
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "pushwire-hub-timer");
      t.setDaemon(true);
      return t;
    });
    long period = Math.max(20, Math.min(1000,
        Math.min(limits.pingInterval().toMillis(), limits.idleTimeout().toMillis()) / 4));
    timer.scheduleAtFixedRate(this::sweep, period, period, TimeUnit.MILLISECONDS);
    broker.start(this::deliver);
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
    return ServerEndpointConfig.Builder.create(PushwireEndpoint.class, path)
        .configurator(new HandshakeConfigurator(this, spec))
        .build();
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
    return broker.publish(USER + userId, message, false);
  }

  /** Publishes to one connection, wherever it is. */
  public CompletableFuture<StreamPosition> publishToConnection(String connectionId, ServerMessage message) {
    return broker.publish(CONNECTION + connectionId, message, false);
  }

  /** Publishes to every authenticated connection. */
  public CompletableFuture<StreamPosition> broadcast(ServerMessage message) {
    return broker.publish(ALL, message, false);
  }

  /** The broker, for history look-ups. */
  public Broker broker() {
    return broker;
  }

  /** Delivers one publication to the local recipients. Called by the broker. */
  private void deliver(Publication publication) {
    Encoded encoded = new Encoded(publication.message());
    boolean droppable = publication.droppable();
    String channel = publication.channel();
    if (channel.equals(ALL)) {
      for (PushConnection c : connections.values()) {
        if (c.isAuthenticated()) {
          c.pushFramed(encoded.frameFor(c), droppable);
        }
      }
    } else if (channel.startsWith(USER)) {
      for (PushConnection c : byUser.getOrDefault(channel.substring(USER.length()), Set.of())) {
        if (c.isAuthenticated()) {
          c.pushFramed(encoded.frameFor(c), droppable);
        }
      }
    } else if (channel.startsWith(CONNECTION)) {
      PushConnection c = connections.get(channel.substring(CONNECTION.length()));
      if (c != null && c.isAuthenticated()) {
        c.pushFramed(encoded.frameFor(c), droppable);
      }
    } else {
      deliverToTopic(channel, encoded, droppable);
    }
  }

  private void deliverToTopic(String topic, Encoded encoded, boolean droppable) {
    Map<PushConnection, Subscription> direct = exact.getOrDefault(topic, Map.of());
    Set<PushConnection> reached = wildcards.isEmpty() ? null : new HashSet<>();
    for (Subscription s : direct.values()) {
      if (s.filter().isEmpty() || s.filter().test(encoded.body())) {
        s.connection().pushFramed(encoded.frameFor(s.connection()), droppable);
        if (reached != null) {
          reached.add(s.connection());
        }
      }
    }
    if (reached == null) {
      return;
    }
    for (Subscription s : wildcards.values()) {
      Set<String> declared = s.connection().spec().declaredTopics();
      if (s.pattern().matches(topic) && !reached.contains(s.connection())
          && (declared == null || declared.contains(topic))
          && (s.filter().isEmpty() || s.filter().test(encoded.body()))) {
        reached.add(s.connection());
        s.connection().pushFramed(encoded.frameFor(s.connection()), droppable);
      }
    }
  }

  /**
   * One publication's encodings, made lazily and at most once per wire dialect, its frames, made at
   * most once per framing format and dialect, and its body tree for filters. Used by the one thread
   * that delivers the publication.
   */
  private final class Encoded {
    /** Marks a frame slot whose framing refused the publication, so it is tried (and logged) once. */
    private static final String UNSENDABLE = new String("unsendable");
    private final ServerMessage message;
    private final String[] texts = new String[Dialect.CACHE_SLOTS];
    private final String[] frames = new String[WireFormat.values().length * Dialect.CACHE_SLOTS];
    private final Instant timestamp = Instant.now();
    private String id;
    private JsonNode body;

    Encoded(ServerMessage message) {
      this.message = message;
    }

    String text(Dialect dialect) {
      int slot = dialect.cacheSlot();
      String text = texts[slot];
      if (text == null) {
        PushwireCodec codec = codec(dialect);
        Frame frame = codec.frame(message);
        if (dialect.stampFrames() && frame.envelope() != Envelope.FLAT) {
          if (id == null) {
            id = newMessageId(message);
          }
          frame = frame.withId(id).withTimestamp(timestamp);
        }
        text = codec.encode(frame);
        texts[slot] = text;
      }
      return text;
    }

    /** What {@code c} is sent: the publication in its dialect and framing; null if its framing cannot take it. */
    String frameFor(PushConnection c) {
      Framing framing = c.framing();
      int slot = framing.format().ordinal() * Dialect.CACHE_SLOTS + c.dialect().cacheSlot();
      String frame = frames[slot];
      if (frame == null) {
        try {
          frame = framing.publication(text(c.dialect()));
        } catch (IllegalArgumentException e) { // never from the codec's objects; never break the loop
          log.warn("publication not sent to {} clients: {}", framing.format(), e.getMessage());
          frame = UNSENDABLE;
        }
        frames[slot] = frame;
      }
      return frame == UNSENDABLE ? null : frame;
    }

    JsonNode body() {
      if (body == null) {
        body = codecs.get(TimestampFormat.ISO_8601).bodyTree(message);
      }
      return body;
    }
  }

  String encodeSingle(Dialect dialect, String requestId, ServerMessage message) {
    return encodeReply(dialect, requestId, null, message);
  }

  /**
   * Encodes a reply: it carries the request's id (or a new one where the dialect stamps frames),
   * errors go where the dialect puts them, and an acknowledgement follows the request's envelope.
   */
  String encodeReply(Dialect dialect, String requestId, Envelope requestEnvelope, ServerMessage reply) {
    PushwireCodec codec = codec(dialect);
    Frame frame = codec.frame(reply);
    if (reply instanceof ErrorMessage) {
      frame = frame.withEnvelope(dialect.errorEnvelope());
    } else if (frame.envelope() == Envelope.FLAT && requestEnvelope != null && requestEnvelope != Envelope.FLAT
        && reply instanceof Ack) {
      frame = frame.withEnvelope(requestEnvelope);
    }
    String id = requestId;
    if (dialect.stampFrames() && frame.envelope() != Envelope.FLAT) {
      frame = frame.withTimestamp(Instant.now());
      if (id == null) {
        id = newMessageId(reply);
      }
    }
    return codec.encode(frame.withId(id));
  }

  private String newMessageId(ServerMessage message) {
    return MessageTypes.typeOf(message) + "_" + ids.incrementAndGet();
  }

  PushwireCodec codec(Dialect dialect) {
    return codecs.get(dialect.timestamps());
  }

  // ------------------------------------------------------------------ requests

  /**
   * Serves requests of type {@code type} with {@code handler}, replacing any earlier handler.
   * A request with no handler is answered with {@code UNSUPPORTED_REQUEST}; so is this type's
   * once the returned registration is closed.
   */
  public <M extends ClientMessage> Registration onRequest(Class<M> type, RequestHandler<? super M> handler) {
    handlers.put(Objects.requireNonNull(type, "type"), Objects.requireNonNull(handler, "handler"));
    return () -> handlers.remove(type, handler);
  }

  /** Serves application requests of the custom type {@code type} (registered with the builder). */
  public Registration onCustomRequest(String type, RequestHandler<CustomEvent<?>> handler) {
    customHandlers.put(Objects.requireNonNull(type, "type"), Objects.requireNonNull(handler, "handler"));
    return () -> customHandlers.remove(type, handler);
  }

  /** Adds a listener told about every new subscription; closing the registration removes it. */
  public Registration addSubscriptionListener(SubscriptionListener listener) {
    return addOnce(subscriptionListeners, Objects.requireNonNull(listener, "listener"));
  }

  /** Adds a listener told when connections authenticate and when they go; closing the registration removes it. */
  public Registration addConnectionListener(ConnectionListener listener) {
    return addOnce(connectionListeners, Objects.requireNonNull(listener, "listener"));
  }

  /** Adds {@code listener}; the registration removes that one entry, once, even if it was added twice. */
  private static <L> Registration addOnce(List<L> listeners, L listener) {
    listeners.add(listener);
    java.util.concurrent.atomic.AtomicBoolean removed = new java.util.concurrent.atomic.AtomicBoolean();
    return () -> {
      if (removed.compareAndSet(false, true)) {
        listeners.remove(listener);
      }
    };
  }

  void notifyAuthenticated(PushConnection connection) {
    for (ConnectionListener listener : connectionListeners) {
      try {
        listener.onAuthenticated(connection.context(null, Envelope.DATA));
      } catch (RuntimeException e) {
        log.warn("connection listener failed for {}", connection.id(), e);
      }
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  void dispatch(ClientMessage request, RequestContext context) {
    RequestHandler handler = request instanceof CustomEvent<?> custom
        ? customHandlers.get(custom.type())
        : handlers.get(request.getClass());
    if (handler == null) {
      if (!(request instanceof CommonReply)) { // an unexpected acknowledgement needs no answer
        counters.rejectedFrames.increment();
        context.fail(ErrorCode.UNSUPPORTED_REQUEST, "this endpoint does not serve " + PushConnection.typeOf(request));
      }
      return;
    }
    try {
      handler.handle(request, context);
    } catch (RequestException e) {
      context.reply(e.toMessage());
    } catch (Exception | LinkageError e) {
      log.warn("request handler for {} failed on {}", PushConnection.typeOf(request), context.connectionId(), e);
      context.fail(ErrorCode.SERVER_ERROR, "the server failed to handle " + PushConnection.typeOf(request));
    }
  }

  // ------------------------------------------------------------------ subscriptions

  void subscribe(PushConnection connection, Subscribe request, RequestContext context) {
    List<String> names = request.names();
    MessageFilter filter;
    try {
      filter = MessageFilter.of(request.filters());
    } catch (IllegalArgumentException e) {
      context.fail(ErrorCode.INVALID_MESSAGE, e.getMessage());
      return;
    }
    if (names.isEmpty()) {
      context.fail(ErrorCode.INVALID_MESSAGE, "subscribe names no topics");
      return;
    }
    List<TopicPattern> patterns = new ArrayList<>();
    Map<String, Object> rejected = new LinkedHashMap<>();
    ErrorCode code = null;
    for (String name : names) {
      TopicPattern pattern;
      try {
        pattern = TopicPattern.of(name);
      } catch (IllegalArgumentException e) {
        rejected.put(name, e.getMessage());
        code = ErrorCode.INVALID_MESSAGE;
        continue;
      }
      Set<String> declared = connection.spec().declaredTopics();
      if (declared != null && declared.stream().noneMatch(pattern::matches)) {
        rejected.put(name, "no such topic");
        code = code == null ? ErrorCode.TOPIC_NOT_FOUND : code;
      } else if (!topicAuthorizer.canSubscribe(connection.principal(), name)) {
        rejected.put(name, "not allowed");
        code = code == null ? ErrorCode.FORBIDDEN : code;
      } else {
        patterns.add(pattern);
      }
    }
    if (!rejected.isEmpty()) {
      context.reply(new ErrorMessage(code, "subscription refused for " + rejected.keySet(), Map.of("topics", rejected), null));
      return;
    }
    long added = patterns.stream().filter(p -> !connection.subscriptions.containsKey(p.text())).count();
    if (connection.subscriptions.size() + added > limits.maxSubscriptionsPerConnection()) {
      context.reply(new ErrorMessage(ErrorCode.SUBSCRIPTION_LIMIT_EXCEEDED,
          "at most " + limits.maxSubscriptionsPerConnection() + " subscriptions per connection",
          Map.of("limit", limits.maxSubscriptionsPerConnection()), null));
      return;
    }
    for (TopicPattern pattern : patterns) {
      add(new Subscription(connection, pattern, filter));
    }
    context.reply(Ack.ok());
    for (TopicPattern pattern : patterns) {
      notifySubscribed(pattern.text(), filter, context);
    }
  }

  /**
   * Subscribes on the server's decision, without the client-facing checks or a reply: endpoint
   * auto-subscriptions and features. Counts towards the subscription limit.
   */
  boolean subscribeInternal(PushConnection connection, String topic, MessageFilter filter) {
    if (!connection.subscriptions.containsKey(topic)
        && connection.subscriptions.size() >= limits.maxSubscriptionsPerConnection()) {
      return false;
    }
    add(new Subscription(connection, TopicPattern.of(topic), filter));
    notifySubscribed(topic, filter, connection.context(null, Envelope.DATA));
    return connection.isOpen();
  }

  private void notifySubscribed(String topic, MessageFilter filter, RequestContext context) {
    for (SubscriptionListener listener : subscriptionListeners) {
      try {
        listener.onSubscribed(topic, filter, context);
      } catch (RuntimeException e) {
        log.warn("subscription listener failed for {}", topic, e);
      }
    }
  }

  /**
   * Adds {@code subscription}, replacing the connection's earlier one to the same pattern. The
   * delivery index is updated before the connection's own map, which {@link #stats()} counts: a
   * subscription that is counted already receives every publication.
   */
  private void add(Subscription subscription) {
    PushConnection connection = subscription.connection();
    if (!connection.isOpen()) {
      return;
    }
    String text = subscription.pattern().text();
    if (subscription.pattern().isWildcard()) {
      wildcards.put(new WildcardKey(connection, text), subscription);
    } else {
      exact.compute(text, (topic, byConnection) -> {
        Map<PushConnection, Subscription> entry = byConnection != null ? byConnection : new ConcurrentHashMap<>();
        entry.put(connection, subscription);
        return entry;
      });
    }
    connection.subscriptions.put(text, subscription);
    if (!connection.isOpen()) { // closed meanwhile: forget() may have missed this one
      remove(subscription);
      connection.subscriptions.remove(text, subscription);
    }
  }

  void unsubscribe(PushConnection connection, List<String> names) {
    for (String name : names) {
      Subscription s = connection.subscriptions.get(name);
      if (s != null) { // out of the delivery index first, as add() puts it there first
        remove(s);
        connection.subscriptions.remove(name, s);
      }
    }
  }

  /**
   * Removes every subscription to exactly {@code topic}, on every connection. Features call this
   * when a topic ends (a task reached a terminal state).
   *
   * @return how many subscriptions were removed
   */
  public int endTopic(String topic) {
    Map<PushConnection, Subscription> subs = exact.remove(topic);
    if (subs == null) {
      return 0;
    }
    for (Subscription s : subs.values()) {
      s.connection().subscriptions.remove(topic, s);
    }
    return subs.size();
  }

  private void remove(Subscription s) {
    if (s.pattern().isWildcard()) {
      wildcards.remove(new WildcardKey(s.connection(), s.pattern().text()), s);
    } else {
      exact.computeIfPresent(s.pattern().text(), (topic, byConnection) -> {
        byConnection.remove(s.connection(), s);
        return byConnection.isEmpty() ? null : byConnection;
      });
    }
  }

  // ------------------------------------------------------------------ connections

  /**
   * Asks the authenticator. A client that declared no client id gets a fresh one first, so the
   * per-client-id limit only ever groups connections that claim the same id.
   */
  Optional<Principal> authenticate(Credentials credentials) {
    if (credentials.clientId() == null) {
      credentials = new Credentials(credentials.token(), newClientId(), credentials.source());
    }
    try {
      return authenticator.authenticate(credentials);
    } catch (RuntimeException e) {
      log.warn("authenticator failed for {}", credentials, e);
      return Optional.empty();
    }
  }

  String newClientId() {
    return "client-" + ids.incrementAndGet();
  }

  /**
   * Registers a new session; or closes it at once: with {@link #closeAll}'s code while that runs,
   * with 4502 when its handshake asks for a wire format the endpoint cannot speak, with 1013 when a
   * connection limit is reached.
   */
  PushConnection open(Session session, EndpointSpec spec, String remoteAddress) {
    CloseCode away;
    synchronized (sessionsLock) {
      openSessions++;
      away = sendingAway;
    }
    if (away != null) {
      closeAtOnce(session, away, "server shutting down");
      return null;
    }
    String id = "c" + ids.incrementAndGet();
    Negotiation wire = spec.framings().negotiate(session.getRequestParameterMap(), id);
    if (wire instanceof Negotiation.Refuse refuse) {
      closeAtOnce(session, CloseCode.PROTOCOL_MISMATCH, refuse.reason());
      return null;
    }
    PushConnection c = new PushConnection(this, id, session, spec, remoteAddress, ((Negotiation.Speak) wire).framing());
    if (connections.size() >= limits.maxConnections()
        || (remoteAddress != null && !acquire(perRemoteAddress, remoteAddress, limits.maxConnectionsPerRemoteAddress()))) {
      closeAtOnce(session, CloseCode.TRY_AGAIN_LATER, "connection limit reached");
      return null;
    }
    connections.put(c.id(), c);
    counters.opened.increment();
    return c;
  }

  private static void closeAtOnce(Session session, CloseCode code, String reason) {
    try {
      session.close(new jakarta.websocket.CloseReason(
          jakarta.websocket.CloseReason.CloseCodes.getCloseCode(code.code()), reason));
    } catch (java.io.IOException e) {
      log.debug("close failed: {}", e.toString());
    }
  }

  void awaitFirstMessageAuth(PushConnection c) {
    c.setAuthTimer(timer.schedule(c::authTimedOut, limits.authTimeout().toMillis(), TimeUnit.MILLISECONDS));
  }

  void admitHandshake(PushConnection c, Principal principal) {
    if (admitAuthenticated(c, principal, null)) {
      c.afterAuthenticated();
    }
  }

  /**
   * Admits an authenticated connection: applies the per-client-id limit, makes {@code c} reachable
   * as its user's connection and, last, marks it authenticated in the same step as its {@code
   * greeting} (the {@code auth ok}, or null) is queued. So a connection that {@link #principal}
   * shows as authenticated already receives what is published to it, its user or everyone; nothing
   * published overtakes the greeting; and a client that has the greeting gets what is published
   * after it. Runs under the connection's admission lock, as {@link #forget} does: a close racing
   * the admission releases exactly what the admission took.
   *
   * @return whether {@code c} was admitted (false: refused by the limit, or closing)
   */
  boolean admitAuthenticated(PushConnection c, Principal principal, String greeting) {
    synchronized (c.admissionLock) {
      if (!c.isOpen() || !connections.containsKey(c.id())) {
        return false; // closing: forget() has run or will find no principal to release
      }
      if (!acquire(perClientId, principal.clientId(), limits.maxConnectionsPerClientId())) {
        c.close(CloseCode.TRY_AGAIN_LATER, "too many connections for this client id");
        return false;
      }
      byUser.computeIfAbsent(principal.userId(), u -> ConcurrentHashMap.newKeySet()).add(c);
      c.authenticate(principal, greeting);
      return true;
    }
  }

  /** Runs {@code task} on the hub's timer after {@code delayMillis}. */
  void schedule(Runnable task, long delayMillis) {
    try {
      timer.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      task.run(); // the hub is closing: do it now
    }
  }

  /** The container reported a session closed. */
  void sessionClosed() {
    synchronized (sessionsLock) {
      openSessions--;
      sessionsLock.notifyAll();
    }
  }

  /**
   * Forgets a connection: idempotent; releases its subscriptions and counts. Runs under the
   * connection's admission lock (see {@link #admitAuthenticated}); listeners are told after it.
   */
  void forget(PushConnection c) {
    Principal p;
    synchronized (c.admissionLock) {
      if (connections.remove(c.id()) == null) {
        return;
      }
      for (Subscription s : c.subscriptions.values()) {
        remove(s);
      }
      c.subscriptions.clear();
      if (c.remoteAddress() != null) {
        release(perRemoteAddress, c.remoteAddress());
      }
      p = c.principal();
      if (p != null) {
        release(perClientId, p.clientId());
        byUser.computeIfPresent(p.userId(), (user, set) -> {
          set.remove(c);
          return set.isEmpty() ? null : set;
        });
      }
    }
    if (p != null) {
      for (ConnectionListener listener : connectionListeners) {
        try {
          listener.onClosed(c.id());
        } catch (RuntimeException e) {
          log.warn("connection listener failed for {}", c.id(), e);
        }
      }
    }
  }

  private static boolean acquire(Map<String, Integer> counts, String key, int limit) {
    boolean[] ok = new boolean[1];
    counts.compute(key, (k, n) -> {
      int current = n == null ? 0 : n;
      ok[0] = current < limit;
      return ok[0] ? current + 1 : n;
    });
    return ok[0];
  }

  private static void release(Map<String, Integer> counts, String key) {
    counts.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
  }

  /** Pings every connection whose ping is due, and closes the idle ones. Runs on the timer thread. */
  private void sweep() {
    try {
      long now = System.nanoTime();
      long idle = limits.idleTimeout().toNanos();
      long ping = limits.pingInterval().toNanos();
      for (PushConnection c : connections.values()) {
        if (now - c.lastInboundNanos() > idle) {
          c.close(CloseCode.IDLE_TIMEOUT, "idle");
        } else if (now - c.lastPingNanos >= ping) {
          c.lastPingNanos = now;
          c.sendPing();
        }
      }
    } catch (RuntimeException e) {
      log.warn("hub sweep failed", e);
    }
  }

  /** Closes a connection on purpose (kick) with {@code code}. Returns false if it is not here. */
  public boolean disconnect(String connectionId, CloseCode code) {
    PushConnection c = connections.get(connectionId);
    if (c == null) {
      return false;
    }
    c.close(code, "closed by the server");
    return true;
  }

  /** The ids of the open connections on this node. */
  public Set<String> connectionIds() {
    return Set.copyOf(connections.keySet());
  }

  /** The principal of an open, authenticated connection. */
  public Optional<Principal> principal(String connectionId) {
    PushConnection c = connections.get(connectionId);
    return c == null ? Optional.empty() : Optional.ofNullable(c.principal());
  }

  /** A snapshot of the counters. */
  public ServerStats stats() {
    int subscriptions = 0;
    for (PushConnection c : connections.values()) {
      subscriptions += c.subscriptions.size();
    }
    return new ServerStats(connections.size(), subscriptions, counters.opened.sum(), counters.framesIn.sum(),
        counters.framesOut.sum(), counters.dropped.sum(), counters.closedSlow.sum(),
        counters.rejectedFrames.sum(), counters.authFailures.sum());
  }

  /** The limits. */
  public Limits limits() {
    return limits;
  }

  Counters counters() {
    return counters;
  }

  /**
   * Closes every connection with {@code code} and waits up to {@code timeout} for the container
   * to report them closed. Connections that open while it waits are closed at once with the same
   * code, so clients reconnecting during a shutdown go on trying elsewhere or later; once it
   * returns, the hub accepts connections again (unless it is closed).
   *
   * @return whether all were gone in time
   */
  public boolean closeAll(CloseCode code, Duration timeout) {
    Objects.requireNonNull(code, "code");
    synchronized (sessionsLock) {
      sendingAway = code;
    }
    try {
      for (PushConnection c : connections.values()) {
        c.close(code, "server shutting down");
      }
      return awaitSessionsClosed(System.nanoTime() + timeout.toNanos());
    } finally {
      synchronized (sessionsLock) {
        sendingAway = hubClosed ? CloseCode.GOING_AWAY : null;
      }
    }
  }

  private boolean awaitSessionsClosed(long deadline) {
    synchronized (sessionsLock) {
      while (openSessions > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(sessionsLock, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }
  }

  /** Closes every connection with 1001 (and any that opens later), and stops the timer and the broker. */
  @Override
  public void close() {
    synchronized (sessionsLock) {
      hubClosed = true;
    }
    closeAll(CloseCode.GOING_AWAY, Duration.ZERO);
    timer.shutdownNow();
    broker.close();
  }

  /** Configures a {@link Hub}. */
  public static final class Builder {
    private Broker broker = new InMemoryBroker();
    private Authenticator authenticator = credentials -> Optional.empty();
    private TopicAuthorizer topicAuthorizer = TopicAuthorizer.ALLOW_ALL;
    private Limits limits = Limits.defaults();
    private final Map<String, Class<?>> customTypes = new LinkedHashMap<>();
    private final Map<String, Envelope> customEnvelopes = new LinkedHashMap<>();

    private Builder() {
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
