package io.pushwire.broker.redis;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.pushwire.server.broker.Publication;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The broker contract with sharded PUB/SUB ({@code SPUBLISH} / {@code SSUBSCRIBE}), which the
 * installed Redis 7 offers on a plain (non-cluster) server too; and how the modes meet.
 */
class ShardedPubSubContractTest extends RedisBrokerContractTest {

  @Override
  ShardedPubSub mode() {
    return ShardedPubSub.ON;
  }

  private <T> T admin(Function<StatefulRedisConnection<String, String>, T> query) {
    RedisClient client = RedisClient.create(redis.uri());
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      return query.apply(connection);
    } finally {
      client.shutdown();
    }
  }

  @Test
  void aShardedNodeSubscribesToTheTopicsShardChannelAndPatternsStayClassic() throws Exception {
    RedisBroker b = node(new CopyOnWriteArrayList<>());
    assertTrue(b.shardedPubSub());
    b.subscribe("orders").get(5, TimeUnit.SECONDS);
    b.subscribe("task:*").get(5, TimeUnit.SECONDS);
    String shard = prefix + "s:{orders}";
    assertEquals(Long.valueOf(1), admin(c -> c.sync().pubsubShardNumsub(shard).get(shard)));
    assertEquals(Long.valueOf(0), admin(c -> c.sync().pubsubNumsub(prefix + "orders").get(prefix + "orders")));
    assertTrue(admin(c -> c.sync().pubsubNumpat()) >= 1, "the wildcard subscription is a PSUBSCRIBE");
  }

  @Test
  void autoUsesShardedPubSubOnRedis7() {
    RedisBroker a = node(new CopyOnWriteArrayList<>(), options().withShardedPubSub(ShardedPubSub.AUTO));
    int major = ShardedPubSub.majorVersion(admin(c -> c.sync().info("server")));
    assertEquals(major >= 7, a.shardedPubSub(), "redis " + major + ".x");
  }

  @Test
  void aClassicNodeStillHearsAShardedPublisher() throws Exception {
    List<Publication> atClassic = new CopyOnWriteArrayList<>();
    RedisBroker sharded = node(new CopyOnWriteArrayList<>());
    RedisBroker classic = node(atClassic, options().withShardedPubSub(ShardedPubSub.OFF));
    classic.subscribe("orders").get(5, TimeUnit.SECONDS);
    publish(sharded, "orders", 1);
    await().atMost(Duration.ofSeconds(5)).until(() -> atClassic.size() == 1);
    assertEquals("orders", atClassic.get(0).channel());
    assertEquals(1, atClassic.get(0).position().offset());
  }
}
