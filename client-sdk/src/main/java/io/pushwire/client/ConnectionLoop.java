package io.pushwire.client;

import io.pushwire.client.reconnect.Disconnect;
import io.pushwire.client.reconnect.ReconnectDecision;
import io.pushwire.client.transport.ConnectFailedException;
import io.pushwire.client.transport.ConnectRequest;
import io.pushwire.client.transport.Transport;
import io.pushwire.client.transport.TransportConnection;
import io.pushwire.client.transport.TransportListener;
import io.pushwire.protocol.Ack;
import io.pushwire.protocol.Auth;
import io.pushwire.protocol.ClientMessage;
import io.pushwire.protocol.CloseCode;
import io.pushwire.protocol.CommonReply;
import io.pushwire.protocol.ErrorCode;
import io.pushwire.protocol.ErrorMessage;
import io.pushwire.protocol.Message;
import io.pushwire.protocol.Ping;
import io.pushwire.protocol.Pong;
import io.pushwire.protocol.Position;
import io.pushwire.protocol.ServerMessage;
import io.pushwire.protocol.Subscribe;
import io.pushwire.protocol.Unsubscribe;
import io.pushwire.protocol.codec.DecodeException;
import io.pushwire.protocol.codec.Frame;
import io.pushwire.protocol.codec.PushwireCodec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The client's state machine: connection attempts, first-message auth, heartbeats, reconnects,
 * and what happens to requests, subscriptions and the outbox as connections come and go. Features
 * built on top (the running-log tail, task watching) see only {@link PushClient}'s public API:
 * each open connection is handed out as a {@link Connection}, and pushed messages reach claims or
 * listeners with the id and connection they came with.
 *
 * <p>Threading: every field below is confined to one thread, the loop ({@link LoopThread}),
 * unless its comment says otherwise. Transport threads and application threads only
 * post tasks to it; so no state is ever read half-changed and no lock is needed. The loop never
 * blocks: connecting happens on a short-lived thread per attempt, and everything the application
 * sees runs on the callback executor ({@link Callbacks}).
 */
final class ConnectionLoop {

  private static final System.Logger LOG = System.getLogger(PushClient.class.getName());

  /**
   * Characters handed to the transport and not yet written, per connection, beyond which the
   * connection counts as stuck: it is closed and a new one made, rather than buffering without end.
   * 16 Mi characters is far beyond any healthy backlog of control and request frames.
   */
  static final long MAX_UNSENT_CHARS = 16L << 20;

  /** Ids of heartbeat pings; their pongs are consumed by the client, not delivered. */
  private static final String HEARTBEAT_ID = "hb_";
  private static final String REQUEST_ID = "req_";
  private static final Set<ErrorCode> AUTH_ERRORS =
      Set.of(ErrorCode.AUTHENTICATION_FAILED, ErrorCode.AUTH_FAILED, ErrorCode.UNAUTHORIZED);

  /** Where the client stands as a whole (not one connection). */
  private enum Lifecycle {
    /** Built; {@code connect()} not yet called. */
    NEW,
    /** Connecting, connected, or waiting to reconnect. */
    RUNNING,
    /** Gave up (terminal cause or attempt limit); {@code connect()} starts again. */
    STOPPED,
    /** {@code close()} was called. */
    CLOSED
  }

  /** Where the current connection stands. */
  private enum Phase { NONE, CONNECTING, AUTHENTICATING, OPEN }

  private final ClientConfig config;
  private final String name;
  private final LoopThread loop;
  private final Callbacks callbacks;
  private final Listeners listeners;
  private final Transport transport;
  private final PushwireCodec codec;
  private final PendingRequests pending;
  private final Subscriptions subscriptions = new Subscriptions();
  private final Outbox outbox;
  private final Heartbeat heartbeat;

  /** Written by the loop, read by any thread ({@link PushClient#state()}). */
  private volatile ConnectionState state = ConnectionState.CLOSED;
  /** Written by the loop, read by any thread ({@link PushClient#subscriptions()}). */
  private volatile Set<String> subscribedNames = Set.of();
  /** Set once by {@link #close()} from any thread; read by connecting and transport threads. */
  private volatile boolean closed;
  /** The open connection's handle, or null; written by the loop, read by any thread ({@link Handle#isOpen()}). */
  private volatile Handle openConnection;

  /** The client as a whole; loop thread only. */
  private Lifecycle lifecycle = Lifecycle.NEW;
  /** Completed when the current run first reaches OPEN; null before the first connect(); loop thread only. */
  private CompletableFuture<Void> connected;
  /** The current connection's progress; loop thread only. */
  private Phase phase = Phase.NONE;
  /** The current attempt and, once open, its connection; null between attempts; loop thread only. */
  private Link link;
  /** The number of the latest attempt since the last stable connection; loop thread only. */
  private int attempt;
  /** Numbers request ids ({@code req_<n>}); loop thread only. */
  private long requestCounter;
  /** Numbers heartbeat ids ({@code hb_<n>}); loop thread only. */
  private long pingCounter;
  /** The longest {@code retry_after} the server sent on the current connection, or null; loop thread only. */
  private Duration retryAfter;
  /** Pending start of the next attempt; loop thread only. */
  private ScheduledFuture<?> reconnectTimer;
  /** Pending give-up on a first-message auth reply; loop thread only. */
  private ScheduledFuture<?> authTimer;
  /** Periodic heartbeat check of the open connection; loop thread only. */
  private ScheduledFuture<?> heartbeatTimer;
  /** Pending reset of the attempt count once the connection is stable; loop thread only. */
  private ScheduledFuture<?> stableTimer;

  ConnectionLoop(ClientConfig config, String name, Listeners listeners) {
    this.config = config;
    this.name = name;
    this.listeners = listeners;
    this.codec = config.codec();
    this.pending = new PendingRequests(config.maxPendingRequests());
    this.outbox = new Outbox(config.outboxCapacity());
    this.heartbeat = new Heartbeat(config.heartbeatInterval(), config.heartbeatTimeout());
    this.callbacks = new Callbacks(config.callbackExecutor(), name + "-callbacks");
    this.transport = config.transports().apply(name);
    this.loop = new LoopThread(name);
  }

  ConnectionState state() {
    return state;
  }

  Set<String> subscribedNames() {
    return subscribedNames;
  }

  /** The open connection, or null. */
  Connection connection() {
    return openConnection;
  }

  boolean isClosed() {
    return closed;
  }

  // ------------------------------------------------------------------ public operations (any thread)

  CompletableFuture<Void> connect() {
    CompletableFuture<Void> result = new CompletableFuture<>();
    submit(result, () -> {
      if (lifecycle != Lifecycle.RUNNING) {
        lifecycle = Lifecycle.RUNNING;
        attempt = 0;
        connected = new CompletableFuture<>();
        startAttempt();
      }
      connected.whenComplete((ok, error) -> callbacks.complete(() -> settle(result, error)));
    });
    return result;
  }

  CompletableFuture<Void> send(ClientMessage message) {
    CompletableFuture<Void> result = new CompletableFuture<>();
    submit(result, () -> {
      String text = codec.encode(message);
      if (phase == Phase.OPEN) {
        write(link, text).whenComplete((ok, error) -> callbacks.complete(() -> settle(result, writeFailure(error))));
      } else if (outboxAccepts()) {
        if (!outbox.offer(new Outbox.Item(text, result, null))) {
          fail(result, new OutboxFullException(outbox.capacity()));
        }
      } else {
        fail(result, notConnected());
      }
    });
    return result;
  }

  <R extends ServerMessage> CompletableFuture<R> request(ClientMessage message, Class<R> replyType) {
    CompletableFuture<R> result = new CompletableFuture<>();
    submit(result, () -> {
      if (phase != Phase.OPEN && !outboxAccepts()) {
        fail(result, notConnected());
        return;
      }
      if (pending.full()) {
        fail(result, new TooManyPendingRequestsException(pending.limit()));
        return;
      }
      String id = REQUEST_ID + (++requestCounter);
      String text = codec.encode(codec.frame(message).withId(id));
      pending.add(id, new RequestPending<>(replyType, result, callbacks, config.requestTimeout()),
          loop.schedule(() -> pending.timeout(id), config.requestTimeout()), true);
      if (phase == Phase.OPEN) {
        writeRequest(id, text);
      } else if (!outbox.offer(new Outbox.Item(text, result, id))) {
        pending.fail(id, new OutboxFullException(outbox.capacity()));
      }
    });
    return result;
  }

  CompletableFuture<Void> subscribe(Subscribe subscribe) {
    CompletableFuture<Void> result = new CompletableFuture<>();
    submit(result, () -> {
      if (subscribe.names().isEmpty()) {
        fail(result, new IllegalArgumentException("subscribe names no topics or events"));
        return;
      }
      if (lifecycle == Lifecycle.STOPPED) {
        fail(result, notConnected());
        return;
      }
      Subscriptions.Entry entry = subscriptions.add(subscribe, result);
      subscribedNames = subscriptions.names();
      if (phase == Phase.OPEN) {
        sendSubscribe(entry);
      }
    });
    return result;
  }

  CompletableFuture<Void> unsubscribe(List<String> names) {
    CompletableFuture<Void> result = new CompletableFuture<>();
    submit(result, () -> {
      for (CompletableFuture<Void> orphan : subscriptions.forget(names)) {
        fail(orphan, new CancellationException("unsubscribed before the server confirmed"));
      }
      subscribedNames = subscriptions.names();
      if (phase != Phase.OPEN) {
        callbacks.complete(() -> result.complete(null));
        return;
      }
      String id = REQUEST_ID + (++requestCounter);
      CompletableFuture<Ack> ack = new CompletableFuture<>();
      ack.whenComplete((ok, error) -> settle(result, error));
      pending.add(id, new RequestPending<>(Ack.class, ack, callbacks, config.requestTimeout()),
          loop.schedule(() -> pending.timeout(id), config.requestTimeout()), false);
      writeRequest(id, codec.encode(codec.frame(Unsubscribe.topics(names)).withId(id)));
    });
    return result;
  }

  /**
   * Stops everything: closes the connection, fails what waits, ends the loop and the client's
   * callback thread. Waits (up to 10 s) for the loop to finish, except on the loop itself.
   */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (!loop.post(() -> {
      try {
        shutDownOnLoop();
      } finally {
        done.complete(null);
      }
    })) {
      done.complete(null);
    }
    if (!loop.isCurrent()) {
      try {
        done.get(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
        LOG.log(System.Logger.Level.WARNING, "client loop did not stop within 10 s");
      }
    }
    loop.shutdown();
    callbacks.shutdown();
  }

  // ------------------------------------------------------------------ attempts (loop thread)

  private void startAttempt() {
    reconnectTimer = null;
    attempt++;
    Link attemptLink = new Link();
    link = attemptLink;
    phase = Phase.CONNECTING;
    changeState(ConnectionState.CONNECTING, attempt, null, null);
    ConnectRequest request;
    String token;
    try {
      token = config.token() == null ? null : config.token().get();
      if (config.placement() != null && (token == null || token.isEmpty())) {
        throw new IllegalStateException("the token supplier returned no token");
      }
      request = HandshakeRequests.of(config, token);
    } catch (RuntimeException e) {
      lost(attemptLink, new Disconnect.ConnectFailed("token supplier failed: " + e), false);
      return;
    }
    attemptLink.authToken = config.placement() == TokenPlacement.FIRST_MESSAGE ? token : null;
    Thread connector = new Thread(() -> connectOn(attemptLink, request), name + "-connect-" + attempt);
    connector.setDaemon(true);
    connector.start();
  }

  /** Runs on the attempt's own thread: blocks for at most the connect timeout. */
  private void connectOn(Link attemptLink, ConnectRequest request) {
    if (closed) {
      return;
    }
    try {
      transport.connect(request, attemptLink);
    } catch (ConnectFailedException e) {
      loop.post(() -> connectFailed(attemptLink, e));
    } catch (RuntimeException e) {
      loop.post(() -> connectFailed(attemptLink, new ConnectFailedException("transport failed: " + e, e)));
    }
  }

  private void connectFailed(Link attemptLink, ConnectFailedException e) {
    if (attemptLink != link || attemptLink.connection != null) {
      return; // stale, or it did open after all and its close will follow
    }
    LOG.log(System.Logger.Level.DEBUG, "{0}: attempt {1} failed: {2}", name, attempt, e.getMessage());
    int status = e.httpStatus().orElse(-1);
    Disconnect cause;
    if (status == 401 || status == 403) {
      cause = new Disconnect.AuthenticationRefused("HTTP " + status + " at the handshake");
    } else if (status > 0) {
      cause = new Disconnect.HandshakeRefused(status);
    } else {
      cause = new Disconnect.ConnectFailed(e.getMessage());
    }
    lost(attemptLink, cause, false);
  }

  private void opened(Link attemptLink, TransportConnection connection) {
    if (attemptLink != link) {
      connection.close(CloseCode.NORMAL.code(), "superseded");
      return;
    }
    attemptLink.connection = connection;
    attemptLink.lastInboundNanos = System.nanoTime();
    if (config.placement() == TokenPlacement.FIRST_MESSAGE) {
      phase = Phase.AUTHENTICATING;
      write(attemptLink, codec.encode(new Auth(attemptLink.authToken)));
      authTimer = loop.schedule(() -> {
        if (attemptLink == link && phase == Phase.AUTHENTICATING) {
          lost(attemptLink, new Disconnect.ConnectFailed("no auth reply within " + config.connectTimeout().toMillis()
              + " ms"), true);
        }
      }, config.connectTimeout());
    } else {
      becomeOpen(attemptLink);
    }
  }

  private void becomeOpen(Link openLink) {
    LoopThread.cancel(authTimer);
    phase = Phase.OPEN;
    openConnection = openLink.handle;
    retryAfter = null;
    heartbeat.opened(System.nanoTime());
    changeState(ConnectionState.OPEN, attempt, null, null);
    CompletableFuture<Void> firstOpen = connected;
    if (firstOpen != null && !firstOpen.isDone()) {
      callbacks.complete(() -> firstOpen.complete(null));
    }
    stableTimer = loop.schedule(() -> {
      if (openLink == link) {
        attempt = 0;
      }
    }, config.backoff().resetAfter());
    if (heartbeat.enabled()) {
      heartbeatTimer = loop.scheduleEvery(() -> checkHeartbeat(openLink), heartbeat.checkEvery());
    }
    for (Subscriptions.Entry entry : subscriptions.all()) {
      if (phase != Phase.OPEN) {
        return;
      }
      sendSubscribe(entry);
    }
    if (phase == Phase.OPEN) {
      Handle opened = openLink.handle;
      callbacks.notify(() -> listeners.opened(opened));
    }
    flushOutbox();
  }

  private void flushOutbox() {
    Outbox.Item item;
    while (phase == Phase.OPEN && (item = outbox.poll()) != null) {
      if (item.caller().isDone()) {
        continue; // a request that timed out while it waited
      }
      if (item.requestId() != null) {
        writeRequest(item.requestId(), item.text());
      } else {
        Outbox.Item sent = item;
        write(link, item.text())
            .whenComplete((ok, error) -> callbacks.complete(() -> settle(sent.caller(), writeFailure(error))));
      }
    }
  }

  private void checkHeartbeat(Link openLink) {
    if (openLink != link || phase != Phase.OPEN) {
      return;
    }
    long now = System.nanoTime();
    switch (heartbeat.check(now, openLink.lastInboundNanos)) {
      case DEAD -> lost(openLink, new Disconnect.HeartbeatTimeout(Duration.ofNanos(now - openLink.lastInboundNanos)),
          true);
      case PING -> write(openLink, codec.encode(codec.frame(new Ping()).withId(HEARTBEAT_ID + (++pingCounter))));
      case QUIET -> { }
    }
  }

  // ------------------------------------------------------------------ inbound (loop thread)

  private void received(Link from, String text) {
    if (from != link) {
      callbacks.frameHandled();
      return;
    }
    Frame frame;
    try {
      frame = codec.decodeFrame(text);
    } catch (DecodeException e) {
      callbacks.deliverFrame(() -> listeners.deliverUnknown(new UnknownFrame(e.type(), text, e.getMessage())));
      return;
    }
    Message message = frame.message();
    if (!(message instanceof ServerMessage serverMessage)) {
      String type = io.pushwire.protocol.codec.MessageTypes.typeOf(message);
      UnknownFrame unknown = new UnknownFrame(type, text, type + " is a client message");
      callbacks.deliverFrame(() -> listeners.deliverUnknown(unknown));
      return;
    }
    if (phase == Phase.AUTHENTICATING && authReply(from, serverMessage)) {
      callbacks.frameHandled();
      return;
    }
    if (serverMessage instanceof ErrorMessage error && error.retryAfter() != null) {
      Duration wait = Duration.ofMillis(Math.max(0, error.retryAfter()));
      retryAfter = retryAfter == null || wait.compareTo(retryAfter) > 0 ? wait : retryAfter;
    }
    if (frame.position() != null && !subscriptions.advance(frame.position())) {
      // A publication delivered already (only publications carry pos): replayed after a resume
      // from before a lost ack.
      callbacks.frameHandled();
      return;
    }
    String id = frame.id();
    boolean heartbeatPong = serverMessage instanceof Pong && id != null && id.startsWith(HEARTBEAT_ID);
    if (heartbeatPong || id != null && (pending.reply(id, serverMessage) || pending.timedOut(id))) {
      callbacks.frameHandled(); // a reply to a request that timed out is late: dropped, as documented
      return;
    }
    callbacks.deliverFrame(() -> listeners.deliver(serverMessage, id, from.handle));
  }

  /** Handles the answer to a first-message {@code auth}; false if {@code message} is something else. */
  private boolean authReply(Link from, ServerMessage message) {
    if (CommonReply.AUTH_OK.equals(message)) {
      becomeOpen(from);
      return true;
    }
    if (CommonReply.AUTH_ERROR.equals(message)) {
      lost(from, new Disconnect.AuthenticationRefused("auth error"), true);
      return true;
    }
    if (message instanceof ErrorMessage error && AUTH_ERRORS.contains(error.code())) {
      lost(from, new Disconnect.AuthenticationRefused(error.code().wire()
          + (error.message() == null ? "" : ": " + error.message())), true);
      return true;
    }
    return false;
  }

  // ------------------------------------------------------------------ losing a connection (loop thread)

  /**
   * The attempt or connection of {@code from} is over. Fails what was sent on it, then either
   * schedules the next attempt or stops for good, as {@link ReconnectDecision} says.
   *
   * @param closeIt whether the client must close the transport itself (it decided the connection
   *     is dead or refused), rather than the transport having reported it closed
   */
  private void lost(Link from, Disconnect cause, boolean closeIt) {
    if (from != link) {
      return;
    }
    dropLink(from, closeIt ? closeReasonFor(cause) : null);
    LOG.log(System.Logger.Level.DEBUG, "{0}: connection lost: {1}", name, cause);
    pending.connectionLost(new DisconnectedException("connection lost: " + cause, cause));
    ReconnectDecision decision = ReconnectDecision.decide(cause, attempt + 1, config.backoff(), retryAfter,
        ThreadLocalRandom.current());
    retryAfter = null;
    if (decision instanceof ReconnectDecision.Reconnect reconnect) {
      changeState(ConnectionState.CLOSED, attempt + 1, reconnect.delay(), cause);
      reconnectTimer = loop.schedule(this::startAttempt, reconnect.delay());
    } else {
      stop(cause, ((ReconnectDecision.Stop) decision).reason());
    }
  }

  /** Forgets the current link, stops its timers, and closes its connection if {@code closeReason} is set. */
  private void dropLink(Link from, String closeReason) {
    link = null;
    phase = Phase.NONE;
    openConnection = null;
    from.abandoned = true;
    LoopThread.cancel(authTimer);
    LoopThread.cancel(heartbeatTimer);
    LoopThread.cancel(stableTimer);
    if (closeReason != null && from.connection != null) {
      // Tyrus reports this close back through onClose; the link is no longer current, so it is ignored.
      from.connection.close(CloseCode.NORMAL.code(), closeReason);
    }
  }

  private static String closeReasonFor(Disconnect cause) {
    if (cause instanceof Disconnect.HeartbeatTimeout) {
      return "heartbeat timeout";
    }
    if (cause instanceof Disconnect.SendStalled) {
      return "send stalled";
    }
    if (cause instanceof Disconnect.ClosedByClient) {
      return "client closed";
    }
    return "giving up";
  }

  /** The client will not reconnect: fails everything that waits for a connection. */
  private void stop(Disconnect cause, String reason) {
    lifecycle = Lifecycle.STOPPED;
    changeState(ConnectionState.CLOSED, attempt, null, cause);
    attempt = 0;
    LOG.log(System.Logger.Level.INFO, "{0}: not reconnecting: {1}", name, reason);
    PushClientException failure = isAuthFailure(cause) ? new AuthenticationFailedException(cause)
        : new DisconnectedException("not reconnecting: " + reason, cause);
    failEverythingWaiting(failure);
  }

  private static boolean isAuthFailure(Disconnect cause) {
    return cause instanceof Disconnect.AuthenticationRefused
        || cause instanceof Disconnect.Closed closed && closed.code() == CloseCode.AUTH_FAILED.code();
  }

  private void failEverythingWaiting(PushClientException failure) {
    CompletableFuture<Void> firstOpen = connected;
    if (firstOpen != null && !firstOpen.isDone()) {
      callbacks.complete(() -> firstOpen.completeExceptionally(failure));
    }
    pending.abandonAll(failure);
    for (Outbox.Item item : outbox.drain()) {
      fail(item.caller(), failure);
    }
    for (CompletableFuture<Void> waiting : subscriptions.takeAllWaiting()) {
      fail(waiting, failure);
    }
  }

  private void shutDownOnLoop() {
    LoopThread.cancel(reconnectTimer);
    Disconnect cause = new Disconnect.ClosedByClient();
    Link current = link;
    if (current != null) {
      if (current.connection != null) {
        changeState(ConnectionState.CLOSING, attempt, null, null);
      }
      dropLink(current, closeReasonFor(cause));
    }
    if (lifecycle == Lifecycle.RUNNING) {
      changeState(ConnectionState.CLOSED, attempt, null, cause);
    }
    lifecycle = Lifecycle.CLOSED;
    failEverythingWaiting(new DisconnectedException("the client is closed", cause));
    transport.close();
  }

  // ------------------------------------------------------------------ outbound (loop thread)

  /** Writes a frame on {@code to}'s connection, enforcing {@link #MAX_UNSENT_CHARS}. */
  private CompletableFuture<Void> write(Link to, String text) {
    if (to == null || to != link || to.connection == null) {
      return CompletableFuture.failedFuture(notConnected());
    }
    long unsent = to.unsentChars.addAndGet(text.length());
    if (unsent > MAX_UNSENT_CHARS) {
      to.unsentChars.addAndGet(-text.length());
      lost(to, new Disconnect.SendStalled(unsent - text.length()), true);
      return CompletableFuture.failedFuture(notConnected());
    }
    return to.connection.send(text).whenComplete((ok, error) -> to.unsentChars.addAndGet(-text.length()));
  }

  private void writeRequest(String id, String text) {
    if (!pending.markSent(id)) {
      return; // timed out meanwhile
    }
    write(link, text).whenComplete((ok, error) -> {
      if (error != null) {
        loop.post(() -> pending.fail(id, writeFailure(error)));
      }
    });
  }

  private void sendSubscribe(Subscriptions.Entry entry) {
    String id = REQUEST_ID + (++requestCounter);
    Map<String, Position> since = config.recovery() ? subscriptions.since(entry) : Map.of();
    Subscribe message = !config.recovery() ? entry.message()
        : since.isEmpty() ? entry.message().withPositions() : entry.message().withSince(since);
    subscriptions.resuming(since);
    SubscribePending waiting = new SubscribePending(entry, subscriptions, callbacks, listeners, config.requestTimeout(),
        () -> subscribedNames = subscriptions.names(), since);
    pending.add(id, waiting, loop.schedule(() -> pending.timeout(id), config.requestTimeout()), false);
    writeRequest(id, codec.encode(codec.frame(message).withId(id)));
  }

  /** A failed write as the caller sees it: a {@link PushClientException}, or null when it succeeded. */
  private static PushClientException writeFailure(Throwable error) {
    if (error == null) {
      return null;
    }
    Throwable cause = error instanceof java.util.concurrent.CompletionException c && c.getCause() != null
        ? c.getCause() : error;
    return cause instanceof PushClientException typed ? typed
        : new DisconnectedException("the frame could not be written: " + cause, null);
  }

  private boolean outboxAccepts() {
    return outbox.enabled() && (lifecycle == Lifecycle.NEW || lifecycle == Lifecycle.RUNNING);
  }

  private DisconnectedException notConnected() {
    return switch (lifecycle) {
      case NEW -> new DisconnectedException("not connected: connect() was not called", null);
      case RUNNING -> new DisconnectedException("not connected (" + state + ", attempt " + attempt + ")", null);
      case STOPPED -> new DisconnectedException("not connected: the client stopped reconnecting", null);
      case CLOSED -> new DisconnectedException("the client is closed", new Disconnect.ClosedByClient());
    };
  }

  // ------------------------------------------------------------------ one connection's transport events

  /**
   * One connection attempt and, once open, its connection: the listener the transport calls.
   * The loop compares a link with {@link #link} to ignore events of attempts it has given up.
   */
  private final class Link implements TransportListener {
    /** Set by the loop when opened; loop thread only. */
    private TransportConnection connection;
    /** The token for first-message auth, fixed when the attempt starts; loop thread only. */
    private String authToken;
    /** Nanos of the last frame received; written by the transport's reader, read by the loop. */
    private volatile long lastInboundNanos = System.nanoTime();
    /** Set by the loop when it gives this link up; read by the reader waiting for the inbound window. */
    private volatile boolean abandoned;
    /** Characters handed to the connection and not yet written; updated by loop and I/O threads. */
    private final AtomicLong unsentChars = new AtomicLong();
    /** What the application may hold of this link: sending on it, never its transport events. */
    private final Handle handle = new Handle(this);

    @Override
    public void onOpen(TransportConnection opened) {
      if (!loop.post(() -> opened(this, opened))) {
        opened.close(CloseCode.NORMAL.code(), "client closed");
      }
    }

    @Override
    public void onText(String text) {
      lastInboundNanos = System.nanoTime();
      if (callbacks.admitFrame(() -> !abandoned && !closed) && !loop.post(() -> received(this, text))) {
        callbacks.frameHandled();
      }
    }

    @Override
    public void onClose(int code, String reason) {
      loop.post(() -> lost(this, new Disconnect.Closed(code, reason), false));
    }
  }

  /** A {@link Link} as the application sees it once open: a {@link Connection} that sends on that link only. */
  private final class Handle implements Connection {
    private final Link target;

    private Handle(Link target) {
      this.target = target;
    }

    @Override
    public boolean isOpen() {
      return openConnection == this;
    }

    @Override
    public CompletableFuture<Void> send(ClientMessage message) {
      return sendOn(target, Objects.requireNonNull(message, "message"), null);
    }

    @Override
    public CompletableFuture<Void> send(ClientMessage message, String id) {
      Objects.requireNonNull(id, "id");
      if (id.isEmpty() || id.startsWith(REQUEST_ID) || id.startsWith(HEARTBEAT_ID)) {
        throw new IllegalArgumentException("not an id for a frame sent on a connection: \"" + id
            + "\" (the client numbers its own " + REQUEST_ID + " and " + HEARTBEAT_ID + " ids)");
      }
      return sendOn(target, Objects.requireNonNull(message, "message"), id);
    }
  }

  /** Writes {@code message} (with {@code id}, if not null) on {@code target}, if it is still the open link. */
  private CompletableFuture<Void> sendOn(Link target, ClientMessage message, String id) {
    CompletableFuture<Void> result = new CompletableFuture<>();
    submit(result, () -> {
      if (target != link || phase != Phase.OPEN) {
        fail(result, new DisconnectedException("that connection is no longer open", null));
        return;
      }
      Frame frame = id == null ? codec.frame(message) : codec.frame(message).withId(id);
      write(target, codec.encode(frame))
          .whenComplete((ok, error) -> callbacks.complete(() -> settle(result, writeFailure(error))));
    });
    return result;
  }

  // ------------------------------------------------------------------ helpers

  private void changeState(ConnectionState newState, int attemptNumber, Duration nextDelay, Disconnect cause) {
    state = newState;
    StateChange change = new StateChange(newState, attemptNumber, Optional.ofNullable(nextDelay),
        Optional.ofNullable(cause));
    callbacks.notify(() -> listeners.stateChanged(change));
  }

  /** Runs {@code task} on the loop, or fails {@code result} if the client is closed. */
  private void submit(CompletableFuture<?> result, Runnable task) {
    if (closed || !loop.post(() -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        fail(result, e);
      }
    })) {
      result.completeExceptionally(notConnectedClosed());
    }
  }

  private static DisconnectedException notConnectedClosed() {
    return new DisconnectedException("the client is closed", new Disconnect.ClosedByClient());
  }

  private void fail(CompletableFuture<?> future, Throwable error) {
    callbacks.complete(() -> future.completeExceptionally(error));
  }

  @SuppressWarnings("unchecked")
  private static void settle(CompletableFuture<?> future, Throwable error) {
    if (error == null) {
      ((CompletableFuture<Object>) future).complete(null);
    } else {
      future.completeExceptionally(error instanceof java.util.concurrent.CompletionException c && c.getCause() != null
          ? c.getCause() : error);
    }
  }
}
