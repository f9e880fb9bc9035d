package io.pushwire.examples.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The example's own arguments, and what it leaves for the common ones. */
class ClusterArgsTest {

  @Test
  void redisAndNodesAreTakenOutAndTheRestIsLeftForTheCommonOptions() {
    LocalCluster.ClusterArgs args = LocalCluster.ClusterArgs.parse(
        new String[] {"--port", "0", "--redis", "redis://127.0.0.1:6379", "--nodes", "2", "--token", "t"});
    assertEquals("redis://127.0.0.1:6379", args.redisUri());
    assertEquals(2, args.nodes());
    assertEquals(List.of("--port", "0", "--token", "t"), args.common());
  }

  @Test
  void withoutThemTheExampleStartsItsOwnRedisAndThreeNodes() {
    LocalCluster.ClusterArgs args = LocalCluster.ClusterArgs.parse(new String[0]);
    assertNull(args.redisUri());
    assertEquals(LocalCluster.DEFAULT_NODES, args.nodes());
  }

  @Test
  void badValuesAreNamed() {
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> LocalCluster.ClusterArgs.parse(new String[] {"--nodes", "10"})).getMessage().contains("--nodes"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> LocalCluster.ClusterArgs.parse(new String[] {"--redis", "localhost:6379"})).getMessage().contains("redis://"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> LocalCluster.ClusterArgs.parse(new String[] {"--redis"})).getMessage().contains("needs a value"));
  }

  @Test
  void theUsageNamesEveryOption() {
    String usage = LocalCluster.usage();
    for (String option : new String[] {"--redis", "--nodes", "--host", "--port", "--token"}) {
      assertTrue(usage.contains(option), option + " in\n" + usage);
    }
  }
}
