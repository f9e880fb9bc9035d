package io.pushwire.server.broker;

import io.pushwire.protocol.ServerMessage;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link Broker} that hands every call to another, the base of wrappers that change one or two
 * calls (timing, tracing, tests): a subclass overrides those, and every other call reaches the
 * delegate, the default methods included ({@link #goLive}, {@link #subscribe},
 * {@link #unsubscribe}, {@link #presence}). A wrapper written by hand that misses one of them
 * silently turns a networked broker's feature off: a missed {@code goLive} refuses every
 * recovery, a missed {@code presence} makes presence this node's alone.
 *
 * <p>Thread-safe as its delegate is.
 */
public abstract class ForwardingBroker implements Broker {

  private final Broker delegate;

  /** @param delegate the broker that does the work */
  protected ForwardingBroker(Broker delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** The broker that does the work. */
  public final Broker delegate() {
    return delegate;
  }

  @Override
  public void start(Handler handler) {
    delegate.start(handler);
  }

  @Override
  public CompletableFuture<StreamPosition> publish(String channel, ServerMessage message, boolean droppable) {
    return delegate.publish(channel, message, droppable);
  }

  @Override
  public CompletableFuture<HistoryResult> history(String channel, StreamPosition since, int limit) {
    return delegate.history(channel, since, limit);
  }

  @Override
  public boolean goLive(String channel, StreamPosition since, int limit, LiveStart start) {
    return delegate.goLive(channel, since, limit, start);
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
  public PresenceStore presence() {
    return delegate.presence();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
