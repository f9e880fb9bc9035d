package io.pushwire.spring.boot.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.pushwire.server.ConnectionListener;
import io.pushwire.server.Hub;
import io.pushwire.server.ServerStats;
import io.pushwire.server.requests.RequestContext;
import io.pushwire.server.requests.RequestObserver;
import io.pushwire.server.topics.SubscriptionListener;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
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
 *       {@code pushwire.frames.rejected}, {@code pushwire.auth.failures}, {@code pushwire.bytes.in},
 *       {@code pushwire.bytes.out}: counters.</li>
 * </ul>
 * From {@link Hub#stats(String)}, one set per endpoint the hub serves, tagged {@code endpoint} (the
 * endpoint's path): the gauge {@code pushwire.endpoint.connections} and the counters
 * {@code pushwire.endpoint.frames.in}, {@code .frames.out}, {@code .bytes.in}, {@code .bytes.out},
 * {@code .frames.dropped}, {@code .frames.rejected}, {@code .connections.closed.slow} and
 * {@code .auth.failures}. They have names of their own, not the hub-wide names with a tag, because
 * Prometheus wants every series of a name to carry the same tag keys. An endpoint mounted after
 * {@link #bindTo} gets its meters when its first connection authenticates (they count from the
 * hub's start all the same).
 *
 * <p>From the hub's listener hooks, tagged {@code endpoint} (the path):
 * <ul>
 *   <li>{@code pushwire.connections.authenticated}: gauge, authenticated connections open now;</li>
 *   <li>{@code pushwire.subscriptions.added}: counter, subscriptions made (by clients or on their behalf).</li>
 * </ul>
 * From the hub's {@link RequestObserver}: {@code pushwire.requests}, a timer of every request the
 * hub hands to a handler (the application's and the features' alike) or finds no handler for,
 * tagged {@code type} (the wire type, {@code get_task}), {@code endpoint} and {@code outcome}
 * ({@code ok}; {@code error}: a {@code RequestException}; {@code exception}: anything else thrown;
 * {@code unsupported}: no handler). {@link TimedBroker} adds {@code pushwire.broker.publish}.
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
  /** Endpoint paths given meters so far; never removed (few paths). */
  private final Set<String> meteredPaths = ConcurrentHashMap.newKeySet();
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
        if (meteredPaths.add(context.path())) {
          registries.forEach(registry -> endpointMeters(registry, context.path()));
        }
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
    hub.addRequestObserver(this::timeRequest);
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
    counter(registry, "pushwire.bytes.in", "UTF-8 bytes of the frames received", ServerStats::bytesIn);
    counter(registry, "pushwire.bytes.out", "UTF-8 bytes of the frames queued for sending", ServerStats::bytesOut);
    meteredPaths.addAll(hub.endpointPaths());
    meteredPaths.forEach(path -> endpointMeters(registry, path));
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

  /** One endpoint's figures from {@link Hub#stats(String)}, tagged with its path. */
  private void endpointMeters(MeterRegistry registry, String path) {
    Gauge.builder("pushwire.endpoint.connections", hub, h -> h.stats(path).connections())
        .description("Connections open now, by endpoint").tags(tags).tag("endpoint", path).register(registry);
    endpointCounter(registry, path, "pushwire.endpoint.frames.in", "Frames received, by endpoint",
        ServerStats::framesIn);
    endpointCounter(registry, path, "pushwire.endpoint.frames.out", "Frames queued for sending, by endpoint",
        ServerStats::framesOut);
    endpointCounter(registry, path, "pushwire.endpoint.bytes.in", "UTF-8 bytes of the frames received, by endpoint",
        ServerStats::bytesIn);
    endpointCounter(registry, path, "pushwire.endpoint.bytes.out",
        "UTF-8 bytes of the frames queued for sending, by endpoint", ServerStats::bytesOut);
    endpointCounter(registry, path, "pushwire.endpoint.frames.dropped",
        "Droppable frames dropped because a queue was full, by endpoint", ServerStats::dropped);
    endpointCounter(registry, path, "pushwire.endpoint.frames.rejected",
        "Inbound frames answered with an error, by endpoint", ServerStats::rejectedFrames);
    endpointCounter(registry, path, "pushwire.endpoint.connections.closed.slow",
        "Connections closed as slow consumers (4000), by endpoint", ServerStats::closedSlow);
    endpointCounter(registry, path, "pushwire.endpoint.auth.failures", "Refused credentials, by endpoint",
        ServerStats::authFailures);
  }

  private void endpointCounter(MeterRegistry registry, String path, String name, String description,
      ToDoubleFunction<ServerStats> figure) {
    FunctionCounter.builder(name, hub, h -> figure.applyAsDouble(h.stats(path)))
        .description(description).tags(tags).tag("endpoint", path).register(registry);
  }

  /** The hub's request observer: one timing in every bound registry (none before the first is bound). */
  private void timeRequest(String type, String endpoint, RequestObserver.Outcome outcome, long nanos) {
    for (MeterRegistry registry : registries) {
      Timer.builder("pushwire.requests")
          .description("Requests dispatched to a handler, by request type")
          .tags(tags).tag("type", type).tag("endpoint", endpoint).tag("outcome", outcomeTag(outcome))
          .register(registry)
          .record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  /** The {@code outcome} tag; {@code exception} for FAILED, as the tag said before the hub timed requests. */
  private static String outcomeTag(RequestObserver.Outcome outcome) {
    return switch (outcome) {
      case OK -> "ok";
      case ERROR -> "error";
      case FAILED -> "exception";
      case UNSUPPORTED -> "unsupported";
    };
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
