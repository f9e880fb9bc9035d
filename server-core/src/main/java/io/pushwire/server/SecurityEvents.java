package io.pushwire.server;

import io.pushwire.protocol.CloseCode;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Where the hub reports what it refused, timed out or closed at its edge: each event is counted
 * (in its endpoint's {@link Counters}, or the hub's unattributed ones) and logged under the logger
 * {@value #LOGGER_NAME}. Nothing logged here ever holds a token: events carry a connection id, a
 * remote address, an endpoint path and a reason the server wrote itself.
 *
 * <p>An attack makes thousands of events a second, so each kind is logged at its level at most once
 * per {@link #LOG_INTERVAL_NANOS 10 s}, with how many like it were not logged since; the others go to
 * DEBUG. Levels: WARN for what points at an attack or a fault (an address throttled, the socket cap
 * reached, a frame that could not be encoded), INFO for the rest. Thread-safe.
 */
final class SecurityEvents {

  /** The logger every security event goes to, so an operator can route or raise it alone. */
  static final String LOGGER_NAME = "io.pushwire.security";
  /** At most one line per kind at its own level per this many nanoseconds (10 s). */
  static final long LOG_INTERVAL_NANOS = 10_000_000_000L;

  private static final Logger log = LoggerFactory.getLogger(LOGGER_NAME);

  /** The kinds of event, each logged at its own level at most once per interval. */
  enum Kind {
    HANDSHAKE_TIMEOUT(Level.INFO),
    SOCKET_CAP(Level.WARN),
    HANDSHAKE_REFUSED(Level.INFO),
    AUTH_FAILED(Level.INFO),
    AUTH_THROTTLED(Level.WARN),
    LIMIT_CLOSE(Level.INFO),
    PROTOCOL_ERROR(Level.INFO),
    ENCODING_FAILURE(Level.WARN);

    final Level level;

    Kind(Level level) {
      this.level = level;
    }
  }

  private final Counters unattributed;
  /** When each kind may next be logged at its level ({@code System.nanoTime()}); CAS-updated. */
  private final Map<Kind, AtomicLong> nextLog = new EnumMap<>(Kind.class);
  /** Events of each kind sent to DEBUG since the last line at its level. */
  private final Map<Kind, LongAdder> suppressed = new EnumMap<>(Kind.class);

  SecurityEvents(Counters unattributed) {
    this.unattributed = unattributed;
    long now = System.nanoTime();
    for (Kind kind : Kind.values()) {
      nextLog.put(kind, new AtomicLong(now));
      suppressed.put(kind, new LongAdder());
    }
  }

  /** A socket was closed because it had not upgraded within the handshake deadline. */
  void handshakeTimedOut(String peer) {
    unattributed.handshakeTimeouts.increment();
    log(Kind.HANDSHAKE_TIMEOUT, "socket from {} closed: no WebSocket upgrade within the handshake deadline", peer);
  }

  /** A socket was closed at once because {@code cap} sockets were already waiting to upgrade. */
  void handshakeCapReached(String peer, int cap) {
    unattributed.socketsRefused.increment();
    log(Kind.SOCKET_CAP, "socket from {} closed at once: {} sockets already waiting to upgrade", peer, cap);
  }

  /** A handshake to {@code path} was answered with HTTP {@code status}; {@code counters} may be null (path unknown). */
  void handshakeRefused(Counters counters, String path, String address, int status) {
    (counters != null ? counters : unattributed).handshakesRefused.increment();
    log(Kind.HANDSHAKE_REFUSED, "handshake to {} from {} refused with HTTP {}", path, address, status);
  }

  /** A connection's credentials or first frame were refused (already counted as an auth failure). */
  void authFailed(String connectionId, String address, String why) {
    log(Kind.AUTH_FAILED, "connection {} from {} refused: {}", connectionId, address, why);
  }

  /** {@code address} failed once too often and is now blocked for {@code blockMillis}. */
  void addressBlocked(String address, long blockMillis) {
    log(Kind.AUTH_THROTTLED, "authentication from {} failed too often: blocked for {} ms", address, blockMillis);
  }

  /** An attempt from a throttled address was refused without asking the authenticator. */
  void authThrottled(Counters counters, String address, long retryAfterMillis) {
    (counters != null ? counters : unattributed).authThrottled.increment();
    log(Kind.AUTH_THROTTLED, "authentication from {} refused: too many failures, blocked for {} ms more",
        address, retryAfterMillis);
  }

  /** The connection is being closed with {@code code}; counted and logged if that is a limit's code. */
  void closing(Counters counters, String connectionId, String address, CloseCode code, String reason) {
    switch (code) {
      case POLICY_VIOLATION, TOO_BIG, TRY_AGAIN_LATER, SLOW_CONSUMER -> {
        counters.limitCloses.increment();
        log(Kind.LIMIT_CLOSE, "connection {} from {} closed with {}: {}", connectionId, address, code.code(), reason);
      }
      default -> {
        // not a limit: normal closes, timeouts and auth refusals are counted elsewhere
      }
    }
  }

  /**
   * The standalone server's frame check closed a connection from {@code peer} with {@code code}
   * for a limit (a frame declared too big, pings too fast), before any endpoint saw the frame.
   */
  void frameRefused(String peer, int code, String reason) {
    unattributed.limitCloses.increment();
    log(Kind.LIMIT_CLOSE, "connection from {} closed with {}: {}", peer, code, reason);
  }

  /** The standalone server's frame check closed a connection from {@code peer} with {@code code} for a protocol error. */
  void frameProtocolError(String peer, int code, String reason) {
    unattributed.protocolErrors.increment();
    log(Kind.PROTOCOL_ERROR, "connection from {} closed with {}: {}", peer, code, reason);
  }

  /** An inbound frame broke the protocol; {@code why} is the server's own description. */
  void protocolError(Counters counters, String connectionId, String why) {
    counters.protocolErrors.increment();
    log(Kind.PROTOCOL_ERROR, "connection {} sent a bad frame: {}", connectionId, why);
  }

  /** The container could not encode or send a frame for {@code connectionId}. */
  void encodingFailure(Counters counters, String connectionId, Throwable error) {
    counters.encodingFailures.increment();
    log(Kind.ENCODING_FAILURE, "a frame for connection {} could not be encoded or sent; closing it", connectionId,
        error);
  }

  private void log(Kind kind, String format, Object... args) {
    AtomicLong next = nextLog.get(kind);
    long now = System.nanoTime();
    long due = next.get();
    if (now - due >= 0 && next.compareAndSet(due, now + LOG_INTERVAL_NANOS)) {
      long more = suppressed.get(kind).sumThenReset();
      String line = more == 0 ? format : format + " ({} more like it in the last 10 s, at DEBUG)";
      Object[] all = more == 0 ? args : append(args, more);
      log.atLevel(kind.level).log(line, all);
    } else {
      suppressed.get(kind).increment();
      log.debug(format, args);
    }
  }

  /** {@code args} with {@code extra} appended, before a trailing throwable, which SLF4J logs as the exception. */
  private static Object[] append(Object[] args, Object extra) {
    Object[] all = new Object[args.length + 1];
    boolean throwable = args.length > 0 && args[args.length - 1] instanceof Throwable;
    int at = throwable ? args.length - 1 : args.length;
    System.arraycopy(args, 0, all, 0, at);
    all[at] = extra;
    System.arraycopy(args, at, all, at + 1, args.length - at);
    return all;
  }
}
