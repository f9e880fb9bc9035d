package io.pushwire.spring.boot;

import io.pushwire.protocol.CloseCode;
import io.pushwire.server.Hub;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Closes the hub when the application context closes: every client gets 1001 (going away, so it
 * reconnects, to another node or to this one once it is back), the shutdown waits up to
 * {@code pushwire.shutdown.timeout} for them to go, and the hub then refuses, with 1001 too, any
 * connection that still arrives. It stops before the web server's graceful shutdown begins (a
 * higher {@link #PHASE}), so open WebSockets do not hold that shutdown up until its timeout.
 *
 * <p>Stopping is for good: the hub is closed, so a context that is stopped and started again
 * serves no connections. Thread-safe: the state is volatile and changed only by the context's
 * lifecycle calls, which Spring serializes.
 */
public final class PushwireLifecycle implements SmartLifecycle {

  /**
   * Above Spring Boot's web server graceful shutdown ({@code DEFAULT_PHASE - 1024}) and web server
   * stop ({@code DEFAULT_PHASE - 2048}); below the default phase of application beans, which may
   * still publish while they stop.
   */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

  private static final Logger log = LoggerFactory.getLogger(PushwireLifecycle.class);

  /** Where the hub is in its life, as the health indicator reports it. */
  public enum State {
    /** The context is starting; the web server does not accept connections yet. */
    STARTING,
    /** Serving. */
    RUNNING,
    /** Closing connections with 1001. */
    STOPPING,
    /** Closed for good. */
    STOPPED
  }

  private final Hub hub;
  private final Duration timeout;
  /** Written by the lifecycle calls only; read by anyone (health). */
  private volatile State state = State.STARTING;

  /**
   * @param hub the hub to close
   * @param timeout how long to wait for clients to answer the close
   */
  public PushwireLifecycle(Hub hub, Duration timeout) {
    this.hub = hub;
    this.timeout = timeout;
  }

  @Override
  public void start() {
    if (state == State.STARTING) {
      state = State.RUNNING;
    }
  }

  @Override
  public void stop() {
    if (state != State.RUNNING) {
      return;
    }
    state = State.STOPPING;
    if (!hub.closeAll(CloseCode.GOING_AWAY, timeout)) {
      log.info("Pushwire: some clients had not closed within {}", timeout);
    }
    hub.close();
    state = State.STOPPED;
  }

  @Override
  public boolean isRunning() {
    return state == State.RUNNING;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  /** The hub's state now. */
  public State state() {
    return state;
  }
}
