package io.pushwire.server;

import io.pushwire.protocol.Auth;
import io.pushwire.protocol.CloseCode;
import io.pushwire.protocol.CommonReply;
import io.pushwire.protocol.Connection;
import io.pushwire.protocol.ErrorCode;
import io.pushwire.protocol.ErrorMessage;
import io.pushwire.protocol.Message;
import io.pushwire.protocol.Ping;
import io.pushwire.protocol.Pong;
import io.pushwire.protocol.ServerMessage;
import io.pushwire.protocol.Subscribe;
import io.pushwire.protocol.Unsubscribe;
import io.pushwire.protocol.codec.DecodeException;
import io.pushwire.protocol.codec.Envelope;
import io.pushwire.protocol.codec.Frame;
import io.pushwire.protocol.codec.MessageTypes;
import io.pushwire.server.OutboundQueue.Offer;
import io.pushwire.server.auth.AuthMode;
import io.pushwire.server.auth.Credentials;
import io.pushwire.server.auth.Principal;
import io.pushwire.server.requests.RequestContext;
import io.pushwire.server.wire.Framing;
import io.pushwire.server.wire.Inbound;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection as the hub sees it: who it is, what it subscribed to, its outbound queue,
 * and the handling of its inbound frames. Inbound frames arrive one at a time on the container's
 * thread for this session (JSR-356 never calls a session's message handler concurrently), so the
 * fields marked "reader thread" need no lock.
 */
final class PushConnection {

  private static final Logger log = LoggerFactory.getLogger(PushConnection.class);

  private final Hub hub;
  private final String id;
  private final Session session;
  private final EndpointSpec spec;
  private final String remoteAddress;
  private final OutboundQueue outbound;
  /** The wire format this client speaks, chosen at the handshake; immutable or guarding itself. */
  private final Framing framing;

  /** Null until authenticated; written once by the reader thread (or at open), read by publishers. */
  private volatile Principal principal;
  /** Guards the hub's admission and release of this connection: its principal, user entry and client-id count. */
  final Object admissionLock = new Object();
  /** The subscriptions of this connection, by topic or pattern text. Concurrent: read by publishers and stats. */
  final Map<String, Hub.Subscription> subscriptions = new ConcurrentHashMap<>();
  /** Set once when the connection starts closing; later closes are no-ops. */
  private final AtomicBoolean closing = new AtomicBoolean();
  /** Nanos of the last inbound frame or pong; written by container threads, read by the hub timer. */
  private volatile long lastInboundNanos = System.nanoTime();
  /** Nanos of the last WebSocket ping sent; only accessed by the hub timer thread. */
  long lastPingNanos = System.nanoTime();
  /** Pending auth-timeout close; set at open, cancelled on auth. Volatile: set and read on different threads. */
  private volatile ScheduledFuture<?> authTimer;

  /** Token bucket for the inbound rate: reader thread only. */
  private double tokens;
  /** Reader thread only. */
  private long lastRefillNanos = System.nanoTime();
  /** Consecutive messages over the rate: reader thread only. */
  private int strikes;

  PushConnection(Hub hub, String id, Session session, EndpointSpec spec, String remoteAddress, Framing framing) {
    this.hub = hub;
    this.id = id;
    this.session = session;
    this.spec = spec;
    this.remoteAddress = remoteAddress;
    this.tokens = hub.limits().messageBurst();
    this.outbound = new OutboundQueue(session.getAsyncRemote(), hub.limits().outboundQueueFrames(),
        hub.limits().outboundQueueChars(), this::onSendFailure);
    this.framing = framing;
  }

  /** Sends what the framing opens with (if anything), before anything else is sent. */
  void begin() {
    for (String frame : framing.open(hub.limits())) {
      account(outbound.offer(frame, false));
    }
  }

  String id() {
    return id;
  }

  EndpointSpec spec() {
    return spec;
  }

  Dialect dialect() {
    return spec.dialect();
  }

  String remoteAddress() {
    return remoteAddress;
  }

  Principal principal() {
    return principal;
  }

  boolean isAuthenticated() {
    return principal != null;
  }

  long lastInboundNanos() {
    return lastInboundNanos;
  }

  void setAuthTimer(ScheduledFuture<?> timer) {
    this.authTimer = timer;
  }

  boolean isOpen() {
    return !closing.get() && session.isOpen();
  }

  // ---------------------------------------------------------------- inbound

  void onPong() {
    lastInboundNanos = System.nanoTime();
  }

  void onText(String text) {
    lastInboundNanos = System.nanoTime();
    hub.counters().framesIn.increment();
    if (utf8LengthExceeds(text, hub.limits().maxFrameBytes())) {
      // Containers differ in whether they enforce the session's buffer size; the limit holds anyway.
      hub.counters().rejectedFrames.increment();
      close(CloseCode.TOO_BIG, "frame larger than " + hub.limits().maxFrameBytes() + " bytes");
      return;
    }
    if (framing.metersEveryFrame() && !withinRate(null)) {
      return;
    }
    Inbound inbound = framing.inbound(text);
    if (inbound instanceof Inbound.Message message) {
      onMessage(message.json());
    } else if (inbound instanceof Inbound.Connect connect) {
      onConnect(connect.token());
    } else if (inbound instanceof Inbound.Answer answer) {
      account(outbound.offer(answer.frame(), false));
    } else if (inbound instanceof Inbound.Pong) {
      onPong();
    } else if (inbound instanceof Inbound.Leave) {
      close(CloseCode.NORMAL, "the client disconnected");
    } else if (inbound instanceof Inbound.Invalid invalid) {
      hub.counters().rejectedFrames.increment();
      reply(null, Envelope.FLAT, ErrorMessage.of(ErrorCode.INVALID_MESSAGE, invalid.why()));
    }
  }

  private void onMessage(String json) {
    Frame frame = null;
    DecodeException invalid = null;
    try {
      frame = hub.codec(dialect()).decodeFrame(json);
    } catch (DecodeException e) {
      invalid = e;
    }
    // An acknowledgement (common_reply) asks nothing of the server, and the running log waits for
    // it: refusing one would stall that stream until the ack timeout. So it is not metered.
    boolean acknowledgement = frame != null && frame.message() instanceof CommonReply;
    if (!framing.metersEveryFrame() && !acknowledgement && !withinRate(frame != null ? frame.id() : invalid.id())) {
      return;
    }
    if (invalid != null) {
      hub.counters().rejectedFrames.increment();
      if (!isAuthenticated()) {
        refuseAuth("first frame was not a valid auth message");
        return;
      }
      reply(invalid.id(), Envelope.DATA, new ErrorMessage(invalid.errorCode(), invalid.getMessage(),
          invalid.type() == null ? null : Map.of("type", invalid.type()), null));
      return;
    }
    Message message = frame.message();
    if (!isAuthenticated()) {
      if (message instanceof Auth auth && spec.authModes().contains(AuthMode.FIRST_MESSAGE)) {
        authenticateFirstMessage(auth);
      } else {
        refuseAuth("the first frame must be auth");
      }
      return;
    }
    handle(frame);
  }

  /** The client asks the framing to open its session (a namespace connect), with a token or none. */
  private void onConnect(String token) {
    if (isAuthenticated()) {
      sendFrames(framing.connected());
    } else if (token != null && spec.authModes().contains(AuthMode.FIRST_MESSAGE)) {
      authenticateFirstMessage(new Auth(token));  // its auth ok becomes the connect answer
    } else {
      refuseAuth("the connect packet carries no auth token");
    }
  }

  private void handle(Frame frame) {
    Message message = frame.message();
    if (message instanceof Ping) {
      reply(frame.id(), frame.envelope(), new Pong(Instant.now()));
    } else if (message instanceof Auth) {
      replyCommon(CommonReply.AUTH_OK); // already authenticated: answer idempotently
    } else if (message instanceof Subscribe subscribe) {
      hub.subscribe(this, subscribe, context(frame));
    } else if (message instanceof Unsubscribe unsubscribe) {
      hub.unsubscribe(this, unsubscribe.names());
      reply(frame.id(), frame.envelope(), io.pushwire.protocol.Ack.ok());
    } else if (message instanceof io.pushwire.protocol.ClientMessage request) {
      hub.dispatch(request, context(frame));
    }
  }

  private static boolean utf8LengthExceeds(String text, int max) {
    if (text.length() > max) {
      return true;
    }
    if ((long) text.length() * 3 <= max) {
      return false; // no UTF-8 character takes more than 3 bytes per UTF-16 unit
    }
    return text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > max;
  }

  /**
   * Refills the token bucket and takes one token; over the rate, answers with an error carrying
   * {@code requestId} (the refused frame's) and closes after too many strikes.
   */
  private boolean withinRate(String requestId) {
    Limits limits = hub.limits();
    long now = System.nanoTime();
    tokens = Math.min(limits.messageBurst(), tokens + (now - lastRefillNanos) / 1e9 * limits.messagesPerSecond());
    lastRefillNanos = now;
    if (tokens >= 1) {
      tokens -= 1;
      strikes = 0;
      return true;
    }
    hub.counters().rejectedFrames.increment();
    if (++strikes > limits.rateLimitStrikes()) {
      close(CloseCode.POLICY_VIOLATION, "rate limit exceeded repeatedly");
      return false;
    }
    long retryAfterMs = (long) Math.ceil((1 - tokens) / limits.messagesPerSecond() * 1000);
    // Carry the refused request's id, so a client can fail that request at once instead of
    // waiting for its timeout.
    reply(requestId, Envelope.DATA, new ErrorMessage(ErrorCode.RATE_LIMIT_EXCEEDED,
        "more than " + limits.messagesPerSecond() + " messages per second", null, retryAfterMs));
    return false;
  }

  // ---------------------------------------------------------------- auth

  private void authenticateFirstMessage(Auth auth) {
    String clientId = firstQueryParameter("client_id").orElse(null);
    Optional<Principal> result = hub.authenticate(new Credentials(auth.token(), clientId, AuthMode.FIRST_MESSAGE));
    if (result.isEmpty()) {
      refuseAuth("token refused");
      return;
    }
    if (hub.admitAuthenticated(this, result.get(), hub.codec(dialect()).encode(CommonReply.AUTH_OK))) {
      afterAuthenticated();
    }
  }

  /**
   * Marks this connection authenticated, in the same step as its {@code greeting} (if not null) is
   * queued: a publisher that sees the principal queues behind the greeting, and the client cannot
   * receive the greeting before publications reach it. The hub calls it once admission succeeded.
   */
  void authenticate(Principal principal, String greeting) {
    Runnable mark = () -> {
      this.principal = principal;
      ScheduledFuture<?> timer = authTimer;
      if (timer != null) {
        timer.cancel(false);
      }
    };
    if (greeting == null) {
      mark.run();
      return;
    }
    List<String> frames = frame(greeting);
    Offer offer = frames.isEmpty() ? Offer.CLOSED : outbound.offerThen(frames.get(0), mark);
    if (offer != Offer.QUEUED) {
      mark.run(); // going away: marked all the same, so that forget() releases what admission took
    }
    account(offer);
    sendFrames(frames.subList(Math.min(1, frames.size()), frames.size()));
  }

  /** Greets and subscribes a freshly authenticated connection as its endpoint asks. */
  void afterAuthenticated() {
    hub.notifyAuthenticated(this);
    if (spec.sendConnectionMessage()) {
      push(hub.encodeSingle(dialect(), null, Connection.connected(principal.clientId(), Instant.now())), false);
    }
    for (String topic : spec.autoSubscribe()) {
      hub.subscribeInternal(this, topic, io.pushwire.server.topics.MessageFilter.NONE);
    }
    if (spec.topicsQueryParameter()) {
      firstQueryParameter("topics").ifPresent(topics -> hub.subscribe(this,
          Subscribe.topics(java.util.Arrays.stream(topics.split(",")).map(String::trim)
              .filter(t -> !t.isEmpty()).toList()), context(null, Envelope.DATA)));
    }
  }

  private void refuseAuth(String why) {
    hub.counters().authFailures.increment();
    log.debug("connection {} refused: {}", id, why);
    if (spec.authModes().contains(AuthMode.FIRST_MESSAGE)) {
      replyCommon(CommonReply.AUTH_ERROR);
    } else {
      reply(null, dialect().errorEnvelope(), ErrorMessage.of(ErrorCode.AUTHENTICATION_FAILED, "authentication failed"));
    }
    close(CloseCode.AUTH_FAILED, "authentication failed");
  }

  /** Refuses a connection whose handshake credentials were refused, where the container cannot answer 401. */
  void refuseHandshakeAuth() {
    hub.counters().authFailures.increment();
    if (spec.sendConnectionMessage()) {
      push(hub.encodeSingle(dialect(), null, Connection.error(ErrorCode.AUTH_FAILED, "authentication failed")), false);
    } else {
      reply(null, dialect().errorEnvelope(), ErrorMessage.of(ErrorCode.AUTHENTICATION_FAILED, "authentication failed"));
    }
    close(CloseCode.AUTH_FAILED, "authentication failed");
  }

  void authTimedOut() {
    if (!isAuthenticated()) {
      close(CloseCode.AUTH_TIMEOUT, "no auth within " + hub.limits().authTimeout().toMillis() + " ms");
    }
  }

  Optional<String> firstQueryParameter(String name) {
    java.util.List<String> values = session.getRequestParameterMap().get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0));
  }

  // ---------------------------------------------------------------- outbound

  /** Queues one message (JSON as the dialect writes it), framed for this client; applies the slow-consumer policy. */
  void push(String json, boolean droppable) {
    for (String frame : frame(json)) {
      account(outbound.offer(frame, droppable));
    }
  }

  /** The framing this client speaks; the hub frames each publication once per framing format and dialect. */
  Framing framing() {
    return framing;
  }

  /**
   * Queues a frame already in this client's framing: a publication, framed once for all of its
   * recipients with the same format and dialect; {@code null} sends nothing.
   */
  void pushFramed(String frame, boolean droppable) {
    if (frame != null) {
      account(outbound.offer(frame, droppable));
    }
  }

  private void sendFrames(List<String> frames) {
    for (String frame : frames) {
      account(outbound.offer(frame, false));
    }
  }

  /** The frames for one outbound message; none if the framing cannot take it. */
  private List<String> frame(String json) {
    try {
      return framing.outbound(json);
    } catch (IllegalArgumentException e) {
      // Every message the hub writes is a JSON object; never let one break a publisher's delivery loop.
      log.warn("message for connection {} not sent: {}", id, e.getMessage());
      return List.of();
    }
  }

  /** Counts what the queue did with a frame, and closes the connection if the queue overflowed. */
  private void account(Offer offer) {
    switch (offer) {
      case QUEUED -> hub.counters().framesOut.increment();
      case DROPPED -> hub.counters().dropped.increment();
      case OVERFLOW -> {
        hub.counters().closedSlow.increment();
        close(CloseCode.SLOW_CONSUMER, "outbound queue full");
      }
      case CLOSED -> {
        // the connection is going away; nothing to deliver to
      }
    }
  }

  private void replyCommon(CommonReply reply) {
    push(hub.codec(dialect()).encode(reply), false);
  }

  /** Sends a reply correlated by {@code requestId}; see {@link Hub#encodeReply}. */
  boolean reply(String requestId, Envelope requestEnvelope, ServerMessage reply) {
    if (!isOpen()) {
      return false;
    }
    push(hub.encodeReply(dialect(), requestId, requestEnvelope, reply), false);
    return true;
  }

  RequestContext context(Frame frame) {
    return context(frame.id(), frame.envelope());
  }

  RequestContext context(String requestId, Envelope envelope) {
    PushConnection connection = this;
    return new RequestContext() {
      @Override
      public Principal principal() {
        return principal;
      }

      @Override
      public String connectionId() {
        return id;
      }

      @Override
      public String path() {
        return spec.path();
      }

      @Override
      public String requestId() {
        return requestId;
      }

      @Override
      public boolean reply(ServerMessage reply) {
        return connection.reply(requestId, envelope, reply);
      }

      @Override
      public boolean fail(ErrorCode code, String message) {
        return connection.reply(requestId, envelope, ErrorMessage.of(code, message));
      }

      @Override
      public boolean subscribe(String topic) {
        return hub.subscribeInternal(connection, topic, io.pushwire.server.topics.MessageFilter.NONE);
      }

      @Override
      public void unsubscribe(String topic) {
        hub.unsubscribe(connection, java.util.List.of(topic));
      }
    };
  }

  /** Sends a heartbeat: the framing's own frame (droppable: a backed-up queue is a live one), or a WebSocket ping. */
  void sendPing() {
    String heartbeat = framing.heartbeat();
    if (heartbeat != null) {
      outbound.offer(heartbeat, true);
      return;
    }
    try {
      session.getAsyncRemote().sendPing(ByteBuffer.allocate(0));
    } catch (IOException | RuntimeException e) {
      log.debug("ping to {} failed: {}", id, e.toString());
    }
  }

  private void onSendFailure(Throwable error) {
    log.debug("send to {} failed: {}", id, String.valueOf(error));
    close(CloseCode.ABNORMAL, "send failed");
  }

  /**
   * Closes with {@code code}. The hub forgets the connection at once, so its subscriptions are
   * released even if the close frame cannot be delivered. Frames already queued (an
   * {@code auth error}, a last reply) go out first; a send stuck behind a client that stopped
   * reading gets {@link #CLOSE_GRACE_MILLIS} before the session is closed regardless.
   */
  void close(CloseCode code, String reason) {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    hub.forget(this);
    int wireCode = code == CloseCode.ABNORMAL ? CloseCode.SERVER_ERROR.code() : code.code();
    AtomicBoolean closed = new AtomicBoolean();
    Runnable closeSession = () -> {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      try {
        session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(wireCode), reason));
      } catch (IOException | RuntimeException e) {
        log.debug("close of {} failed: {}", id, e.toString());
      }
    };
    outbound.sealAndThen(closeSession);
    if (!closed.get()) {
      hub.schedule(closeSession, CLOSE_GRACE_MILLIS);
    }
  }

  /** How long a close waits for a send in flight before closing the session anyway. */
  static final long CLOSE_GRACE_MILLIS = 1_000;

  /** Called when the container reports the session closed. */
  void closed() {
    closing.set(true);
    outbound.close();
    hub.forget(this);
  }

  @Override
  public String toString() {
    return "PushConnection[" + id + " " + spec.path() + (principal == null ? "" : " user=" + principal.userId()) + "]";
  }

  static String typeOf(Message message) {
    return MessageTypes.typeOf(message);
  }
}
