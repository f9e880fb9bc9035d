package io.pushwire.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The auth throttle's policy, on a clock the test turns. */
class AuthThrottleTest {

  private static final long SECOND = 1_000_000_000L;

  private final AtomicLong clock = new AtomicLong(42 * SECOND);

  private AuthThrottle throttle(int free, Duration maxBlock, int addresses) {
    return new AuthThrottle(Limits.builder().authThrottle(free, maxBlock).authThrottleAddresses(addresses).build(),
        clock::get);
  }

  @Test
  void freeFailuresAreNotBlockedThenEachFurtherOneDoublesTheBlockUpToTheMaximum() {
    AuthThrottle t = throttle(3, Duration.ofSeconds(5), 100);
    for (int i = 0; i < 3; i++) {
      assertEquals(0, t.failed("10.0.0.1"));
      assertEquals(0, t.blockedMillis("10.0.0.1"));
    }
    assertEquals(1_000, t.failed("10.0.0.1"));
    assertEquals(1_000, t.blockedMillis("10.0.0.1"));
    assertEquals(2_000, t.failed("10.0.0.1"));
    assertEquals(4_000, t.failed("10.0.0.1"));
    assertEquals(5_000, t.failed("10.0.0.1"));
    assertEquals(5_000, t.failed("10.0.0.1"));
    assertEquals(0, t.blockedMillis("10.0.0.2"), "other addresses are not affected");
  }

  @Test
  void aBlockEndsOnTimeAndTheAddressIsForgottenAfterAQuietPeriod() {
    AuthThrottle t = throttle(1, Duration.ofSeconds(5), 100);
    t.failed("10.0.0.1");
    assertEquals(1_000, t.failed("10.0.0.1"));
    clock.addAndGet(SECOND / 2);
    assertEquals(500, t.blockedMillis("10.0.0.1"));
    clock.addAndGet(SECOND / 2);
    assertEquals(0, t.blockedMillis("10.0.0.1"));
    // Still remembered: the next failure blocks for longer.
    assertEquals(2_000, t.failed("10.0.0.1"));
    clock.addAndGet(2 * SECOND + 5 * SECOND + 1);
    // Quiet for the maximum block after the block ended: forgotten, so one free failure again.
    assertEquals(0, t.failed("10.0.0.1"));
  }

  @Test
  void theMapIsBoundedAndDropsTheLeastRecentlySeenFirst() {
    AuthThrottle t = throttle(0, Duration.ofSeconds(60), 3);
    for (int i = 0; i < 50; i++) {
      t.failed("10.0.1." + i);
      assertTrue(t.size() <= 3);
    }
    assertTrue(t.blockedMillis("10.0.1.49") > 0);
    assertEquals(0, t.blockedMillis("10.0.1.0"), "dropped to make room");
  }

  @Test
  void ipv6AddressesCountByTheirSlash64() {
    assertEquals(AuthThrottle.key("2001:db8:1:2::5"), AuthThrottle.key("2001:db8:1:2:ffff::6"));
    assertEquals(AuthThrottle.key("[2001:db8:1:2::5]"), AuthThrottle.key("2001:db8:1:2::7"));
    assertNotEquals(AuthThrottle.key("2001:db8:1:2::5"), AuthThrottle.key("2001:db8:1:3::5"));
    assertEquals("127.0.0.1", AuthThrottle.key("127.0.0.1"));
    AuthThrottle t = throttle(0, Duration.ofSeconds(60), 100);
    t.failed("2001:db8:1:2::5");
    assertTrue(t.blockedMillis("2001:db8:1:2::99") > 0);
  }

  @Test
  void anUnknownAddressIsNeverBlocked() {
    AuthThrottle t = throttle(0, Duration.ofSeconds(60), 100);
    assertEquals(0, t.failed(null));
    assertEquals(0, t.blockedMillis(null));
  }
}
