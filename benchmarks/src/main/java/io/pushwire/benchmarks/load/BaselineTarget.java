package io.pushwire.benchmarks.load;

import io.pushwire.server.TyrusListener;
import java.io.IOException;
import java.util.List;

/**
 * Raw Tyrus, today's baseline: the plain {@link Jsr356Broadcast} endpoint on exactly the stack
 * {@code PushServer} uses, the same {@link TyrusListener} (Tyrus 2.2 on a Grizzly listener bound
 * to 127.0.0.1, worker-thread I/O strategy, the same keep-alive setting) with a 1 MiB incoming
 * buffer, so the difference between it and {@link PushwireTarget} is what Pushwire adds.
 */
final class BaselineTarget implements Target {

  private final Jsr356Broadcast broadcast;
  /** Replaced by every start; only the command thread touches these. */
  private TyrusListener listener;
  private int port;

  BaselineTarget(String pad) {
    this.broadcast = new Jsr356Broadcast(pad);
  }

  @Override
  public String name() {
    return "baseline";
  }

  @Override
  public void start(int requestedPort) throws IOException {
    // The same listener PushServer runs on: only the endpoint differs.
    listener = TyrusListener.start("127.0.0.1", requestedPort, 1 << 20, List.of(broadcast.endpointConfig()), null);
    port = listener.port();
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public String requestTargetPrefix() {
    return Jsr356Broadcast.PATH + "?client_id=load-";
  }

  @Override
  public void publish(long seq, long sentNanos) {
    broadcast.publish(seq, sentNanos);
  }

  @Override
  public int connections() {
    return broadcast.connections();
  }

  @Override
  public long failedSends() {
    return broadcast.failedSends();
  }

  @Override
  public void stop() {
    broadcast.closeAll();
    listener.close();
  }
}
