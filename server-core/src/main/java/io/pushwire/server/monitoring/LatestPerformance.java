package io.pushwire.server.monitoring;

import io.pushwire.protocol.SystemMetrics;
import io.pushwire.protocol.codec.PushwireCodec;
import io.pushwire.server.Delivery;
import io.pushwire.server.Hub;
import io.pushwire.server.requests.RequestContext;
import io.pushwire.server.topics.MessageFilter;
import io.pushwire.server.topics.SubscriptionListener;
import io.pushwire.server.topics.TopicPattern;

/**
 * Publishes system samples on {@code performance} as droppable pushes (the next sample
 * supersedes a lost one), and sends the latest one to a client that subscribes to a name or
 * pattern matching {@code performance}, so a dashboard has figures before the next tick. The
 * publication and the snapshot share one lock, so a subscriber never gets an older sample after
 * a newer one.
 */
final class LatestPerformance implements SubscriptionListener {

  private static final PushwireCodec BODIES = PushwireCodec.create();

  private final Hub hub;
  private final Object lock = new Object();
  /** The latest system sample, or null before the first. Guarded by {@link #lock}. */
  private SystemMetrics latest;

  LatestPerformance(Hub hub) {
    this.hub = hub;
  }

  void publish(SystemMetrics sample) {
    synchronized (lock) {
      latest = sample;
      hub.publish(Monitoring.PERFORMANCE_TOPIC, sample, Delivery.DROPPABLE);
    }
  }

  @Override
  public void onSubscribed(String topic, RequestContext context) {
    onSubscribed(topic, MessageFilter.NONE, context);
  }

  @Override
  public void onSubscribed(String topic, MessageFilter filter, RequestContext context) {
    if (!TopicPattern.of(topic).matches(Monitoring.PERFORMANCE_TOPIC)) {
      return;
    }
    synchronized (lock) {
      if (latest != null && (filter.isEmpty() || filter.test(BODIES.bodyTree(latest)))) {
        context.reply(latest);
      }
    }
  }
}
