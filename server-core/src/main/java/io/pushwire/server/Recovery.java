package io.pushwire.server;

import io.pushwire.protocol.Position;
import io.pushwire.protocol.RecoveryReason;
import io.pushwire.protocol.ServerMessage;
import io.pushwire.protocol.StreamState;
import io.pushwire.server.SubscriptionIndex.Subscription;
import io.pushwire.server.broker.Broker;
import io.pushwire.server.broker.Publication;
import io.pushwire.server.broker.StreamPosition;
import io.pushwire.server.transport.OutboundFrame;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a positioned subscription to one topic live, and, when the client gave the last position
 * it saw ({@code since}), replays what the broker's history still holds after it first, in pages.
 *
 * <p>The seam: the last history read, the last replayed frames and the subscription's entry in
 * the index all happen inside {@link Broker#goLive}, which orders them with the topic's
 * publications. So the client gets the publications after {@code since} up to the live start from
 * the history, then every later one live: no gap, no duplicate.
 *
 * <p>Paged: a gap that fits in a page ({@link #pageFrames}, a quarter of
 * {@link Limits#outboundQueueFrames()}) and in the queue's room is replayed on the subscribing
 * reader thread, as one {@code goLive}. A larger one becomes a {@link CatchUp}, which queues a page
 * each time the connection's queue has drained to its low-water mark (a quarter of its bound), and
 * stops a page early where the queue would pass half its bound, so a recovery never closes the
 * client as a slow consumer. A gap larger than {@link Limits#maxRecoveryReplay()} is answered
 * {@code too_many} and replays nothing.
 *
 * <p>Bounds: one catch-up pages at a time per connection; the connection's others wait in order,
 * at most one per subscribed topic (a topic waiting counts towards
 * {@link Limits#maxSubscriptionsPerConnection()}). Unsubscribing, re-subscribing and closing cancel
 * them. Pages run on {@value #THREADS} daemon threads ({@code pushwire-recovery-N}) shared by the
 * hub, whose work queue holds at most one step per connection.
 *
 * <p>Thread-safe: reader threads subscribe and cancel, recovery threads page, closing connections
 * cancel, all at once.
 */
final class Recovery implements AutoCloseable {

  /** Threads that page recoveries, for the whole hub. */
  static final int THREADS = 2;

  private static final Logger log = LoggerFactory.getLogger(Recovery.class);

  private final Broker broker;
  private final SubscriptionIndex index;
  private final DialectCodecs codecs;
  private final int pageFrames;
  private final int halfFrames;
  private final long halfChars;
  private final int maxReplay;
  /** Runs the steps of catch-ups after their first; shut down by {@link #close}. */
  private final ExecutorService pages;

  /** Guards {@link #lines}. */
  private final Object lock = new Object();
  /**
   * Guarded by lock. Each connection's catch-ups in order: the first pages, the others wait. An
   * entry goes when its last catch-up ends, and with its connection.
   */
  private final Map<PushConnection, ArrayDeque<CatchUp>> lines = new HashMap<>();

  Recovery(Broker broker, SubscriptionIndex index, DialectCodecs codecs, Limits limits) {
    this.broker = broker;
    this.index = index;
    this.codecs = codecs;
    this.pageFrames = Math.max(1, limits.outboundQueueFrames() / 4);
    this.halfFrames = Math.max(1, limits.outboundQueueFrames() / 2);
    this.halfChars = Math.max(1, limits.outboundQueueChars() / 2);
    this.maxReplay = limits.maxRecoveryReplay();
    AtomicInteger threads = new AtomicInteger();
    this.pages = Executors.newFixedThreadPool(THREADS, r -> {
      Thread t = new Thread(r, "pushwire-recovery-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Adds {@code subscription} (a positioned one to an exact topic) to the index at a known place
   * in its topic's stream, replaying after {@code since} first when it is given, and tells
   * {@code ack} where it went live: now, or once its paged recovery ends.
   */
  void subscribe(Subscription subscription, Position since, SubscribeAck ack) {
    String topic = subscription.pattern().text();
    PushConnection connection = subscription.connection();
    cancel(connection, topic); // a recovery of an earlier subscribe to the topic ends here
    if (since == null) {
      StreamState[] state = new StreamState[1];
      boolean ran = broker.goLive(topic, null, 0, history -> {
        state[0] = StreamState.live(history.latest().offset(), history.latest().epoch());
        index.add(subscription);
      });
      if (!ran) {
        index.add(subscription);
      }
      ack.settled(topic, state[0]);
      return;
    }
    if (index.holds(connection, topic)) {
      index.remove(connection, topic); // re-subscribed: the replay, not the old entry, brings what follows
    }
    CatchUp catchUp = new CatchUp(this, subscription, new StreamPosition(since.offset(), since.epoch()), ack);
    boolean idle;
    synchronized (lock) {
      idle = !lines.containsKey(connection);
    }
    if (idle) { // the first step on this reader thread: a gap that fits goes live before the ack
      StreamState state = catchUp.step();
      if (state != null || catchUp.isOver()) {
        ack.settled(topic, state);
        return;
      }
    }
    ack.paging(topic);
    enqueue(catchUp, idle);
  }

  /** Whether {@code connection} has a recovery of {@code topic} under way or waiting. */
  boolean catchingUp(PushConnection connection, String topic) {
    synchronized (lock) {
      ArrayDeque<CatchUp> line = lines.get(connection);
      return line != null && line.stream().anyMatch(c -> c.topic().equals(topic));
    }
  }

  /** How many recoveries {@code connection} has under way or waiting. */
  int catchUps(PushConnection connection) {
    synchronized (lock) {
      ArrayDeque<CatchUp> line = lines.get(connection);
      return line == null ? 0 : line.size();
    }
  }

  /** Cancels {@code connection}'s recovery of {@code topic}, if any: unsubscribed or re-subscribed. */
  void cancel(PushConnection connection, String topic) {
    CatchUp found = null;
    CatchUp next = null;
    synchronized (lock) {
      ArrayDeque<CatchUp> line = lines.get(connection);
      if (line == null) {
        return;
      }
      for (CatchUp c : line) {
        if (c.topic().equals(topic)) {
          found = c;
          break;
        }
      }
      if (found == null) {
        return;
      }
      found.cancel(); // before it leaves the line: it can no longer go live after this returns
      boolean wasPaging = line.peekFirst() == found;
      line.remove(found);
      if (line.isEmpty()) {
        lines.remove(connection);
      } else if (wasPaging) {
        next = line.peekFirst();
      }
    }
    found.ack().pagingEnded(topic, null);
    if (next != null) {
      schedule(next);
    }
  }

  /** Cancels every recovery of {@code connection}: it is closing. Idempotent. */
  void cancelAll(PushConnection connection) {
    ArrayDeque<CatchUp> line;
    synchronized (lock) {
      line = lines.remove(connection);
    }
    if (line != null) {
      for (CatchUp c : line) {
        c.cancel();
        c.ack().pagingEnded(c.topic(), null);
      }
    }
  }

  /** Stops the recovery threads; recoveries under way end with their connections. */
  @Override
  public void close() {
    pages.shutdownNow();
  }

  // ------------------------------------------------------------------ for CatchUp

  Broker broker() {
    return broker;
  }

  SubscriptionIndex index() {
    return index;
  }

  /** Publications one step replays at most: a quarter of the outbound queue bound. */
  int pageFrames() {
    return pageFrames;
  }

  /** Publications one topic's recovery may replay; see {@link Limits#maxRecoveryReplay()}. */
  int maxReplay() {
    return maxReplay;
  }

  /** Whether {@code c}'s queue holds less than half its bound, in frames and in characters. */
  boolean hasRoom(PushConnection c) {
    return c.outboundFrames() < halfFrames && c.outboundChars() < halfChars;
  }

  /** Runs {@code catchUp}'s next step on a recovery thread. */
  void schedule(CatchUp catchUp) {
    try {
      pages.execute(() -> run(catchUp));
    } catch (RejectedExecutionException e) {
      log.debug("recovery of {} not continued: the hub is closing", catchUp.topic());
    }
  }

  /**
   * Queues one publication for {@code subscription}'s client, as live delivery would frame it.
   *
   * @return whether a frame was queued (false: filtered out, or a framing that cannot carry it)
   */
  boolean replay(Subscription subscription, Publication publication) {
    ServerMessage message = publication.message();
    if (!subscription.filter().isEmpty() && !subscription.filter().test(codecs.bodyTree(message))) {
      return false;
    }
    PushConnection c = subscription.connection();
    Position position = new Position(publication.channel(), publication.position().offset(),
        publication.position().epoch());
    String text = codecs.encodePublication(c.dialect(), message, new DialectCodecs.PublicationStamp(codecs, message),
        position);
    String frame;
    try {
      frame = c.framing().publication(text);
    } catch (IllegalArgumentException e) { // as FanOut: a framing that cannot carry it never gets it
      log.warn("replayed publication not sent to {} client: {}", c.framing().format(), e.getMessage());
      return false;
    }
    c.sendFramed(OutboundFrame.of(frame), false); // replayed to this one client
    return true;
  }

  // ------------------------------------------------------------------ the line

  private void enqueue(CatchUp catchUp, boolean started) {
    PushConnection connection = catchUp.connection();
    boolean first;
    synchronized (lock) {
      ArrayDeque<CatchUp> line = lines.computeIfAbsent(connection, c -> new ArrayDeque<>());
      line.addLast(catchUp);
      first = line.size() == 1;
    }
    if (!connection.isOpen()) {
      cancelAll(connection); // closed meanwhile: its close may have cancelled before the line above
      return;
    }
    if (first) {
      if (started) {
        catchUp.awaitRoom();
      } else {
        schedule(catchUp);
      }
    }
  }

  /** One step of {@code catchUp}, on a recovery thread. */
  private void run(CatchUp catchUp) {
    StreamState state = catchUp.step();
    if (state != null) {
      ended(catchUp, state);
    } else if (!catchUp.isOver()) {
      catchUp.awaitRoom(); // false: closing or cancelled, and whoever did that ends it
    }
  }

  /** {@code catchUp} went live at {@code state}: answers its subscribe if it was the last, starts the next. */
  private void ended(CatchUp catchUp, StreamState state) {
    CatchUp next;
    synchronized (lock) {
      ArrayDeque<CatchUp> line = lines.get(catchUp.connection());
      if (line == null || !line.remove(catchUp)) {
        return; // cancelled meanwhile: the canceller answered and started the next
      }
      next = line.peekFirst();
      if (next == null) {
        lines.remove(catchUp.connection());
      }
    }
    catchUp.ack().pagingEnded(catchUp.topic(), state);
    if (next != null) {
      schedule(next);
    }
  }
}
