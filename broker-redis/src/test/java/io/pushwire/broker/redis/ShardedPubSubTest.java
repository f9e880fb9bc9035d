package io.pushwire.broker.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How each mode reads a server's {@code INFO server} reply. */
class ShardedPubSubTest {

  private static String info(String version) {
    return "# Server\r\nredis_version:" + version + "\r\nredis_mode:standalone\r\n";
  }

  @Test
  void autoIsShardedFromRedis7On() {
    assertTrue(ShardedPubSub.AUTO.resolve(info("7.0.15")));
    assertTrue(ShardedPubSub.AUTO.resolve(info("8.2.1")));
    assertFalse(ShardedPubSub.AUTO.resolve(info("6.2.14")));
    assertFalse(ShardedPubSub.AUTO.resolve("# Server\r\n"), "no version: classic");
  }

  @Test
  void onRefusesAServerOlderThanRedis7() {
    assertTrue(ShardedPubSub.ON.resolve(info("7.2.4")));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> ShardedPubSub.ON.resolve(info("6.0.9")));
    assertTrue(e.getMessage().contains("Redis 7"), e.getMessage());
  }

  @Test
  void offIsClassicWhateverTheServer() {
    assertFalse(ShardedPubSub.OFF.resolve(info("7.0.15")));
  }

  @Test
  void theMajorVersionIsReadFromTheVersionLine() {
    assertEquals(7, ShardedPubSub.majorVersion(info("7.0.15")));
    assertEquals(-1, ShardedPubSub.majorVersion(info("unstable")));
  }
}
