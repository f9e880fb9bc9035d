package io.pushwire.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.EmptyCompletionHandler;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.WriteResult;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.memory.Buffers;

/**
 * Reads the header of every WebSocket frame a client sends to the standalone server, before Tyrus
 * parses it, and closes the connection at once for what Tyrus 2.2 lets through:
 *
 * <ul>
 *   <li>an <b>unmasked</b> frame (RFC 6455 §5.1 says the server must close): close 1002;
 *   <li>a <b>binary</b> frame (Pushwire speaks text; Tyrus would read it whole and drop it,
 *       uncounted and unmetered): close 1003;
 *   <li>a data frame that <b>declares more than {@code maxFrameBytes}</b> (a header saying 2^62
 *       bytes, say): close 1009 before a byte of its payload is read;
 *   <li><b>WebSocket pings</b> faster than {@value #PINGS_PER_SECOND} a second (bursts of
 *       {@value #PING_BURST}): Tyrus answers each with a pong outside the connection's bounded
 *       queue, so unmetered pings from a client that does not read grow the heap: close 1008.
 * </ul>
 *
 * <p>It sits in the listener's chain right below the HTTP codec (above TLS, so it sees plain
 * bytes) and starts reading frames once the server has written {@code 101} on the connection. Only
 * headers are read: payloads are skipped by count, so the cost is a few operations per frame.
 * Per-connection state lives in a connection attribute, touched only by the thread reading that
 * connection (Grizzly reads one connection on one thread at a time).
 */
final class FrameHeaderCheck extends BaseFilter {

  static final int PINGS_PER_SECOND = 10;
  static final int PING_BURST = 50;
  private static final byte[] SWITCHING = "HTTP/1.1 101".getBytes(StandardCharsets.US_ASCII);

  /** How long after its close frame a refused connection is closed, if the peer has not closed it first. */
  static final long CLOSE_GRACE_MILLIS = 1_000;

  private final long maxFrameBytes;
  private final SecurityEvents events;
  private final HandshakeGuard closer;
  /** Each upgraded connection's parser state; set when the 101 is written. */
  private final Attribute<State> state = Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(
      FrameHeaderCheck.class.getName() + ".state");

  FrameHeaderCheck(long maxFrameBytes, SecurityEvents events, HandshakeGuard closer) {
    this.maxFrameBytes = maxFrameBytes;
    this.events = events;
    this.closer = closer;
  }

  /** Where one connection's inbound byte stream is: in a header, or in a payload. Reader thread only. */
  private static final class State {
    /** The header read so far (at most 14 bytes). */
    final byte[] header = new byte[14];
    int headerLength;
    /** Payload bytes of the current frame still to skip. */
    long payloadLeft;
    /** Ping token bucket. */
    double pingTokens = PING_BURST;
    long lastRefillNanos = System.nanoTime();
    /** Set once a violation closed the connection: nothing more is passed on. */
    boolean closed;
  }

  @Override
  public NextAction handleWrite(FilterChainContext ctx) throws IOException {
    Connection<?> connection = ctx.getConnection();
    if (state.get(connection) == null && ctx.getMessage() instanceof Buffer buffer && startsWith(buffer)) {
      state.set(connection, new State());
    }
    return ctx.getInvokeAction();
  }

  @Override
  public NextAction handleRead(FilterChainContext ctx) throws IOException {
    Connection<?> connection = ctx.getConnection();
    State s = state.get(connection);
    if (s == null || !(ctx.getMessage() instanceof Buffer buffer)) {
      return ctx.getInvokeAction();
    }
    if (s.closed) {
      return ctx.getStopAction();
    }
    int at = buffer.position();
    int end = buffer.limit();
    while (at < end) {
      if (s.payloadLeft > 0) {
        long skip = Math.min(s.payloadLeft, end - at);
        s.payloadLeft -= skip;
        at += (int) skip;
        continue;
      }
      s.header[s.headerLength++] = buffer.get(at++);
      int needed = headerSize(s);
      if (s.headerLength < needed) {
        continue;
      }
      Violation violation = check(s);
      if (violation != null) {
        s.closed = true;
        refuse(ctx, connection, violation);
        return ctx.getStopAction();
      }
      s.payloadLeft = payloadLength(s);
      s.headerLength = 0;
    }
    return ctx.getInvokeAction();
  }

  /** The header's full size once its first two bytes are known (2 until then). */
  private static int headerSize(State s) {
    if (s.headerLength < 2) {
      return 2;
    }
    int len7 = s.header[1] & 0x7f;
    int extended = len7 == 126 ? 2 : len7 == 127 ? 8 : 0;
    int mask = (s.header[1] & 0x80) != 0 ? 4 : 0;
    return 2 + extended + mask;
  }

  private static long payloadLength(State s) {
    int len7 = s.header[1] & 0x7f;
    if (len7 < 126) {
      return len7;
    }
    int bytes = len7 == 126 ? 2 : 8;
    long length = 0;
    for (int i = 0; i < bytes; i++) {
      length = (length << 8) | (s.header[2 + i] & 0xff);
    }
    return length < 0 ? Long.MAX_VALUE : length; // a set top bit is not a valid length: refused as too big
  }

  private record Violation(int code, String reason, boolean limit) {
  }

  private Violation check(State s) {
    int opcode = s.header[0] & 0x0f;
    if ((s.header[1] & 0x80) == 0) {
      return new Violation(1002, "client frames must be masked", false);
    }
    if (opcode == 0x2) {
      return new Violation(1003, "binary frames are not accepted", false);
    }
    long length = payloadLength(s);
    if (opcode < 0x8 && length > maxFrameBytes) {
      return new Violation(1009, "frame larger than " + maxFrameBytes + " bytes", true);
    }
    if (opcode == 0x9) {
      long now = System.nanoTime();
      s.pingTokens = Math.min(PING_BURST, s.pingTokens + (now - s.lastRefillNanos) / 1e9 * PINGS_PER_SECOND);
      s.lastRefillNanos = now;
      if (s.pingTokens < 1) {
        return new Violation(1008, "more than " + PINGS_PER_SECOND + " pings per second", true);
      }
      s.pingTokens -= 1;
    }
    return null;
  }

  /** Writes a close frame with the violation's code, then closes the connection. */
  private void refuse(FilterChainContext ctx, Connection<?> connection, Violation v) {
    String peer = String.valueOf(connection.getPeerAddress());
    if (v.limit()) {
      events.frameRefused(peer, v.code(), v.reason());
    } else {
      events.frameProtocolError(peer, v.code(), v.reason());
    }
    byte[] reason = v.reason().getBytes(StandardCharsets.UTF_8);
    byte[] frame = new byte[4 + reason.length];
    frame[0] = (byte) 0x88;
    frame[1] = (byte) (2 + reason.length);
    frame[2] = (byte) (v.code() >> 8);
    frame[3] = (byte) v.code();
    System.arraycopy(reason, 0, frame, 4, reason.length);
    ctx.write(Buffers.wrap(connection.getMemoryManager(), frame), new EmptyCompletionHandler<WriteResult>() {
      @Override
      public void completed(WriteResult result) {
        // Not at once: unread input would make the close a reset, and the peer lose the close frame.
        // Its reads are discarded meanwhile; the peer answers the close frame and goes.
        closer.closeLater(connection, CLOSE_GRACE_MILLIS);
      }

      @Override
      public void failed(Throwable throwable) {
        connection.closeSilently();
      }
    });
  }

  private static boolean startsWith(Buffer buffer) {
    if (buffer.remaining() < SWITCHING.length) {
      return false;
    }
    int at = buffer.position();
    for (int i = 0; i < SWITCHING.length; i++) {
      if (buffer.get(at + i) != SWITCHING[i]) {
        return false;
      }
    }
    return true;
  }
}
