package io.pushwire.server.monitoring.alerts;

import io.pushwire.protocol.AlertResolved;
import io.pushwire.protocol.AlertStatus;
import io.pushwire.protocol.AlertTriggered;
import io.pushwire.protocol.codec.PushwireCodec;
import io.pushwire.server.Hub;
import io.pushwire.server.requests.RequestContext;
import io.pushwire.server.topics.MessageFilter;
import io.pushwire.server.topics.SubscriptionListener;
import io.pushwire.server.topics.TopicPattern;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The alerts of seed 001: trigger, update and resolve them, each publication going to
 * {@code alert.<type>}, and send the alerts active now to every client that subscribes to a
 * matching name or pattern.
 *
 * <ul>
 *   <li><b>Identity.</b> The application names each condition with a key. The first trigger of a
 *       key creates an alert with a fresh {@code alert_id}; triggering the key again while it is
 *       active updates that alert (same {@code alert_id}; level, text and value may change) and
 *       publishes it again, unless nothing changed. Resolving publishes the resolved form with
 *       the same {@code alert_id}; a later trigger of the key is a new alert with a new id.</li>
 *   <li><b>On subscribe.</b> A client whose subscription matches {@code alert.<type>} is sent the
 *       active alerts of that type that pass its filter, in trigger order, as replies to its
 *       {@code subscribe}. Resolved alerts are not sent.</li>
 *   <li><b>Bounds.</b> At most {@code maxActive} alerts are active: triggering a new key beyond
 *       that throws {@link IllegalStateException} (updates of active keys always succeed). The
 *       last {@code maxResolved} resolutions are kept for {@link #recentlyResolved()}, the oldest
 *       dropped first.</li>
 *   <li><b>Order.</b> Changes and the snapshots sent to subscribers are serialized by one lock,
 *       held while the frames are queued (queuing never waits for a socket), so a subscriber
 *       never receives an older version of an alert after a newer one.</li>
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class AlertManager implements SubscriptionListener {

  /** Alerts are published on this prefix plus their type: {@code alert.cpu}. */
  public static final String TOPIC_PREFIX = "alert.";

  /** Evaluates subscription filters on the body as the hub does (field values as text). */
  private static final PushwireCodec BODIES = PushwireCodec.create();

  private final Hub hub;
  private final Clock clock;
  private final int maxActive;
  private final int maxResolved;
  /** Prefix of this manager's alert ids, unique per manager so ids do not repeat across restarts. */
  private final String idPrefix;
  private final Object lock = new Object();
  /** Active alerts by key, in first-trigger order. Guarded by {@link #lock}; at most {@link #maxActive}. */
  private final Map<String, AlertTriggered> active = new LinkedHashMap<>();
  /** Recent resolutions, oldest first. Guarded by {@link #lock}; at most {@link #maxResolved}, oldest dropped. */
  private final ArrayDeque<AlertResolved> resolved = new ArrayDeque<>();
  /** Alerts created so far, numbering the ids. Guarded by {@link #lock}. */
  private long created;

  /**
   * A manager publishing through {@code hub}, stamping resolutions with {@code clock} (to the
   * millisecond). Register it with {@code hub.addSubscriptionListener(manager)} so subscribers get
   * the active alerts.
   */
  public AlertManager(Hub hub, Clock clock, int maxActive, int maxResolved) {
    if (maxActive < 1 || maxResolved < 0) {
      throw new IllegalArgumentException("need maxActive >= 1 and maxResolved >= 0, got " + maxActive + " and " + maxResolved);
    }
    this.hub = Objects.requireNonNull(hub, "hub");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.maxActive = maxActive;
    this.maxResolved = maxResolved;
    this.idPrefix = "alert_" + Long.toString(clock.millis(), 36) + "_";
  }

  /**
   * Raises the alert {@code request.key()}, or updates it if it is active, and publishes it on
   * {@code alert.<type>} unless an update changed nothing.
   *
   * @return the alert as it now stands
   * @throws IllegalArgumentException if the key is active with another type
   * @throws IllegalStateException if the key is new and {@code maxActive} alerts are active
   */
  public AlertTriggered trigger(AlertRequest request) {
    Objects.requireNonNull(request, "request");
    synchronized (lock) {
      AlertTriggered previous = active.get(request.key());
      if (previous == null && active.size() >= maxActive) {
        throw new IllegalStateException("at most " + maxActive + " alerts may be active; not raising " + request.key());
      }
      if (previous != null && !previous.type().equals(request.type())) {
        throw new IllegalArgumentException("alert " + request.key() + " is active with type " + previous.type()
            + "; resolve it before raising it as " + request.type());
      }
      String alertId = previous != null ? previous.alertId() : idPrefix + (++created);
      AlertTriggered alert = new AlertTriggered(alertId, request.type(), request.level(), request.title(),
          request.message(), request.value(), request.threshold(), AlertStatus.ACTIVE, request.metadata());
      if (alert.equals(previous)) {
        return previous;
      }
      active.put(request.key(), alert);
      hub.publish(TOPIC_PREFIX + alert.type(), alert);
      return alert;
    }
  }

  /**
   * Resolves the active alert {@code key} and publishes the resolved form with its
   * {@code alert_id}.
   *
   * @param resolution how it was resolved, or {@code null}
   * @param resolvedBy who or what resolved it, or {@code null}
   * @return the resolution, or empty if {@code key} was not active (nothing is published)
   */
  public Optional<AlertResolved> resolve(String key, String resolution, String resolvedBy) {
    synchronized (lock) {
      AlertTriggered alert = active.remove(Objects.requireNonNull(key, "key"));
      if (alert == null) {
        return Optional.empty();
      }
      AlertResolved done = new AlertResolved(alert.alertId(), alert.type(), alert.level(),
          clock.instant().truncatedTo(ChronoUnit.MILLIS), resolution, resolvedBy);
      if (maxResolved > 0) {
        if (resolved.size() == maxResolved) {
          resolved.removeFirst();
        }
        resolved.addLast(done);
      }
      hub.publish(TOPIC_PREFIX + alert.type(), done);
      return Optional.of(done);
    }
  }

  /** The active alert {@code key}, if any. */
  public Optional<AlertTriggered> active(String key) {
    synchronized (lock) {
      return Optional.ofNullable(active.get(key));
    }
  }

  /** The active alerts by key, in first-trigger order; a copy. */
  public Map<String, AlertTriggered> active() {
    synchronized (lock) {
      return Collections.unmodifiableMap(new LinkedHashMap<>(active));
    }
  }

  /** The last resolutions, oldest first; a copy. */
  public List<AlertResolved> recentlyResolved() {
    synchronized (lock) {
      return List.copyOf(resolved);
    }
  }

  /** Sends the active alerts matching {@code topic} to the subscriber, unfiltered. */
  @Override
  public void onSubscribed(String topic, RequestContext context) {
    onSubscribed(topic, MessageFilter.NONE, context);
  }

  /** Sends the active alerts whose {@code alert.<type>} matches {@code topic} and that pass {@code filter}. */
  @Override
  public void onSubscribed(String topic, MessageFilter filter, RequestContext context) {
    TopicPattern pattern = TopicPattern.of(topic);
    synchronized (lock) {
      for (AlertTriggered alert : active.values()) {
        if (pattern.matches(TOPIC_PREFIX + alert.type())
            && (filter.isEmpty() || filter.test(BODIES.bodyTree(alert)))) {
          context.reply(alert);
        }
      }
    }
  }
}
