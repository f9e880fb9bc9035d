package io.pushwire.server.rfc6455;

import static io.pushwire.server.rfc6455.RawWebSocket.PING;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushwire.server.WsClient;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 18, finding 3, on every engine: a client sends up to 1,000,000 WebSocket pings and never
 * reads. The pongs must not pile up in the server's heap (the finding: 471 MB after a full GC).
 * The standalone engines meter pings and close the flood with 1008 after a few dozen; a JSR-356
 * container that does not show pings to the endpoint (Tomcat) must bound it by itself: Tomcat
 * answers each ping with a blocking send on the thread that reads the connection, so once the
 * client's receive buffer is full it stops reading that connection. Either way the heap after a
 * full GC grows by far less than the finding's, and the other clients are still served.
 */
class PingFloodHeapTest extends EngineCases {

  private static final Logger LOG = LoggerFactory.getLogger(PingFloodHeapTest.class);
  private static final int MAX_PINGS = 1_000_000;
  /** A tenth of what the finding measured; what stays must be per-connection buffers, not per ping. */
  private static final long HEAP_BOUND = 48L << 20;
  /** How long the flood may make no progress before it counts as held off by the server. */
  private static final long STALL_MILLIS = 2_000;

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void aPingFloodFromAClientThatNeverReadsLeavesTheHeapBounded(EngineFixture.Engine engine) throws Exception {
    EngineFixture fixture = on(engine);
    long before = heapAfterGc();
    AtomicInteger sent = new AtomicInteger();
    AtomicBoolean ended = new AtomicBoolean();
    try (RawWebSocket socket = open(fixture)) {
      Thread flood = new Thread(() -> {
        try {
          while (sent.get() < MAX_PINGS) {
            socket.send(true, 0, PING, new byte[0]);
            sent.incrementAndGet();
          }
        } catch (IOException closedOrReset) {
          // closed by the server (1008), or reset: the flood ends either way
        } finally {
          ended.set(true);
        }
      }, "ping-flood");
      flood.setDaemon(true);
      flood.start();
      // Until it ends (all sent, or refused) or stalls (the server stopped reading it).
      int seen = -1;
      while (!ended.get() && sent.get() != seen) {
        seen = sent.get();
        flood.join(STALL_MILLIS);
      }
      long grown = heapAfterGc() - before;
      LOG.info("{}: {} pings written, {} (heap after GC {} KiB more)", fixture.name(), sent.get(),
          ended.get() ? "then the connection ended or all were sent" : "then the server stopped reading", grown >> 10);
      assertTrue(grown < HEAP_BOUND, fixture.name() + ": heap after GC grew by " + (grown >> 20) + " MiB after "
          + sent.get() + " pings");
      try (WsClient other = WsClient.connect(fixture.url())) {
        other.send("{\"type\":\"ping\",\"id\":\"still\"}");
        other.await(n -> "still".equals(n.path("id").asText()));
      }
    }
  }

  private static long heapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
