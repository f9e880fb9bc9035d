package io.pushwire.server;

import io.pushwire.protocol.Auth;
import io.pushwire.protocol.CloseCode;
import io.pushwire.protocol.CommonReply;
import io.pushwire.protocol.Connection;
import io.pushwire.protocol.ErrorCode;
import io.pushwire.protocol.ErrorMessage;
import io.pushwire.protocol.ServerMessage;
import io.pushwire.protocol.codec.DecodeException;
import io.pushwire.protocol.codec.Envelope;
import io.pushwire.protocol.codec.Frame;
import io.pushwire.server.OutboundQueue.Offer;
import io.pushwire.server.auth.AuthMode;
import io.pushwire.server.auth.Credentials;
import io.pushwire.server.auth.Principal;
import io.pushwire.server.wire.Framing;
import io.pushwire.server.wire.Inbound;
import io.pushwire.server.transport.Handshake;
import io.pushwire.server.transport.HandshakeOutcome;
import io.pushwire.server.transport.OutboundFrame;
import io.pushwire.server.transport.Transport;
import io.pushwire.server.transport.TransportListener;
import io.pushwire.server.transport.Utf8;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: its socket, its framing, its bounded outbound queue, its authentication,
 * and the checks on its inbound frames (size, rate, decoding) before the hub sees them. What the
 * hub does with its messages, and who it is subscribed to, live behind {@link ConnectionHost}.
 *
 * <p>Inbound frames arrive one at a time on the engine's thread for this connection (JSR-356
 * never calls a session's message handler concurrently, and a Netty channel has one event loop),
 * so the fields marked "reader thread" need no lock. Anything may send to it from any thread.
 *
 * <p>The socket is a {@link Transport}, used in three places only: sending (through the queue),
 * pinging and closing; the {@link Handshake} gives the query parameters.
 */
final class PushConnection implements TransportListener {

  private static final Logger log = LoggerFactory.getLogger(PushConnection.class);

  /** How long a close waits for a send in flight before closing the session anyway. */
  static final long CLOSE_GRACE_MILLIS = 1_000;

  /**
   * The close code for a binary frame: RFC 6455's "unsupported data" (an endpoint that understands
   * only text). Pushwire speaks text only; no Pushwire client sends binary, so one that does is
   * not one of ours, and a client should not reconnect after it ({@link CloseCode#shouldReconnect}).
   */
  static final int UNSUPPORTED_DATA = 1003;

  /** How many connections this process has made; the next one's {@link #serial}. */
  private static final AtomicInteger MADE = new AtomicInteger();

  /**
   * The number of connections made before this one, the base of its {@link #hashCode}. The hash
   * maps that hold connections (a topic's subscribers above all) then iterate them in the order
   * they were made, which is mostly the order they lie in the heap, so a fan-out to thousands of
   * subscribers walks memory forward where identity hash codes made it jump about: a cache miss
   * per object per recipient once the subscribers outgrow the CPU's caches (docs/benchmarks.md,
   * "Anchors and peers"). Equality stays identity.
   */
  private final int serial = MADE.getAndIncrement();

  private final ConnectionHost host;
  private final String id;
  private final Transport transport;
  private final DeliveryLanes.Lane lane;
  /** The handshake's query parameters (immutable); its headers are not kept after the handshake. */
  private final Map<String, List<String>> query;
  /** The peer's address, or null when the engine cannot tell. */
  private final String remoteAddress;
  private final EndpointSpec spec;
  /** The wire format this client speaks, chosen at the handshake; immutable or guarding itself. */
  private final Framing framing;
  /** Every frame to this client goes through it; guards itself. */
  private final OutboundQueue outbound;
  /** The counters of this connection's endpoint; guard themselves. */
  private final Counters counters;
  /** When the connection opened ({@code System.nanoTime()}); the heartbeats count from it. */
  private final long openedNanos = System.nanoTime();

  /** Null until authenticated; written once, under the queue's lock with the greeting; read by publishers. */
  private volatile Principal principal;
  /** Set once when the connection starts closing; later closes are no-ops. */
  private final AtomicBoolean closing = new AtomicBoolean();
  /** Nanos of the last inbound frame or pong; written by container threads, read by the hub timer. */
  private volatile long lastInboundNanos = openedNanos;
  /** Pending auth-timeout close; set at open, cancelled on auth. Volatile: set and read on different threads. */
  private volatile Future<?> authTimer;

  /** Token bucket for the inbound rate: reader thread only. */
  private double tokens;
  /** Reader thread only. */
  private long lastRefillNanos = openedNanos;
  /** Consecutive messages over the rate: reader thread only. */
  private int strikes;

  PushConnection(ConnectionHost host, String id, Transport transport, DeliveryLanes.Lane lane, Handshake handshake,
      EndpointSpec spec, Framing framing) {
    this.host = host;
    this.id = id;
    this.transport = transport;
    this.lane = lane;
    this.query = handshake.query();
    this.remoteAddress = handshake.remoteAddress();
    this.spec = spec;
    this.framing = framing;
    this.counters = host.counters(spec);
    Limits limits = host.limits();
    this.tokens = limits.messageBurst();
    this.outbound = new OutboundQueue(transport, limits.outboundQueueFrames(),
        limits.outboundQueueChars(), this::onSendFailure);
  }

  String id() {
    return id;
  }

  /**
   * See {@link #serial}. {@code HashMap} and {@code ConcurrentHashMap} spread a hash code {@code h}
   * to {@code h ^ (h >>> 16)} before they pick its bucket; this is the code that spreads back to
   * the serial, so connections made one after another take consecutive buckets.
   */
  @Override
  public int hashCode() {
    return serial ^ (serial >>> 16);
  }

  /** Identity, as {@link Object#equals}; declared beside {@link #hashCode} to say so. */
  @Override
  public boolean equals(Object other) {
    return this == other;
  }

  /** Where this connection's publications are queued: its engine loop's lane, or one of the hub's threads'. */
  DeliveryLanes.Lane lane() {
    return lane;
  }

  /** The socket; for tests that check which transport an engine chose. */
  Transport transport() {
    return transport;
  }

  EndpointSpec spec() {
    return spec;
  }

  /** The counters of this connection's endpoint. */
  Counters counters() {
    return counters;
  }

  Dialect dialect() {
    return spec.dialect();
  }

  /** The framing this client speaks; the hub frames each publication once per framing format and dialect. */
  Framing framing() {
    return framing;
  }

  /** The peer's address, or null when the engine cannot tell. */
  String remoteAddress() {
    return remoteAddress;
  }

  Principal principal() {
    return principal;
  }

  boolean isAuthenticated() {
    return principal != null;
  }

  boolean isOpen() {
    return !closing.get() && transport.isOpen();
  }

  long openedNanos() {
    return openedNanos;
  }

  long lastInboundNanos() {
    return lastInboundNanos;
  }

  Optional<String> firstQueryParameter(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0));
  }

  // ---------------------------------------------------------------- opening

  /**
   * Sends what the framing opens with (if anything), before anything else is sent, and asks a
   * JSR-356 transport to report the frames the transport listener does not carry (pings, binary
   * frames) to {@link #onPing} and {@link #onBinary}.
   */
  void begin() {
    if (transport instanceof JsrTransport jsr) {
      jsr.reportFramesTo(this);
    }
    sendFrames(framing.open(host.limits()));
  }

  /** The handshake established {@code principal}: admits the connection. */
  void admitHandshake(Principal principal) {
    if (host.admit(this, principal, null)) {
      host.admitted(this);
    }
  }

  /** No credentials in the handshake: the first message must authenticate, within the auth timeout. */
  void awaitFirstMessageAuth() {
    authTimer = host.schedule(this::authTimedOut, host.limits().authTimeout().toMillis());
  }

  // ---------------------------------------------------------------- inbound

  @Override
  public void onPong() {
    lastInboundNanos = System.nanoTime();
    withinRate(null, false); // unsolicited pongs cost a token like any frame; nothing to answer
  }

  /**
   * A WebSocket ping arrived. The engine answers it with a pong outside the outbound queue, so
   * pings are metered here like every other frame: over the rate one is not answered by us (there
   * is nothing to answer), and too many in a row close the connection with 1008. That bounds the
   * pongs a client that does not read can make the engine hold. On the reader thread.
   */
  void onPing() {
    lastInboundNanos = System.nanoTime();
    withinRate(null, false);
  }

  /**
   * A binary frame (or a fragment of one) of {@code payloadBytes} arrived. Pushwire speaks text:
   * refused at once with {@value #UNSUPPORTED_DATA} and counted as a rejected frame, so binary
   * data is neither read on nor held. On the reader thread.
   */
  void onBinary(long payloadBytes) {
    counters.rejectedFrames.increment();
    counters.bytesIn.add(payloadBytes);
    log.debug("connection {} sent a binary frame of {} bytes; closing with {}", id, payloadBytes, UNSUPPORTED_DATA);
    close(UNSUPPORTED_DATA, "binary frames are not accepted");
  }

  @Override
  public void onText(String text) {
    lastInboundNanos = System.nanoTime();
    counters.framesIn.increment();
    int bytes = Utf8.length(text);
    counters.bytesIn.add(bytes);
    int maxFrameBytes = host.limits().maxFrameBytes();
    if (bytes > maxFrameBytes) {
      // Containers differ in whether they enforce the session's buffer size; the limit holds anyway.
      counters.rejectedFrames.increment();
      close(CloseCode.TOO_BIG, "frame larger than " + maxFrameBytes + " bytes");
      return;
    }
    if (framing.metersEveryFrame() && !withinRate(null, true)) {
      return;
    }
    Inbound inbound = framing.inbound(text);
    if (inbound instanceof Inbound.Message message) {
      onMessage(message.json());
    } else if (inbound instanceof Inbound.Connect connect) {
      onConnect(connect.token());
    } else if (inbound instanceof Inbound.Answer answer) {
      OutboundFrame frame = OutboundFrame.of(answer.frame());
      account(outbound.offer(frame, false), frame);
    } else if (inbound instanceof Inbound.Pong) {
      onPong();
    } else if (inbound instanceof Inbound.Leave) {
      close(CloseCode.NORMAL, "the client disconnected");
    } else if (inbound instanceof Inbound.Invalid invalid) {
      counters.rejectedFrames.increment();
      host.security().protocolError(counters, id, invalid.why());
      reply(null, Envelope.FLAT, ErrorMessage.of(ErrorCode.INVALID_MESSAGE, invalid.why()));
    }
  }

  private void onMessage(String json) {
    Frame frame = null;
    DecodeException invalid = null;
    try {
      frame = host.codecs().codec(dialect()).decodeFrame(json);
    } catch (DecodeException e) {
      invalid = e;
    }
    // An acknowledgement (common_reply) asks nothing of the server, and the running log waits for
    // it: refusing one would stall that stream until the ack timeout. So it is not metered.
    boolean acknowledgement = frame != null && frame.message() instanceof CommonReply;
    if (!framing.metersEveryFrame() && !acknowledgement && !withinRate(frame != null ? frame.id() : invalid.id(), true)) {
      return;
    }
    if (invalid != null) {
      counters.rejectedFrames.increment();
      host.security().protocolError(counters, id, invalid.getMessage());
      if (!isAuthenticated()) {
        refuseAuth("first frame was not a valid auth message");
        return;
      }
      reply(invalid.id(), Envelope.DATA, new ErrorMessage(invalid.errorCode(), invalid.getMessage(),
          invalid.type() == null ? null : Map.of("type", invalid.type()), null));
      return;
    }
    if (!isAuthenticated()) {
      if (frame.message() instanceof Auth auth && spec.authModes().contains(AuthMode.FIRST_MESSAGE)) {
        authenticateFirstMessage(auth);
      } else {
        refuseAuth("the first frame must be auth");
      }
      return;
    }
    host.received(this, frame);
  }

  /**
   * The client asks the framing to open its session (a namespace connect), with a token or none.
   * On a first-message endpoint, a token authenticates at once (its {@code auth ok} is the answer);
   * without one the session opens unauthenticated, and the {@code auth} message must follow within
   * the auth timeout. Nothing is delivered to it before that.
   */
  private void onConnect(String token) {
    if (isAuthenticated()) {
      sendFrames(framing.connected());
    } else if (!spec.authModes().contains(AuthMode.FIRST_MESSAGE)) {
      refuseAuth("the connect packet carries no auth token");
    } else if (token != null) {
      authenticateFirstMessage(new Auth(token));
    } else {
      sendFrames(framing.connected());
    }
  }

  /**
   * Refills the token bucket and takes one token; over the rate, answers with an error carrying
   * {@code requestId} (the refused frame's) if {@code answer}, and closes after too many strikes.
   * Every frame a client sends passes here: text, and (through the engine) pings and pongs.
   */
  private boolean withinRate(String requestId, boolean answer) {
    Limits limits = host.limits();
    long now = System.nanoTime();
    tokens = Math.min(limits.messageBurst(), tokens + (now - lastRefillNanos) / 1e9 * limits.messagesPerSecond());
    lastRefillNanos = now;
    if (tokens >= 1) {
      tokens -= 1;
      strikes = 0;
      return true;
    }
    counters.rejectedFrames.increment();
    if (++strikes > limits.rateLimitStrikes()) {
      close(CloseCode.POLICY_VIOLATION, "rate limit exceeded repeatedly");
      return false;
    }
    if (!answer) {
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
    Optional<Principal> result = host.authenticate(this, new Credentials(auth.token(), clientId, AuthMode.FIRST_MESSAGE));
    if (result.isEmpty()) {
      refuseAuth("token refused");
      return;
    }
    if (host.admit(this, result.get(), host.codecs().codec(dialect()).encode(CommonReply.AUTH_OK))) {
      host.admitted(this);
    }
  }

  /**
   * Marks this connection authenticated, in the same step as its {@code greeting} (a message, or
   * null) is queued: a publisher that sees the principal queues behind the greeting, and the
   * client cannot receive the greeting before publications reach it. Called once, by the
   * registry's admission, under the connection's entry lock.
   */
  void authenticate(Principal principal, String greeting) {
    Runnable mark = () -> {
      this.principal = principal;
      Future<?> timer = authTimer;
      if (timer != null) {
        timer.cancel(false);
      }
    };
    if (greeting == null) {
      mark.run();
      return;
    }
    List<String> frames = frame(greeting);
    OutboundFrame first = frames.isEmpty() ? null : OutboundFrame.of(frames.get(0));
    Offer offer = first == null ? Offer.CLOSED : outbound.offerThen(first, mark);
    if (offer != Offer.QUEUED) {
      mark.run(); // going away: marked all the same, so that forgetting releases what admission took
    }
    account(offer, first);
    sendFrames(frames.subList(Math.min(1, frames.size()), frames.size()));
  }

  private void refuseAuth(String why) {
    counters.authFailures.increment();
    host.security().authFailed(id, remoteAddress(), why);
    if (spec.authModes().contains(AuthMode.FIRST_MESSAGE)) {
      send(host.codecs().codec(dialect()).encode(CommonReply.AUTH_ERROR), false);
    } else {
      reply(null, dialect().errorEnvelope(), ErrorMessage.of(ErrorCode.AUTHENTICATION_FAILED, "authentication failed"));
    }
    close(CloseCode.AUTH_FAILED, "authentication failed");
  }

  /**
   * Refuses a connection whose handshake was refused, where the container cannot answer with an
   * HTTP status: a refused origin is closed with 1008, refused credentials are told so and closed
   * with 4500. Counted when the handshake was refused.
   */
  void refuseHandshake(HandshakeOutcome.Refuse refusal) {
    if (refusal.status() == 403) {
      close(CloseCode.POLICY_VIOLATION, "origin not allowed");
      return;
    }
    if (spec.sendConnectionMessage()) {
      send(host.codecs().encode(dialect(), Connection.error(ErrorCode.AUTH_FAILED, "authentication failed")), false);
    } else {
      reply(null, dialect().errorEnvelope(), ErrorMessage.of(ErrorCode.AUTHENTICATION_FAILED, "authentication failed"));
    }
    close(CloseCode.AUTH_FAILED, "authentication failed");
  }

  private void authTimedOut() {
    if (!isAuthenticated()) {
      close(CloseCode.AUTH_TIMEOUT, "no auth within " + host.limits().authTimeout().toMillis() + " ms");
    }
  }

  // ---------------------------------------------------------------- outbound

  /** Queues one message (JSON as the dialect writes it), framed for this client; applies the slow-consumer policy. */
  void send(String json, boolean droppable) {
    for (String text : frame(json)) {
      OutboundFrame frame = OutboundFrame.of(text);
      account(outbound.offer(frame, droppable), frame);
    }
  }

  /**
   * Queues a frame already in this client's framing: a publication, framed once for all of its
   * recipients with the same format and dialect, and shared by them; {@code null} sends nothing.
   */
  void sendFramed(OutboundFrame frame, boolean droppable) {
    if (frame != null) {
      account(outbound.offer(frame, droppable), frame);
    }
  }

  /**
   * Runs {@code task} once this connection's outbound queue has drained to its low-water mark (at
   * once if it is there now); see {@link OutboundQueue#whenLow}. For paged recovery.
   *
   * @return false when the connection is closing: {@code task} never runs
   */
  boolean whenOutboundLow(Runnable task) {
    return outbound.whenLow(task);
  }

  /** Frames queued for this client now; a paged recovery stops a page before it takes half the bound. */
  int outboundFrames() {
    return outbound.size();
  }

  /** Characters queued for this client now; a paged recovery stops a page before it takes half the bound. */
  long outboundChars() {
    return outbound.chars();
  }

  /** Sends a reply correlated by {@code requestId}; see {@link DialectCodecs#encodeReply}. */
  boolean reply(String requestId, Envelope requestEnvelope, ServerMessage reply) {
    if (!isOpen()) {
      return false;
    }
    send(host.codecs().encodeReply(dialect(), requestId, requestEnvelope, reply), false);
    return true;
  }

  /**
   * Sends a heartbeat: the framing's own frame (droppable: a queue that is backed up is a live
   * one), or a WebSocket ping, which the engine sends past the queue. On the hub's timer.
   */
  void sendHeartbeat() {
    String heartbeat = framing.heartbeat();
    if (heartbeat != null) {
      outbound.offer(OutboundFrame.of(heartbeat), true);
      return;
    }
    transport.ping();
  }

  private void sendFrames(List<String> frames) {
    for (String text : frames) {
      OutboundFrame frame = OutboundFrame.of(text);
      account(outbound.offer(frame, false), frame);
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

  /**
   * How long this connection's writes have made no progress; see {@link OutboundQueue#stalledNanos}.
   * What the engine holds beyond the queue's send in flight counts as waiting too: a JSR-356
   * transport on Tyrus reports its socket's write backlog (where the pongs to a client's pings
   * wait), any other transport says whether it is writable. The hub's timer only.
   */
  long stalledNanos(long now) {
    long backlog = transport instanceof JsrTransport jsr ? jsr.backlogBytes() : transport.isWritable() ? 0 : 1;
    return outbound.stalledNanos(now, backlog);
  }

  /**
   * Closes a client that stopped reading with 4000 (slow consumer), counted once. A client that
   * does not read cannot take the close frame either, so after the close grace the socket is
   * dropped where the transport can ({@link JsrTransport#abort}).
   */
  void closeSlow(String reason) {
    if (!close(CloseCode.SLOW_CONSUMER.code(), reason)) {
      return;
    }
    counters.closedSlow.increment();
    log.info("connection {} closed as a slow consumer: {}", id, reason);
    if (transport instanceof JsrTransport jsr) {
      host.schedule(jsr::abort, 2 * CLOSE_GRACE_MILLIS);
    }
  }

  /** Counts what the queue did with {@code frame}, and closes the connection if the queue overflowed. */
  private void account(Offer offer, OutboundFrame frame) {
    switch (offer) {
      case QUEUED -> {
        counters.framesOut.increment();
        counters.bytesOut.add(frame.utf8Length());
      }
      case DROPPED -> counters.dropped.increment();
      case OVERFLOW -> closeSlow("outbound queue full");
      case CLOSED -> {
        // the connection is going away; nothing to deliver to
      }
    }
  }

  private void onSendFailure(Throwable error) {
    if (error instanceof Error) { // not a peer going away: the container could not send a frame
      host.security().encodingFailure(counters, id, error);
    } else {
      log.debug("send to {} failed: {}", id, String.valueOf(error));
    }
    close(CloseCode.ABNORMAL, "send failed");
  }

  // ---------------------------------------------------------------- closing

  /**
   * Closes with {@code code}. The hub forgets the connection at once, so its subscriptions are
   * released even if the close frame cannot be delivered. Frames already queued (an
   * {@code auth error}, a last reply) go out first; a send stuck behind a client that stopped
   * reading gets {@link #CLOSE_GRACE_MILLIS} before the session is closed regardless.
   */
  void close(CloseCode code, String reason) {
    if (close(code == CloseCode.ABNORMAL ? CloseCode.SERVER_ERROR.code() : code.code(), reason)) {
      host.security().closing(counters, id, remoteAddress(), code, reason);
    }
  }

  /**
   * {@link #close(CloseCode, String)} with a wire code, also one that has no {@link CloseCode}
   * (1003); answers whether this call started the close (false: it was closing already).
   */
  private boolean close(int wireCode, String reason) {
    if (!closing.compareAndSet(false, true)) {
      return false;
    }
    host.closed(this);
    AtomicBoolean closed = new AtomicBoolean();
    Runnable closeSession = () -> {
      if (closed.compareAndSet(false, true)) {
        transport.close(wireCode, reason);
      }
    };
    outbound.sealAndThen(closeSession);
    if (!closed.get()) {
      host.schedule(closeSession, CLOSE_GRACE_MILLIS);
    }
    return true;
  }

  /** The engine reports the connection closed. */
  @Override
  public void onClosed() {
    closing.set(true);
    outbound.close();
    host.closed(this);
    host.transportClosed();
  }

  @Override
  public String toString() {
    return "PushConnection[" + id + " " + spec.path() + (principal == null ? "" : " user=" + principal.userId()) + "]";
  }
}
