package io.pushwire.examples.cluster;

import io.pushwire.examples.support.ExampleOptions;
import io.pushwire.examples.support.ExampleRunner;
import io.pushwire.examples.support.RunningExample;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Scale-out on one machine: a Redis, {@value #DEFAULT_NODES} Pushwire nodes sharing it through
 * {@code RedisBroker}, and a round-robin TCP balancer in front of them on port
 * {@value #DEFAULT_PORT}, which also serves the page ({@code cluster-web/index.html}). Each node
 * publishes a tick every second; the page shows which node its connection landed on, and ticks
 * from every node arriving through that one.
 *
 * <pre>
 * java -jar cluster.jar [--redis redis://127.0.0.1:6379] [--nodes 2|3] [--host H] [--port P] [--token T]
 * </pre>
 *
 * Without {@code --redis} it starts its own {@code redis-server} (on a free port of 127.0.0.1, in a
 * temporary directory) and stops it on Ctrl-C. The nodes and Redis always listen on 127.0.0.1;
 * {@code --host} and {@code --port} place the balancer, the one door clients use.
 */
public final class LocalCluster {

  static final String PROGRAM = "cluster";
  static final int DEFAULT_PORT = 8070;
  static final int DEFAULT_NODES = 3;
  static final int MAX_NODES = 9;
  /** How often each node ticks. Tests tick faster. */
  static final Duration TICK = Duration.ofSeconds(1);

  /** What this example takes beyond the common {@code --host --port --token}. */
  record ClusterArgs(String redisUri, int nodes, List<String> common) {

    /**
     * Takes {@code --redis URI} and {@code --nodes N} out of {@code args}; the rest is for
     * {@link ExampleOptions}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static ClusterArgs parse(String[] args) {
      String redis = null;
      int nodes = DEFAULT_NODES;
      List<String> common = new ArrayList<>();
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        if (!arg.equals("--redis") && !arg.equals("--nodes")) {
          common.add(arg);
          continue;
        }
        if (i + 1 >= args.length || args[i + 1].isBlank() || args[i + 1].startsWith("--")) {
          throw new IllegalArgumentException(arg + " needs a value");
        }
        String value = args[++i];
        if (arg.equals("--redis")) {
          if (!value.startsWith("redis://") && !value.startsWith("rediss://")) {
            throw new IllegalArgumentException("--redis must be a redis:// URI, got " + value);
          }
          redis = value;
        } else {
          try {
            nodes = Integer.parseInt(value);
          } catch (NumberFormatException e) {
            nodes = -1;
          }
          if (nodes < 1 || nodes > MAX_NODES) {
            throw new IllegalArgumentException("--nodes must be a number from 1 to " + MAX_NODES + ", got " + value);
          }
        }
      }
      return new ClusterArgs(redis, nodes, List.copyOf(common));
    }
  }

  private LocalCluster() {
  }

  public static void main(String[] args) {
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.out.println(usage());
      return;
    }
    ClusterArgs cluster;
    try {
      cluster = ClusterArgs.parse(args);
      ExampleOptions.parse(cluster.common().toArray(String[]::new), DEFAULT_PORT);   // bad ones before anything starts
    } catch (IllegalArgumentException e) {
      System.err.println(PROGRAM + ": " + e.getMessage());
      System.err.println(usage());
      System.exit(ExampleOptions.EXIT_USAGE);
      return;
    }
    if (cluster.redisUri() == null && !RedisProcess.installed()) {
      System.err.println(PROGRAM + ": no redis-server on the PATH; install Redis 7 (Debian: apt-get install "
          + "redis-server) or pass --redis redis://HOST:PORT");
      System.exit(ExampleRunner.EXIT_CANNOT_START);
      return;
    }
    ExampleRunner.run(PROGRAM, DEFAULT_PORT, cluster.common().toArray(String[]::new),
        options -> start(options, cluster.redisUri(), cluster.nodes(), TICK));
  }

  static String usage() {
    return ExampleOptions.usage(PROGRAM, DEFAULT_PORT).replace("[--host H]", "[--redis URI] [--nodes N] [--host H]")
        .replace("  --host H   address to bind", "  --redis U  the Redis the nodes share (default: start a redis-server on a free port)\n"
            + "  --nodes N  how many nodes, 1-" + MAX_NODES + " (default " + DEFAULT_NODES + ")\n"
            + "  --host H   address the balancer binds; nodes and Redis stay on 127.0.0.1");
  }

  /**
   * Starts Redis (unless {@code redisUri} names one), the nodes and the balancer.
   *
   * @throws IOException if something cannot listen or Redis cannot start
   */
  static Running start(ExampleOptions options, String redisUri, int nodeCount, Duration tickEvery) throws IOException {
    RedisProcess ownRedis = redisUri == null ? RedisProcess.start() : null;
    String uri = redisUri != null ? redisUri : ownRedis.uri();
    List<ClusterNode> nodes = new ArrayList<>();
    RoundRobinBalancer balancer = null;
    try {
      for (int i = 1; i <= nodeCount; i++) {
        nodes.add(ClusterNode.start("node-" + i, uri, options.token(), tickEvery));
      }
      List<InetSocketAddress> backends = nodes.stream().map(n -> new InetSocketAddress("127.0.0.1", n.port())).toList();
      balancer = RoundRobinBalancer.start(options.host(), options.port(), backends,
          RoundRobinBalancer.DEFAULT_MAX_CONNECTIONS);
    } catch (IOException | RuntimeException e) {
      nodes.forEach(ClusterNode::close);
      if (ownRedis != null) {
        ownRedis.close();
      }
      throw e;
    }
    Running running = new Running(options.token(), uri, ownRedis, List.copyOf(nodes), balancer);
    System.err.println(running.describe());
    return running;
  }

  /** The started cluster. {@link #close()} stops the balancer, the nodes, then its own Redis. */
  record Running(String token, String redisUri, RedisProcess ownRedis, List<ClusterNode> nodes,
      RoundRobinBalancer balancer) implements RunningExample {

    String pageUrl() {
      return "http://" + balancer.host() + ":" + balancer.port() + "/?token=" + token;
    }

    /** The WebSocket URL through the balancer. */
    String webSocketUrl() {
      return "ws://" + balancer.host() + ":" + balancer.port() + ClusterNode.PATH;
    }

    /** A node's own WebSocket URL, bypassing the balancer. */
    String nodeUrl(ClusterNode node) {
      return "ws://127.0.0.1:" + node.port() + ClusterNode.PATH;
    }

    @Override
    public List<String> urls() {
      List<String> urls = new ArrayList<>(List.of(pageUrl(), webSocketUrl()));
      nodes.forEach(n -> urls.add(nodeUrl(n)));
      return urls;
    }

    String describe() {
      StringBuilder text = new StringBuilder("cluster: Redis at " + redisUri
          + (ownRedis != null ? " (started here, stopped on exit)" : ""));
      for (ClusterNode node : nodes) {
        text.append("\n  ").append(node.name).append(" on 127.0.0.1:").append(node.port())
            .append(node.broker.shardedPubSub() ? " (sharded PUB/SUB)" : " (classic PUB/SUB)");
      }
      text.append("\n  balancer on ").append(balancer.host()).append(':').append(balancer.port())
          .append(", round robin over ").append(nodes.size()).append(nodes.size() == 1 ? " node" : " nodes");
      return text.toString();
    }

    @Override
    public void close() {
      balancer.close();
      nodes.forEach(ClusterNode::close);
      if (ownRedis != null) {
        ownRedis.close();
      }
    }
  }
}
