package io.pushwire.benchmarks.load;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Starts each JVM target in this JVM on 127.0.0.1 and drives it with the harness's own client
 * over real sockets for a few ticks: subscribe (the ack), ticks in order to every client, a
 * restart on the same port (every client told to go away with a close frame) and a reconnect.
 * It checks the targets speak the harness's protocol; how fast they are is the harness's job.
 */
class TargetsSmokeTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int CLIENTS = 3;
  private static final int TICKS = 5;

  @ParameterizedTest
  @ValueSource(strings = {"netty", "jetty", "netty-socketio", "baseline"})
  void deliversTicksInOrderAndSurvivesARestart(String name) throws Exception {
    Target target = Targets.create(name, Ticks.pad(512));
    target.start(0);
    boolean running = true;
    try (ClientFleet fleet = new ClientFleet(new InetSocketAddress("127.0.0.1", target.port()), target.dialect(),
        target.requestTargetPrefix(), CLIENTS, 1, 1, 0)) {
      fleet.connectAll(CLIENTS, WAIT);
      await().atMost(WAIT).until(() -> target.connections() == CLIENTS);

      for (long seq = 1; seq <= TICKS; seq++) {
        target.publish(seq, System.nanoTime());
      }
      await().atMost(WAIT).until(() -> fleet.ticks() == (long) CLIENTS * TICKS);
      assertEquals(TICKS, fleet.minLastSeq(), "every client has the last tick");
      assertEquals(0, fleet.gaps(), "no tick missed");
      assertEquals(0, fleet.reordered(), "none out of order");

      target.stop();
      running = false;
      fleet.awaitAllClosed(WAIT);
      if (target.dialect() == ClientFleet.Dialect.PLAIN) {
        // Socket.IO servers disconnect with a 41 packet and close the socket without a close frame.
        assertEquals(0, fleet.abnormalCloses(), "every client got a close frame");
      }
      target.start(target.port());
      running = true;
      fleet.reconnectAll(WAIT);
      // A JSR-356 endpoint adds its session after queuing the ack: wait until the server has all.
      await().atMost(WAIT).until(() -> target.connections() == CLIENTS);
      target.publish(TICKS + 1, System.nanoTime());
      await().atMost(WAIT).until(() -> fleet.minLastSeq() == TICKS + 1);
      assertEquals(0, target.failedSends(), "no send failed");
    } finally {
      if (running) {
        target.stop();
      }
    }
  }

  @Test
  void plainNettyFramesOnceWithTheRightLengthField() {
    assertFrame("x".repeat(125), 2);
    assertFrame("x".repeat(126), 4);
    assertFrame("x".repeat(70_000), 10);
  }

  private static void assertFrame(String text, int head) {
    ByteBuf frame = PlainNettyTarget.frame(text);
    try {
      assertEquals(head + text.length(), frame.readableBytes());
      assertEquals(0x81, frame.getUnsignedByte(0), "final text frame");
      long length = switch (head) {
        case 2 -> frame.getUnsignedByte(1);
        case 4 -> frame.getUnsignedShort(2);
        default -> frame.getLong(2);
      };
      assertEquals(text.length(), length);
      assertEquals(text, frame.toString(head, text.length(), StandardCharsets.US_ASCII));
    } finally {
      frame.release();
    }
  }
}
