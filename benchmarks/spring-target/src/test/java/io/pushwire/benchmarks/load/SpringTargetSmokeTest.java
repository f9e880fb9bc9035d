package io.pushwire.benchmarks.load;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Starts the Spring Boot peer in this JVM on 127.0.0.1 and drives it with the harness's own
 * client over real sockets for a few ticks: subscribe (the ack), ticks in order to every client,
 * a restart on the same port (every client told to go away with a close frame) and a reconnect.
 */
class SpringTargetSmokeTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int CLIENTS = 3;
  private static final int TICKS = 5;

  @Test
  void deliversTicksInOrderAndSurvivesARestart() throws Exception {
    SpringTarget target = new SpringTarget(Ticks.pad(512));
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

      target.stop();
      running = false;
      fleet.awaitAllClosed(WAIT);
      assertEquals(0, fleet.abnormalCloses(), "every client got a close frame");
      target.start(target.port());
      running = true;
      fleet.reconnectAll(WAIT);
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
}
