package io.pushwire.spring.boot.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pushwire.protocol.ServerMessage;
import io.pushwire.server.broker.Broker;
import io.pushwire.server.broker.ForwardingBroker;
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
 * application's start), and the timer is kept from then on. Every other call, presence and
 * recovery's {@code goLive} included, goes to the wrapped broker unchanged. Thread-safe.
 */
public final class TimedBroker extends ForwardingBroker {

  private final Supplier<MeterRegistry> registry;
  /** Null until the first publish finds a registry; then fixed. */
  private volatile Timer timer;

  /**
   * @param delegate the broker that does the work
   * @param registry where the timer goes; may supply null while there is none yet
   */
  public TimedBroker(Broker delegate, Supplier<MeterRegistry> registry) {
    super(delegate);
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  @Override
  public CompletableFuture<StreamPosition> publish(String channel, ServerMessage message, boolean droppable) {
    Timer t = timer();
    if (t == null) {
      return delegate().publish(channel, message, droppable);
    }
    long start = System.nanoTime();
    CompletableFuture<StreamPosition> published = delegate().publish(channel, message, droppable);
    if (published.isDone()) {
      t.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      return published;
    }
    return published.whenComplete((position, error) -> t.record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
  }

  private Timer timer() {
    Timer t = timer;
    if (t == null) {
      MeterRegistry r = registry.get();
      if (r != null) {
        t = Timer.builder("pushwire.broker.publish")
            .description("Broker publish, from the call until the publication is numbered and handed to local recipients")
            .tag("broker", delegate().getClass().getSimpleName())
            .register(r);
        timer = t;
      }
    }
    return t;
  }
}
