package io.pushwire.server;

import io.pushwire.protocol.CloseCode;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's timer: one daemon thread, {@value #THREAD_NAME}, that sweeps the connections (a
 * heartbeat to each whose ping is due, a 4000 close for each whose writes have been stuck past the
 * slow-consumer timeout, a 4001 close for each that has been silent past the idle timeout) and runs the connections' delayed tasks (auth timeouts, close grace periods).
 *
 * <p>The sweep runs every quarter of the shortest of {@link Limits#pingInterval()},
 * {@link Limits#idleTimeout()} and {@link Limits#slowConsumerTimeout()}, at least every 20 ms and at most every second, so pings and
 * closes happen within about that much of their time.
 */
final class Heartbeats implements AutoCloseable {

  static final String THREAD_NAME = "pushwire-hub-timer";
  private static final Logger log = LoggerFactory.getLogger(Heartbeats.class);

  private final Limits limits;
  private final ConnectionRegistry registry;
  /** The timer's one thread; shut down by {@link #close()}. */
  private final ScheduledExecutorService timer;
  /**
   * When each connection was last sent a heartbeat ({@code System.nanoTime()}); a connection not in
   * it counts from its opening. Only the timer thread touches it; entries of forgotten connections
   * go at the next sweep.
   */
  private final Map<PushConnection, Long> lastPing = new HashMap<>();

  Heartbeats(Limits limits, ConnectionRegistry registry) {
    this.limits = limits;
    this.registry = registry;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, THREAD_NAME);
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts sweeping. */
  void start() {
    long shortest = Math.min(limits.slowConsumerTimeout().toMillis(),
        Math.min(limits.pingInterval().toMillis(), limits.idleTimeout().toMillis()));
    long period = Math.max(20, Math.min(1000, shortest / 4));
    timer.scheduleAtFixedRate(this::sweep, period, period, TimeUnit.MILLISECONDS);
  }

  /** Runs {@code task} on the timer after {@code delayMillis}; at once, on this thread, once the hub is closing. */
  Future<?> schedule(Runnable task, long delayMillis) {
    try {
      return timer.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      task.run();
      return CompletableFuture.completedFuture(null);
    }
  }

  /** On the timer thread. */
  private void sweep() {
    try {
      long now = System.nanoTime();
      long idle = limits.idleTimeout().toNanos();
      long ping = limits.pingInterval().toNanos();
      long slow = limits.slowConsumerTimeout().toNanos();
      registry.forEach(c -> {
        Long pinged = lastPing.get(c);
        if (c.stalledNanos(now) > slow) {
          c.closeSlow("no write progress for " + limits.slowConsumerTimeout().toMillis() + " ms");
        } else if (now - c.lastInboundNanos() > idle) {
          c.close(CloseCode.IDLE_TIMEOUT, "idle");
        } else if (now - (pinged != null ? pinged : c.openedNanos()) >= ping) {
          lastPing.put(c, now);
          c.sendHeartbeat();
        }
      });
      lastPing.keySet().removeIf(c -> !registry.contains(c));
    } catch (RuntimeException e) {
      log.warn("hub sweep failed", e);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
