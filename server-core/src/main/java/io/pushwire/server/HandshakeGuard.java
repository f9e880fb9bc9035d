package io.pushwire.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.Filter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.memory.HeapBuffer;

/**
 * Guards the standalone server's sockets before they become WebSocket connections, where no hub
 * limit sees them yet: a socket that has not been upgraded within the handshake deadline is closed,
 * and at most {@code maxPending} sockets that have not been upgraded are held; one accepted beyond
 * that is closed at once. So half a request line, a TLS hello on the plain port, or nothing at all
 * holds a socket for the deadline at most, and a flood of such sockets cannot take more than the cap.
 *
 * <p>Two Grizzly filters share this state: {@link #acceptFilter()} sits right after the transport
 * (below TLS) and sees sockets accepted and closed; {@link #upgradeFilter()} sits right below the
 * HTTP codec (above TLS, so it sees plain text), sees the server's responses and copies what a socket
 * reads before its upgrade out of the transport's shared buffers. A socket leaves the
 * guard when the server writes {@code HTTP/1.1 101} on it. Any other response (a health check, a
 * static file, a refused handshake) gives the socket a fresh deadline, so a plain HTTP keep-alive
 * connection is closed once it has been idle that long, and one that only trickles a request in
 * never gets one.
 *
 * <p>The deadline is checked by one daemon thread, {@value #THREAD_NAME}, every tenth of the
 * deadline (at least 20 ms, at most 1 s apart), so a socket is closed within about a tenth of the
 * deadline after it. Thread-safe.
 */
final class HandshakeGuard implements AutoCloseable {

  static final String THREAD_NAME = "pushwire-handshake-guard";
  private static final byte[] SWITCHING = "HTTP/1.1 101".getBytes(StandardCharsets.US_ASCII);

  private final long deadlineNanos;
  private final int maxPending;
  private final SecurityEvents events;
  /** Sockets not yet upgraded, each with its deadline ({@code System.nanoTime()}); concurrent, at most maxPending entries. */
  private final Map<Connection<?>, Long> pending = new ConcurrentHashMap<>();
  /** How many entries {@link #pending} holds or is about to hold; the cap is checked on it atomically. */
  private final AtomicInteger held = new AtomicInteger();
  /** The deadline sweeper; shut down by {@link #close()}. */
  private final ScheduledExecutorService sweeper;

  HandshakeGuard(java.time.Duration deadline, int maxPending, SecurityEvents events) {
    this.deadlineNanos = deadline.toNanos();
    this.maxPending = maxPending;
    this.events = events;
    this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, THREAD_NAME);
      t.setDaemon(true);
      return t;
    });
    long period = Math.max(20, Math.min(1000, deadline.toMillis() / 10));
    sweeper.scheduleAtFixedRate(this::sweep, period, period, TimeUnit.MILLISECONDS);
  }

  /** The filter to add right after the transport filter. */
  Filter acceptFilter() {
    return new AcceptFilter();
  }

  /** The filter to add right before the HTTP codec. */
  Filter upgradeFilter() {
    return new UpgradeFilter();
  }

  /**
   * Closes {@code connection} after {@code delayMillis}, on the guard's thread: time for a close
   * frame to reach the peer and its own close to come back, where closing at once with unread
   * input would reset the socket and lose the close frame.
   */
  void closeLater(Connection<?> connection, long delayMillis) {
    try {
      sweeper.schedule(() -> {
        connection.closeSilently();
      }, delayMillis, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      connection.closeSilently();
    }
  }

  /** Sockets held now that have not been upgraded. */
  int pendingCount() {
    return pending.size();
  }

  private void sweep() {
    long now = System.nanoTime();
    for (Iterator<Map.Entry<Connection<?>, Long>> it = pending.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Connection<?>, Long> entry = it.next();
      if (now - entry.getValue() >= 0) {
        Connection<?> connection = entry.getKey();
        if (pending.remove(connection, entry.getValue())) {
          held.decrementAndGet();
          events.handshakeTimedOut(String.valueOf(connection.getPeerAddress()));
          connection.closeSilently();
        }
      }
    }
  }

  private void release(Connection<?> connection) {
    if (pending.remove(connection) != null) {
      held.decrementAndGet();
    }
  }

  @Override
  public void close() {
    sweeper.shutdownNow();
  }

  private static boolean startsWith(Buffer buffer, byte[] prefix) {
    if (buffer.remaining() < prefix.length) {
      return false;
    }
    int at = buffer.position();
    for (int i = 0; i < prefix.length; i++) {
      if (buffer.get(at + i) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /** Admits accepted sockets up to the cap, with a deadline; forgets closed ones. */
  private final class AcceptFilter extends BaseFilter {
    @Override
    public NextAction handleAccept(FilterChainContext ctx) throws IOException {
      Connection<?> connection = ctx.getConnection();
      if (held.incrementAndGet() > maxPending) {
        held.decrementAndGet();
        events.handshakeCapReached(String.valueOf(connection.getPeerAddress()), maxPending);
        connection.closeSilently();
        return ctx.getStopAction();
      }
      pending.put(connection, System.nanoTime() + deadlineNanos);
      connection.addCloseListener((Connection.CloseListener) (closed, type) -> release(closed));
      return ctx.getInvokeAction();
    }

    @Override
    public NextAction handleClose(FilterChainContext ctx) throws IOException {
      release(ctx.getConnection());
      return ctx.getInvokeAction();
    }
  }

  /**
   * Watches the server's plain-text responses: a 101 releases the socket, anything else renews its
   * deadline. Hands the HTTP codec a compact copy of what a socket sends before its upgrade (see
   * {@link #handleRead}).
   */
  private final class UpgradeFilter extends BaseFilter {
    /**
     * Before the upgrade, replaces the bytes read with a copy of their own. The HTTP codec parses the
     * request's headers and URI in place, and the upgrade request stays referenced for the
     * connection's life: read straight from the transport, its bytes lie in a slice of a 64 KiB
     * buffer the reading thread shares with every socket it read from meanwhile, so each long-lived
     * connection would keep a whole shared chunk alive, and under connection churn the chunks kept
     * grow with the spread of the connections' ages. Copied, a connection keeps only its own request
     * (a few hundred bytes); sockets already upgraded pay nothing.
     */
    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
      if (ctx.getMessage() instanceof Buffer read && pending.containsKey(ctx.getConnection())) {
        byte[] copy = new byte[read.remaining()];
        read.get(copy);
        ctx.setMessage(HeapBuffer.wrap(copy));
      }
      return ctx.getInvokeAction();
    }

    @Override
    public NextAction handleWrite(FilterChainContext ctx) throws IOException {
      Connection<?> connection = ctx.getConnection();
      Long deadline = pending.get(connection);
      if (deadline != null) {
        Object message = ctx.getMessage();
        if (message instanceof Buffer buffer && startsWith(buffer, SWITCHING)) {
          release(connection);
        } else {
          pending.replace(connection, deadline, System.nanoTime() + deadlineNanos);
        }
      }
      return ctx.getInvokeAction();
    }
  }
}
