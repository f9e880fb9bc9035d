package io.pushwire.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HeartbeatScheduleTest {

  private static final long MS = 1_000_000;

  private final Heartbeat heartbeat = new Heartbeat(Duration.ofSeconds(30), Duration.ofSeconds(60));

  @Test
  void firstPingIsDueOneIntervalAfterOpening() {
    heartbeat.opened(0);

    assertEquals(Heartbeat.Verdict.QUIET, heartbeat.check(29_999 * MS, 29_999 * MS));
    assertEquals(Heartbeat.Verdict.PING, heartbeat.check(30_000 * MS, 29_999 * MS));
    assertEquals(Heartbeat.Verdict.QUIET, heartbeat.check(30_001 * MS, 30_001 * MS));
    assertEquals(Heartbeat.Verdict.PING, heartbeat.check(60_000 * MS, 30_001 * MS));
  }

  @Test
  void silenceLongerThanTheTimeoutIsDeath() {
    heartbeat.opened(0);

    assertEquals(Heartbeat.Verdict.PING, heartbeat.check(60_000 * MS, 0));
    assertEquals(Heartbeat.Verdict.DEAD, heartbeat.check(60_001 * MS, 0));
  }

  @Test
  void checksFourTimesPerShorterPeriod() {
    assertEquals(Duration.ofMillis(7_500), heartbeat.checkEvery());
    assertEquals(Duration.ofMillis(10), new Heartbeat(Duration.ofMillis(20), Duration.ofMillis(30)).checkEvery());
  }

  @Test
  void zeroIntervalMeansOff() {
    assertFalse(new Heartbeat(Duration.ZERO, Duration.ZERO).enabled());
  }
}
