package io.pushwire.server.monitoring;

import io.pushwire.protocol.Status;
import io.pushwire.protocol.codec.PushwireCodec;
import io.pushwire.server.Hub;
import io.pushwire.server.broker.StreamPosition;
import io.pushwire.server.requests.RequestContext;
import io.pushwire.server.topics.MessageFilter;
import io.pushwire.server.topics.SubscriptionListener;
import io.pushwire.server.topics.TopicPattern;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes {@code status} messages and keeps the latest one of each component, so a client
 * that subscribes to {@code status} (or connects to the dedicated status endpoint) learns every
 * component's state at once. Bounded: at most {@code maxComponents} are kept, and the one updated
 * least recently is forgotten first (only for snapshots; its later updates are pushed as usual).
 * Publication and snapshot share one lock, so a subscriber never gets an older status after a
 * newer one.
 */
final class StatusBoard implements SubscriptionListener {

  private static final PushwireCodec BODIES = PushwireCodec.create();

  private final Hub hub;
  private final int maxComponents;
  private final Object lock = new Object();
  /** Latest status by component, least recently updated first. Guarded by {@link #lock}; at most maxComponents. */
  private final Map<String, Status> latest = new LinkedHashMap<>();

  StatusBoard(Hub hub, int maxComponents) {
    this.hub = hub;
    this.maxComponents = maxComponents;
  }

  CompletableFuture<StreamPosition> publish(Status status) {
    synchronized (lock) {
      latest.remove(status.component());
      if (maxComponents > 0) {
        if (latest.size() >= maxComponents) {
          Iterator<String> oldest = latest.keySet().iterator();
          oldest.next();
          oldest.remove();
        }
        latest.put(status.component(), status);
      }
      return hub.publish(Monitoring.STATUS_TOPIC, status);
    }
  }

  int size() {
    synchronized (lock) {
      return latest.size();
    }
  }

  @Override
  public void onSubscribed(String topic, RequestContext context) {
    onSubscribed(topic, MessageFilter.NONE, context);
  }

  @Override
  public void onSubscribed(String topic, MessageFilter filter, RequestContext context) {
    if (!TopicPattern.of(topic).matches(Monitoring.STATUS_TOPIC)) {
      return;
    }
    synchronized (lock) {
      for (Status status : latest.values()) {
        if (filter.isEmpty() || filter.test(BODIES.bodyTree(status))) {
          context.reply(status);
        }
      }
    }
  }
}
