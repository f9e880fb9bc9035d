package io.pushwire.client.reconnect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffPolicyTest {

  private static final BackoffPolicy POLICY = BackoffPolicy.exponential(Duration.ofMillis(100), Duration.ofSeconds(5));

  @Test
  void ceilingDoublesPerAttemptUpToTheMaximum() {
    assertEquals(Duration.ofMillis(200), POLICY.ceiling(1));
    assertEquals(Duration.ofMillis(400), POLICY.ceiling(2));
    assertEquals(Duration.ofMillis(3200), POLICY.ceiling(5));
    assertEquals(Duration.ofSeconds(5), POLICY.ceiling(6));
    assertEquals(Duration.ofSeconds(5), POLICY.ceiling(1_000));
  }

  @Test
  void everyDelayLiesBetweenTheMinimumAndTheAttemptsCeiling() {
    Random random = new Random(42);
    for (int attempt = 1; attempt <= 40; attempt++) {
      for (int i = 0; i < 200; i++) {
        Duration delay = POLICY.delay(attempt, random);
        assertTrue(delay.compareTo(Duration.ofMillis(100)) >= 0, "attempt " + attempt + ": " + delay);
        assertTrue(delay.compareTo(POLICY.ceiling(attempt)) <= 0, "attempt " + attempt + ": " + delay);
      }
    }
  }

  @Test
  void delaysAreJitteredAcrossTheWholeRange() {
    Random random = new Random(7);
    HashSet<Long> seen = new HashSet<>();
    long below = 0;
    for (int i = 0; i < 1_000; i++) {
      long millis = POLICY.delay(6, random).toMillis();
      seen.add(millis);
      below += millis < 2_550 ? 1 : 0;
    }
    // Uniform on [100, 5000]: many distinct values, about half below the midpoint.
    assertTrue(seen.size() > 500, "distinct delays: " + seen.size());
    assertTrue(below > 400 && below < 600, "below the midpoint: " + below);
  }

  @Test
  void sameSeedGivesTheSameDelays() {
    assertEquals(delays(new Random(3)), delays(new Random(3)));
  }

  @Test
  void attemptLimitIsInclusive() {
    BackoffPolicy three = POLICY.withMaxAttempts(3);
    assertTrue(three.allows(3));
    assertFalse(three.allows(4));
    assertFalse(BackoffPolicy.never().allows(1));
    assertTrue(BackoffPolicy.defaults().allows(Integer.MAX_VALUE));
  }

  @Test
  void defaultsAreHalfASecondToThirtySecondsStableAfterTen() {
    BackoffPolicy defaults = BackoffPolicy.defaults();
    assertEquals(Duration.ofMillis(500), defaults.minDelay());
    assertEquals(Duration.ofSeconds(30), defaults.maxDelay());
    assertEquals(BackoffPolicy.UNLIMITED, defaults.maxAttempts());
    assertEquals(Duration.ofSeconds(10), defaults.resetAfter());
  }

  @Test
  void impossibleSettingsAreRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> BackoffPolicy.exponential(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    assertThrows(IllegalArgumentException.class, () -> BackoffPolicy.exponential(Duration.ZERO, Duration.ofSeconds(1)));
    assertThrows(IllegalArgumentException.class, () -> POLICY.withMaxAttempts(-1));
    assertThrows(IllegalArgumentException.class, () -> POLICY.withResetAfter(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> POLICY.ceiling(0));
  }

  private static List<Duration> delays(Random random) {
    List<Duration> delays = new ArrayList<>();
    for (int attempt = 1; attempt <= 10; attempt++) {
      delays.add(POLICY.delay(attempt, random));
    }
    return delays;
  }
}
