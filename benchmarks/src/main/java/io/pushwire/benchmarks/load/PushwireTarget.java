package io.pushwire.benchmarks.load;

import io.pushwire.protocol.CustomEvent;
import io.pushwire.server.Dialect;
import io.pushwire.server.EndpointSpec;
import io.pushwire.server.Hub;
import io.pushwire.server.Limits;
import io.pushwire.server.PushServer;
import io.pushwire.server.ServerStats;
import io.pushwire.server.auth.AuthMode;
import io.pushwire.server.auth.TokenAuthenticator;
import java.io.IOException;
import java.time.Duration;

/**
 * Pushwire as an application would run it for seed 003: a {@link PushServer} on 127.0.0.1 with one
 * endpoint that authenticates the {@code token} query parameter and subscribes the {@code topics}
 * query parameter at connect, in the {@link Dialect#ENVELOPE_MILLIS} dialect. Each tick is a
 * {@code bench_tick} {@link CustomEvent} published with {@link Hub#publish}, which encodes it
 * once and queues the same text for every subscriber.
 *
 * <p>Limits are the defaults except the connection caps: {@code maxConnections} (10,000) and
 * {@code maxConnectionsPerRemoteAddress} (1,000) would refuse the harness's own clients, which
 * all come from a few loopback addresses.
 */
final class PushwireTarget implements Target {

  private static final String PATH = "/ws";

  private final String pad;
  /** Replaced by every start; only the command thread touches these. */
  private Hub hub;
  private PushServer server;
  private int port;
  /** Counters of hubs already stopped, so failures survive a restart; command thread only. */
  private long failedBefore;

  /** The engine PushServer runs on: "tyrus" or "netty". */
  private final String engine;

  PushwireTarget(String pad) {
    this(pad, "tyrus");
  }

  PushwireTarget(String pad, String engine) {
    this.pad = pad;
    this.engine = engine;
  }

  /** Pushwire on the Netty engine. */
  static PushwireTarget onNetty(String pad) {
    return new PushwireTarget(pad, "netty");
  }

  @Override
  public String name() {
    return engine.equals("tyrus") ? "pushwire" : "pushwire-" + engine;
  }

  @Override
  public void start(int requestedPort) throws IOException {
    hub = Hub.builder()
        .authenticator(TokenAuthenticator.single(Ticks.TOKEN, "bench"))
        .registerType(Ticks.TYPE, Ticks.BenchTick.class)
        .limits(Limits.builder()
            .maxConnections(1_000_000)
            .maxConnectionsPerRemoteAddress(1_000_000)
            .build())
        .build();
    server = PushServer.builder()
        .host("127.0.0.1")
        .port(requestedPort)
        .hub(hub)
        .endpoint(EndpointSpec.builder(PATH)
            .auth(AuthMode.QUERY_PARAMETER)
            .dialect(Dialect.ENVELOPE_MILLIS)
            .topicsQueryParameter(true)
            .build())
        .shutdownTimeout(Duration.ofSeconds(10))
        .maxPendingSockets(100_000) // the reconnect storm opens thousands at once
        .engine(engine)
        .build()
        .start();
    port = server.port();
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public String requestTargetPrefix() {
    return PATH + "?token=" + Ticks.TOKEN + "&topics=" + Ticks.TOPIC + "&client_id=load-";
  }

  @Override
  public void publish(long seq, long sentNanos) {
    hub.publish(Ticks.TOPIC, new CustomEvent<>(Ticks.TYPE, new Ticks.BenchTick(seq, sentNanos, pad)));
  }

  @Override
  public int connections() {
    return hub.stats().connections();
  }

  @Override
  public long failedSends() {
    return failedBefore + failed(hub.stats());
  }

  private static long failed(ServerStats stats) {
    return stats.closedSlow() + stats.dropped();
  }

  @Override
  public void stop() {
    failedBefore += failed(hub.stats());
    server.close(); // 1001 to every client, waits for them, stops listening
    hub.close();
  }
}
