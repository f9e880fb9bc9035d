package io.pushwire.benchmarks.load;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import io.pushwire.server.TyrusListener;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The baseline: the least a hand-written server does to push one message to many clients. A plain
 * JSR-356 endpoint keeps its open sessions in a set and, for each publication, builds the frame
 * text once and hands it to {@code getAsyncRemote().sendText} of every session. No auth, no
 * topics, no per-connection queue or bound.
 *
 * <p>It runs on exactly the stack {@code PushServer} uses, the same {@link TyrusListener} (Tyrus
 * 2.2 on a Grizzly listener bound to 127.0.0.1, worker-thread I/O strategy, the same keep-alive
 * setting) with a 1 MiB incoming buffer, so the difference between the two targets is
 * what Pushwire adds. Its greeting, an {@code ack} frame, plays the part of Pushwire's
 * subscription acknowledgement, so clients wait for one frame on either server before they count
 * as subscribed.
 */
final class BaselineTarget implements Target {

  private static final String PATH = "/baseline";
  private static final String ACK = "{\"type\":\"ack\",\"data\":{\"success\":true}}";
  /** How long {@link #stop} waits for clients to answer the close. */
  private static final long CLOSE_WAIT_MILLIS = 10_000;

  private final String pad;
  /** The open sessions: added and removed by container threads, iterated by the publisher. */
  private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
  private final LongAdder failed = new LongAdder();
  private final SendHandler countFailures = result -> {
    if (!result.isOK()) {
      failed.increment();
    }
  };
  /** Replaced by every start; only the command thread touches these. */
  private TyrusListener listener;
  private int port;

  BaselineTarget(String pad) {
    this.pad = pad;
  }

  @Override
  public String name() {
    return "baseline";
  }

  @Override
  public void start(int requestedPort) throws IOException {
    // The same listener PushServer runs on: only the endpoint differs.
    listener = TyrusListener.start("127.0.0.1", requestedPort, 1 << 20,
        List.of(ServerEndpointConfig.Builder.create(BroadcastEndpoint.class, PATH)
            .configurator(new ServerEndpointConfig.Configurator() {
              @Override
              public <T> T getEndpointInstance(Class<T> endpointClass) {
                return endpointClass.cast(new BroadcastEndpoint(sessions));
              }
            })
            .build()),
        null);
    port = listener.port();
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public String requestTargetPrefix() {
    return PATH + "?client_id=load-";
  }

  @Override
  public void publish(long seq, long sentNanos) {
    String text = Ticks.frame(seq, sentNanos, System.currentTimeMillis(), pad);
    for (Session session : sessions) {
      session.getAsyncRemote().sendText(text, countFailures);
    }
  }

  @Override
  public int connections() {
    return sessions.size();
  }

  @Override
  public long failedSends() {
    return failed.sum();
  }

  @Override
  public void stop() {
    CloseReason goingAway = new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "restart");
    for (Session session : sessions) {
      try {
        session.close(goingAway);
      } catch (IOException | RuntimeException e) {
        sessions.remove(session);
      }
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MILLIS);
    synchronized (sessions) { // the endpoint's onClose notifies on the same monitor
      long left;
      while (!sessions.isEmpty() && (left = deadline - System.nanoTime()) > 0) {
        try {
          TimeUnit.NANOSECONDS.timedWait(sessions, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    sessions.clear();
    listener.close();
  }

  /** The endpoint: joins the set on open (after its greeting), leaves it on close. */
  public static final class BroadcastEndpoint extends Endpoint {
    private final Set<Session> sessions;

    BroadcastEndpoint(Set<Session> sessions) {
      this.sessions = sessions;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
      session.getAsyncRemote().sendText(ACK); // queued before any broadcast can reach it
      sessions.add(session);
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
      synchronized (sessions) { // wakes stop(), which waits for the set to empty
        sessions.remove(session);
        sessions.notifyAll();
      }
    }

    @Override
    public void onError(Session session, Throwable error) {
      // a dropped client; onClose follows
    }
  }


}
