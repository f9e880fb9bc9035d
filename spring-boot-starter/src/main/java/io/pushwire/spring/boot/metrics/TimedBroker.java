package io.pushwire.spring.boot.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pushwire.protocol.ServerMessage;
import io.pushwire.server.broker.Broker;
import io.pushwire.server.broker.HistoryResult;
import io.pushwire.server.broker.StreamPosition;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A {@link Broker} that times every publish, from the call until its future completes, as
 * {@code pushwire.broker.publish} (tagged {@code broker}, the wrapped broker's class). With the
 * in-memory broker that is the numbering plus the hand-over to every local recipient's queue.
 *
 * <p>The registry is asked for at the first publish, not before (the hub is built early in an
 * application's start), and the timer is kept from then on. Thread-safe.
 */
public final class TimedBroker implements Broker {

  private final Broker delegate;
  private final Supplier<MeterRegistry> registry;
  /** Null until the first publish finds a registry; then fixed. */
  private volatile Timer timer;

  /**
   * @param delegate the broker that does the work
   * @param registry where the timer goes; may supply null while there is none yet
   */
  public TimedBroker(Broker delegate, Supplier<MeterRegistry> registry) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /** The broker that does the work. */
  public Broker delegate() {
    return delegate;
  }

  @Override
  public void start(Handler handler) {
    delegate.start(handler);
  }

  @Override
  public CompletableFuture<StreamPosition> publish(String channel, ServerMessage message, boolean droppable) {
    Timer t = timer();
    if (t == null) {
      return delegate.publish(channel, message, droppable);
    }
    long start = System.nanoTime();
    CompletableFuture<StreamPosition> published = delegate.publish(channel, message, droppable);
    if (published.isDone()) {
      t.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      return published;
    }
    return published.whenComplete((position, error) -> t.record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
  }

  @Override
  public CompletableFuture<HistoryResult> history(String channel, StreamPosition since, int limit) {
    return delegate.history(channel, since, limit);
  }

  @Override
  public boolean goLive(String channel, StreamPosition since, int limit, LiveStart start) {
    return delegate.goLive(channel, since, limit, start); // without it, every recovery is refused
  }

  @Override
  public CompletableFuture<Void> subscribe(String channel) {
    return delegate.subscribe(channel);
  }

  @Override
  public CompletableFuture<Void> unsubscribe(String channel) {
    return delegate.unsubscribe(channel);
  }

  @Override
  public void close() {
    delegate.close();
  }

  private Timer timer() {
    Timer t = timer;
    if (t == null) {
      MeterRegistry r = registry.get();
      if (r != null) {
        t = Timer.builder("pushwire.broker.publish")
            .description("Broker publish, from the call until the publication is numbered and handed to local recipients")
            .tag("broker", delegate.getClass().getSimpleName())
            .register(r);
        timer = t;
      }
    }
    return t;
  }
}
