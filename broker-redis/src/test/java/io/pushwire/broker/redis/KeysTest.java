package io.pushwire.broker.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Names in Redis, and the Redis Cluster slot of the names one script touches. */
class KeysTest {

  private final Keys keys = new Keys("pushwire:");

  @Test
  void theScriptsKeysAndTheShardChannelOfATopicShareOneClusterSlot() {
    for (String topic : List.of("orders", "task:42", "alert.cpu", "a{b}c", "x}y", "{z", "日志")) {
      int slot = slot(keys.history(topic));
      assertEquals(slot, slot(keys.meta(topic)), topic);
      assertEquals(slot, slot(keys.shardChannel(topic)), topic);
    }
  }

  @Test
  void aShardChannelNamesItsTopic() {
    assertEquals("task:{1}", keys.topicOfShardChannel(keys.shardChannel("task:{1}")));
    assertNull(keys.topicOfShardChannel("other:s:{task}"));
    assertNull(keys.topicOfShardChannel("pushwire:s:{"));
  }

  /** Redis Cluster's key slot: CRC16 (XMODEM) of the hash tag, or of the whole key, mod 16384. */
  private static int slot(String key) {
    int open = key.indexOf('{');
    if (open >= 0) {
      int close = key.indexOf('}', open + 1);
      if (close > open + 1) {
        key = key.substring(open + 1, close);
      }
    }
    int crc = 0;
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      crc ^= (b & 0xff) << 8;
      for (int i = 0; i < 8; i++) {
        crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
      }
      crc &= 0xffff;
    }
    return crc % 16384;
  }
}
