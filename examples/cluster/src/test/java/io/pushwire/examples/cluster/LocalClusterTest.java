package io.pushwire.examples.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushwire.examples.support.ExampleOptions;
import io.pushwire.examples.support.WireClient;
import io.pushwire.protocol.CustomEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The example as {@code main} starts it, in this JVM: its own redis-server on a free port, three
 * nodes, the balancer. Clients are the JDK's WebSocket, connected through the balancer.
 */
class LocalClusterTest {

  private static final String TOKEN = "t0k";
  private static LocalCluster.Running cluster;
  private final List<WireClient> clients = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    cluster = LocalCluster.start(new ExampleOptions("127.0.0.1", 0, TOKEN), null, 3, Duration.ofMillis(200));
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @AfterEach
  void closeClients() {
    clients.forEach(WireClient::close);
  }

  /** Connects through the balancer until there is one client on each node; by node name. */
  private Map<String, WireClient> oneClientPerNode() {
    Map<String, WireClient> byNode = new LinkedHashMap<>();
    for (int attempt = 0; attempt < 2 * cluster.nodes().size() && byNode.size() < cluster.nodes().size(); attempt++) {
      WireClient client = WireClient.connect(cluster.webSocketUrl() + "?token=" + TOKEN);
      clients.add(client);
      String node = client.awaitType("hello").path("data").path("node").asText();
      byNode.putIfAbsent(node, client);
    }
    assertEquals(Set.of("node-1", "node-2", "node-3"), byNode.keySet(), "the balancer takes turns");
    return byNode;
  }

  private static JsonNode awaitSaid(WireClient client, String text) {
    return client.awaitFrame(f -> f.path("type").asText().equals("said") && f.path("data").path("text").asText().equals(text));
  }

  @Test
  void aPublicationOnNodeOneReachesClientsOnNodesTwoAndThree() {
    Map<String, WireClient> clients = oneClientPerNode();
    ClusterNode nodeOne = cluster.nodes().get(0);
    assertEquals("node-1", nodeOne.name);
    String text = "hello from node 1 " + UUID.randomUUID();
    nodeOne.hub.publish(ClusterNode.TOPIC, new CustomEvent<>("said", new ClusterNode.Said("node-1", text, "test")));
    for (String node : List.of("node-2", "node-3")) {
      JsonNode said = awaitSaid(clients.get(node), text).path("data");
      assertEquals("node-1", said.path("node").asText(), "published on node 1, delivered by " + node);
    }
  }

  @Test
  void aClientOnOneNodeSeesTheTicksOfEveryNode() {
    WireClient onNodeTwo = oneClientPerNode().get("node-2");
    Set<String> ticking = Set.of("node-1", "node-2", "node-3");
    onNodeTwo.awaitFrame(f -> onNodeTwo.framesOfType("tick").stream()
        .map(t -> t.path("data").path("node").asText()).collect(Collectors.toSet()).containsAll(ticking));
    JsonNode tick = onNodeTwo.framesOfType("tick").get(0).path("data");
    assertTrue(tick.path("count").asLong() >= 1, tick.toString());
  }

  @Test
  void whatAClientSaysThroughOneNodeReachesTheClientsOfTheOthers() {
    Map<String, WireClient> clients = oneClientPerNode();
    String text = "said on node 3 " + UUID.randomUUID();
    clients.get("node-3").send("{\"type\":\"say\",\"id\":\"say_1\",\"data\":{\"text\":\"" + text + "\"}}");
    for (WireClient client : clients.values()) {
      JsonNode said = awaitSaid(client, text).path("data");
      assertEquals("node-3", said.path("node").asText());
      assertEquals("visitor", said.path("by").asText());
    }
  }

  @Test
  void anEmptySayIsATypedErrorAndTheConnectionGoesOn() {
    WireClient client = WireClient.connect(cluster.webSocketUrl() + "?token=" + TOKEN);
    clients.add(client);
    client.awaitType("hello");
    client.send("{\"type\":\"say\",\"id\":\"say_empty\",\"data\":{\"text\":\"  \"}}");
    JsonNode error = client.awaitFrame(f -> f.path("id").asText().equals("say_empty"));
    assertEquals("error", error.path("type").asText());
    assertEquals("INVALID_MESSAGE", error.path("error").path("code").asText());
    String text = "still here " + UUID.randomUUID();
    client.send("{\"type\":\"say\",\"id\":\"say_2\",\"data\":{\"text\":\"" + text + "\"}}");
    awaitSaid(client, text);
  }

  @Test
  void thePageIsServedThroughTheBalancer() throws Exception {
    HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(cluster.pageUrl()))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("new WebSocket("), "the page connects by itself");
  }

  @Test
  void theReadyLineListsThePageTheBalancerAndEachNode() {
    List<String> urls = cluster.urls();
    assertEquals(2 + 3, urls.size());
    assertTrue(urls.get(0).startsWith("http://127.0.0.1:" + cluster.balancer().port() + "/?token=" + TOKEN));
    assertEquals("ws://127.0.0.1:" + cluster.balancer().port() + "/ws", urls.get(1));
  }
}
