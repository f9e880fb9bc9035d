package io.pushwire.broker.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The broker contract with classic PUB/SUB ({@code PUBLISH} / {@code SUBSCRIBE}). */
class ClassicPubSubContractTest extends RedisBrokerContractTest {

  @Override
  ShardedPubSub mode() {
    return ShardedPubSub.OFF;
  }

  @Test
  void aClassicNodeSubscribesToTheTopicsPlainChannel() throws Exception {
    RedisBroker b = node(new CopyOnWriteArrayList<>());
    assertFalse(b.shardedPubSub());
    b.subscribe("orders").get(5, TimeUnit.SECONDS);
    RedisClient client = RedisClient.create(redis.uri());
    try (StatefulRedisConnection<String, String> admin = client.connect()) {
      assertEquals(1L, admin.sync().pubsubNumsub(prefix + "orders").get(prefix + "orders"));
      assertEquals(0L, admin.sync().pubsubShardNumsub(prefix + "s:{orders}").get(prefix + "s:{orders}"));
    } finally {
      client.shutdown();
    }
  }
}
