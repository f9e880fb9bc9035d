package io.pushwire.spring.boot.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.pushwire.server.ConnectionListener;
import io.pushwire.server.Hub;
import io.pushwire.server.ServerStats;
import io.pushwire.server.requests.RequestContext;
import io.pushwire.server.topics.SubscriptionListener;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;

/**
 * Binds a hub's figures to Micrometer. Needs micrometer-core only (no Spring): {@code new
 * PushwireMetrics(hub).bindTo(registry)}. Create it before the hub serves connections: the
 * per-endpoint figures count from then on.
 *
 * <p>From {@link Hub#stats()}, read whenever a registry asks (each read walks the open connections
 * once, which is cheap next to a scrape):
 * <ul>
 *   <li>{@code pushwire.connections}, {@code pushwire.subscriptions}: gauges, open now;</li>
 *   <li>{@code pushwire.connections.opened}, {@code pushwire.connections.closed.slow},
 *       {@code pushwire.frames.in}, {@code pushwire.frames.out}, {@code pushwire.frames.dropped},
 *       {@code pushwire.frames.rejected}, {@code pushwire.auth.failures}: counters.</li>
 * </ul>
 * From the hub's listener hooks, tagged {@code endpoint} (the path):
 * <ul>
 *   <li>{@code pushwire.connections.authenticated}: gauge, authenticated connections open now;</li>
 *   <li>{@code pushwire.subscriptions.added}: counter, subscriptions made (by clients or on their behalf).</li>
 * </ul>
 * {@link TimedRequestHandler} adds {@code pushwire.requests} and {@link TimedBroker} adds
 * {@code pushwire.broker.publish}.
 *
 * <p>Thread-safe: the listener hooks run on container threads and touch only concurrent maps.
 */
public final class PushwireMetrics implements MeterBinder {

  private final Hub hub;
  private final Tags tags;
  /** Authenticated connections open now, by endpoint path; entries are never removed (few paths). */
  private final Map<String, AtomicInteger> authenticatedByPath = new ConcurrentHashMap<>();
  /** The endpoint path of each authenticated connection, until it closes. */
  private final Map<String, String> pathByConnection = new ConcurrentHashMap<>();
  /** Subscriptions made, by endpoint path; never removed. */
  private final Map<String, LongAdder> subscriptionsByPath = new ConcurrentHashMap<>();
  /** Every registry bound so far, so meters for a path seen later reach all of them. */
  private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

  /** Binds {@code hub}'s figures with no extra tags. */
  public PushwireMetrics(Hub hub) {
    this(hub, Tags.empty());
  }

  /**
   * Binds {@code hub}'s figures with {@code tags} on every meter, and starts following its
   * connections and subscriptions.
   */
  public PushwireMetrics(Hub hub, Iterable<Tag> tags) {
    this.hub = hub;
    this.tags = Tags.of(tags);
    hub.addConnectionListener(new ConnectionListener() {
      @Override
      public void onAuthenticated(RequestContext context) {
        pathByConnection.put(context.connectionId(), context.path());
        authenticated(context.path()).incrementAndGet();
      }

      @Override
      public void onClosed(String connectionId) {
        String path = pathByConnection.remove(connectionId);
        if (path != null) {
          authenticated(path).decrementAndGet();
        }
      }
    });
    hub.addSubscriptionListener((SubscriptionListener) (topic, context) -> subscriptions(context.path()).increment());
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    registries.add(registry);
    gauge(registry, "pushwire.connections", "Connections open now", ServerStats::connections);
    gauge(registry, "pushwire.subscriptions", "Subscriptions held now, over all connections",
        ServerStats::subscriptions);
    counter(registry, "pushwire.connections.opened", "Connections opened", ServerStats::connectionsOpened);
    counter(registry, "pushwire.connections.closed.slow", "Connections closed as slow consumers (4000)",
        ServerStats::closedSlow);
    counter(registry, "pushwire.frames.in", "Frames received", ServerStats::framesIn);
    counter(registry, "pushwire.frames.out", "Frames queued for sending", ServerStats::framesOut);
    counter(registry, "pushwire.frames.dropped", "Droppable frames dropped because a queue was full",
        ServerStats::dropped);
    counter(registry, "pushwire.frames.rejected", "Inbound frames answered with an error", ServerStats::rejectedFrames);
    counter(registry, "pushwire.auth.failures", "Refused credentials", ServerStats::authFailures);
    authenticatedByPath.forEach((path, count) -> authenticatedGauge(registry, path, count));
    subscriptionsByPath.forEach((path, count) -> subscriptionsCounter(registry, path, count));
  }

  private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<ServerStats> figure) {
    Gauge.builder(name, hub, h -> figure.applyAsDouble(h.stats()))
        .description(description).tags(tags).register(registry);
  }

  private void counter(MeterRegistry registry, String name, String description, ToDoubleFunction<ServerStats> figure) {
    FunctionCounter.builder(name, hub, h -> figure.applyAsDouble(h.stats()))
        .description(description).tags(tags).register(registry);
  }

  private AtomicInteger authenticated(String path) {
    return authenticatedByPath.computeIfAbsent(path, p -> {
      AtomicInteger count = new AtomicInteger();
      registries.forEach(registry -> authenticatedGauge(registry, p, count));
      return count;
    });
  }

  private LongAdder subscriptions(String path) {
    return subscriptionsByPath.computeIfAbsent(path, p -> {
      LongAdder count = new LongAdder();
      registries.forEach(registry -> subscriptionsCounter(registry, p, count));
      return count;
    });
  }

  private void authenticatedGauge(MeterRegistry registry, String path, AtomicInteger count) {
    Gauge.builder("pushwire.connections.authenticated", count, AtomicInteger::get)
        .description("Authenticated connections open now, by endpoint")
        .tags(tags).tag("endpoint", path).register(registry);
  }

  private void subscriptionsCounter(MeterRegistry registry, String path,
      LongAdder count) {
    FunctionCounter.builder("pushwire.subscriptions.added", count, LongAdder::sum)
        .description("Subscriptions made, by endpoint")
        .tags(tags).tag("endpoint", path).register(registry);
  }
}
