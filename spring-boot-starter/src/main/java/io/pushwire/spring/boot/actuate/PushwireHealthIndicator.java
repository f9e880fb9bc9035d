package io.pushwire.spring.boot.actuate;

import io.pushwire.server.Hub;
import io.pushwire.server.ServerStats;
import io.pushwire.server.broker.Broker;
import io.pushwire.server.broker.ForwardingBroker;
import io.pushwire.spring.boot.PushwireLifecycle;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/**
 * The hub's health: {@code UP} while it serves, {@code OUT_OF_SERVICE} while the application starts
 * or while it closes connections at shutdown, {@code DOWN} once it is closed. The details say how
 * full it is (connections against {@code maxConnections}, subscriptions) and which broker carries
 * its publications. A hub at its connection limit is still {@code UP}: it refuses new connections
 * with 1013 and serves the others, and restarting it would not help.
 *
 * <p>The broker's own state is not reported: the broker SPI has no health check yet.
 */
public final class PushwireHealthIndicator extends AbstractHealthIndicator {

  private final Hub hub;
  private final PushwireLifecycle lifecycle;

  /**
   * @param hub the hub
   * @param lifecycle its state
   */
  public PushwireHealthIndicator(Hub hub, PushwireLifecycle lifecycle) {
    super("Pushwire health check failed");
    this.hub = hub;
    this.lifecycle = lifecycle;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    PushwireLifecycle.State state = lifecycle.state();
    builder.status(switch (state) {
      case RUNNING -> Status.UP;
      case STARTING, STOPPING -> Status.OUT_OF_SERVICE;
      case STOPPED -> Status.DOWN;
    });
    builder.withDetail("state", state.name());
    if (state == PushwireLifecycle.State.STOPPED) {
      return;
    }
    ServerStats stats = hub.stats();
    int max = hub.limits().maxConnections();
    builder.withDetail("connections", stats.connections())
        .withDetail("maxConnections", max)
        .withDetail("atConnectionLimit", stats.connections() >= max)
        .withDetail("subscriptions", stats.subscriptions())
        .withDetail("broker", brokerName(hub.broker()));
  }

  /** The broker's class, seen through any wrappers (the metrics' timing one among them). */
  private static String brokerName(Broker broker) {
    Broker unwrapped = broker;
    while (unwrapped instanceof ForwardingBroker wrapper) {
      unwrapped = wrapper.delegate();
    }
    return unwrapped.getClass().getSimpleName();
  }
}
