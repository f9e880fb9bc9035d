package io.pushwire.benchmarks.load;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The plain JSR-356 broadcast that {@link BaselineTarget} (Tyrus) and {@link JettyTarget} (Jetty
 * 12) both deploy: the least a hand-written endpoint does to push one message to many clients.
 * Open sessions are kept in a set and, for each publication, the frame text is built once and
 * handed to {@code getAsyncRemote().sendText} of every session. No auth, no topics, no
 * per-connection queue or bound. Its greeting, an {@code ack} frame, plays the part of Pushwire's
 * subscription acknowledgement, so clients wait for one frame on every server before they count
 * as subscribed.
 */
final class Jsr356Broadcast {

  static final String PATH = "/baseline";
  static final String ACK = "{\"type\":\"ack\",\"data\":{\"success\":true}}";
  /** How long {@link #closeAll} waits for clients to answer the close. */
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

  Jsr356Broadcast(String pad) {
    this.pad = pad;
  }

  /** The endpoint's configuration: every connection gets an endpoint that joins this broadcast. */
  ServerEndpointConfig endpointConfig() {
    return ServerEndpointConfig.Builder.create(BroadcastEndpoint.class, PATH)
        .configurator(new ServerEndpointConfig.Configurator() {
          @Override
          public <T> T getEndpointInstance(Class<T> endpointClass) {
            return endpointClass.cast(new BroadcastEndpoint(sessions));
          }
        })
        .build();
  }

  /** The frame built once, sent to every session. */
  void publish(long seq, long sentNanos) {
    String text = Ticks.frame(seq, sentNanos, System.currentTimeMillis(), pad);
    for (Session session : sessions) {
      session.getAsyncRemote().sendText(text, countFailures);
    }
  }

  int connections() {
    return sessions.size();
  }

  long failedSends() {
    return failed.sum();
  }

  /** Closes every session with 1001 and waits (bounded) until the container reports them closed. */
  void closeAll() {
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
      synchronized (sessions) { // wakes closeAll(), which waits for the set to empty
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
