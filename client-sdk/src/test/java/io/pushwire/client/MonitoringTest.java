package io.pushwire.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pushwire.protocol.Alert;
import io.pushwire.protocol.AlertLevel;
import io.pushwire.protocol.AlertResolved;
import io.pushwire.protocol.AlertTriggered;
import io.pushwire.protocol.CustomMetric;
import io.pushwire.protocol.Performance;
import io.pushwire.protocol.Ping;
import io.pushwire.protocol.Pong;
import io.pushwire.protocol.SystemMetrics;
import io.pushwire.server.Limits;
import io.pushwire.server.monitoring.Monitoring;
import io.pushwire.server.monitoring.MonitoringOptions;
import io.pushwire.server.monitoring.alerts.AlertRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Seed 001's monitoring endpoints, read through typed listeners for the sealed Alert and Performance types. */
class MonitoringTest extends ClientTestSupport {

  private static final SystemMetrics SAMPLE = new SystemMetrics(42.5, 61.0, 20.0, null, 87);

  private Monitoring monitoring;
  private TestServer server;

  private void startServer() {
    AtomicReference<Monitoring> installed = new AtomicReference<>();
    track(() -> installed.get().close());
    server = track(TestServer.serving(Limits.defaults(), hub -> {
      installed.set(Monitoring.install(hub, MonitoringOptions.builder().manualSampling().source(() -> SAMPLE).build()));
      return installed.get().endpoints();
    }));
    monitoring = installed.get();
  }

  /** A client of the endpoint at {@code path} with seed 001's credentials: a bearer token and a client id. */
  private PushClient client(String path) {
    return connected(fastClient(server.uri(path)).token(TestServer.TOKEN, TokenPlacement.BEARER_HEADER)
        .clientId("dashboard-1"));
  }

  /**
   * Waits until the subscriptions made so far, and the snapshots the server sends for them, are
   * behind the client: the server answers a request only after it has handled the frames and the
   * open callback before it. A subscription's snapshot (the alerts active now) is sent after its
   * {@code ack} ({@code docs/monitoring.md} §3), so an alert raised between the ack and the
   * snapshot reaches the client twice: pushed, then in the snapshot.
   */
  private static void awaitSnapshotsSent(PushClient client) {
    try {
      client.request(new Ping(), Pong.class).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the ping was not answered", e);
    }
  }

  private static AlertRequest alert(String key, String type, AlertLevel level) {
    return AlertRequest.builder(key, type, level).title(type + " " + level.wire()).build();
  }

  @Test
  void theAlertsEndpointDeliversBothFormsToAnAlertListenerWithoutASubscribe() {
    startServer();
    PushClient client = client("/ws/alerts");
    Recorder<Alert> alerts = new Recorder<>();
    client.on(Alert.class, alerts);
    awaitSnapshotsSent(client); // alert.*, made by the endpoint

    AlertTriggered raised = monitoring.alerts().trigger(alert("cpu-high", "cpu", AlertLevel.WARNING));
    monitoring.alerts().resolve("cpu-high", "load went down", "admin");

    await().until(() -> alerts.size() == 2);
    assertEquals(raised, alerts.all().get(0));
    AlertResolved resolved = (AlertResolved) alerts.all().get(1);
    assertEquals(raised.alertId(), resolved.alertId());
    assertEquals("load went down", resolved.resolution());
  }

  @Test
  void aFilteredSubscribeOnTheMainEndpointNarrowsTheAlerts() throws Exception {
    startServer();
    PushClient client = client("/ws");
    Recorder<Alert> alerts = new Recorder<>();
    client.on(Alert.class, alerts);

    client.subscribe(List.of("alert.*"), Map.of("level", List.of("critical"))).get(10, TimeUnit.SECONDS);
    awaitSnapshotsSent(client); // the ack came first: raise nothing until the (empty) snapshot is sent
    monitoring.alerts().trigger(alert("disk-warn", "disk", AlertLevel.WARNING));
    monitoring.alerts().trigger(alert("mem-full", "memory", AlertLevel.CRITICAL));

    await().until(() -> alerts.size() >= 1);
    assertEquals(List.of("memory"), alerts.all().stream().map(Alert::type).toList(),
        "the warning, published first, was filtered out");
  }

  @Test
  void aPerformanceListenerGetsSystemSamplesAndCustomMetrics() {
    startServer();
    PushClient client = client("/ws/performance");
    Recorder<Performance> performance = new Recorder<>();
    client.on(Performance.class, performance);
    awaitSnapshotsSent(client); // performance, made by the endpoint

    monitoring.sampleNow().join();
    CustomMetric latency = new CustomMetric("api_response_time", 150, "ms", "performance", Map.of("method", "GET"));
    monitoring.recordMetric(latency);

    await().until(() -> performance.size() == 2);
    assertEquals(List.of(SAMPLE, latency), performance.all());
  }
}
