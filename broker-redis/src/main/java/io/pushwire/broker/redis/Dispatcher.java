package io.pushwire.broker.redis;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.pushwire.protocol.Message;
import io.pushwire.protocol.ServerMessage;
import io.pushwire.protocol.codec.DecodeException;
import io.pushwire.protocol.codec.PushwireCodec;
import io.pushwire.server.broker.Broker;
import io.pushwire.server.broker.HistoryResult;
import io.pushwire.server.broker.Publication;
import io.pushwire.server.broker.StreamPosition;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the notifications Redis pushes to this node into publications for the hub's handler, in
 * the order they came, each once, and runs {@code goLive}'s start at its seam.
 *
 * <p>Once: a node subscribed to a topic and to a pattern matching it gets each publication twice,
 * one right after the other (Redis writes all of one PUBLISH's notifications to a subscriber
 * together; in sharded mode the script's SPUBLISH and its PUBLISH for pattern subscribers run in
 * one atomic step, so the shard copy and the pattern copy are adjacent too), so a notification
 * that names the same channel and position as the one before it is dropped. Shard channels
 * ({@link #smessage}) and classic ones name their topic differently; both are turned into the
 * topic before that comparison.
 *
 * <p>The seam: a history read publishes a marker on the channel in the same atomic step, so the
 * marker reaches this node after every publication up to the read's latest offset and before any
 * later one. {@code start} must run exactly there, with the read's result, which arrives on
 * another connection and may come before or after the marker. So when the marker comes first,
 * the channel is <em>held</em>: its later publications wait in order, behind the marker, until
 * the result arrives (or the seam is given up, and they go on to the handler without it). At most
 * {@value #MAX_HELD} notifications wait per channel; one more gives up every seam waiting on the
 * channel, whose callers then answer "not recoverable", and delivers what waited.
 *
 * <p>Every method runs under one lock, held while the handler runs; the handler only queues
 * frames. Lettuce calls the listener methods on the PUB/SUB connection's event-loop thread.
 */
final class Dispatcher extends RedisPubSubAdapter<String, String> {

  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

  /** Notifications held per channel behind unresolved seams before the seams are given up. */
  static final int MAX_HELD = 10_000;

  /** One {@code goLive} in progress: its marker token, its start, and whether it ran. */
  static final class Seam {
    final String token;
    final String channel;
    final Broker.LiveStart start;
    /** Completes with whether start ran: true when it ran, false when given up. */
    final CompletableFuture<Boolean> done = new CompletableFuture<>();
    /** The history read's result once it arrived; guarded by the dispatcher's lock. */
    HistoryResult history;
    /** Whether the marker came; guarded by the dispatcher's lock. */
    boolean reached;

    Seam(String token, String channel, Broker.LiveStart start) {
      this.token = token;
      this.channel = channel;
      this.start = start;
    }
  }

  private final Keys keys;
  private final PushwireCodec codec;
  private final String nodeId;
  private final AtomicLong seamIds = new AtomicLong();
  /** Guards every field below, and the handler's calls. */
  private final Object lock = new Object();
  /** The hub's handler; null before start and after close. Guarded by lock. */
  private Broker.Handler handler;
  /** Seams whose marker has not come yet, by token. Guarded by lock; bounded by the callers waiting. */
  private final Map<String, Seam> awaitingMarker = new HashMap<>();
  /** Per held channel, what waits in order: Publications and reached Seams. Guarded by lock. */
  private final Map<String, Deque<Object>> held = new HashMap<>();
  /** The last notification delivered, for dropping its repeat. Guarded by lock. */
  private String lastChannel;
  /** Guarded by lock. */
  private String lastEpoch;
  /** Guarded by lock. */
  private long lastOffset;

  Dispatcher(Keys keys, PushwireCodec codec, String nodeId) {
    this.keys = keys;
    this.codec = codec;
    this.nodeId = nodeId;
  }

  void start(Broker.Handler handler) {
    synchronized (lock) {
      this.handler = handler;
    }
  }

  void close() {
    synchronized (lock) {
      handler = null;
      awaitingMarker.values().forEach(s -> s.done.complete(false));
      awaitingMarker.clear();
      held.values().forEach(q -> q.forEach(o -> {
        if (o instanceof Seam s) {
          s.done.complete(false);
        }
      }));
      held.clear();
    }
  }

  @Override
  public void message(String channel, String message) {
    received(channel, message);
  }

  @Override
  public void message(String pattern, String channel, String message) {
    received(channel, message);
  }

  @Override
  public void smessage(String shardChannel, String message) {
    received(keys.topicOfShardChannel(shardChannel), shardChannel, message);
  }

  private void received(String pubSubName, String text) {
    received(keys.channelOf(pubSubName), pubSubName, text);
  }

  private void received(String channel, String pubSubName, String text) {
    if (channel == null) {
      return;
    }
    Notification notification;
    try {
      notification = Notification.parse(text);
    } catch (IllegalArgumentException e) {
      log.warn("ignored a message on {} that is not a Pushwire notification: {}", pubSubName, e.getMessage());
      return;
    }
    synchronized (lock) {
      if (notification instanceof Notification.Marker marker) {
        markerReached(marker.token());
      } else {
        published(channel, (Notification.Published) notification);
      }
    }
  }

  // ------------------------------------------------------------------ seams, for goLive

  /** Opens a seam on {@code channel}: its token goes into the history read's marker. */
  Seam open(String channel, Broker.LiveStart start) {
    Seam seam = new Seam(nodeId + ":" + seamIds.incrementAndGet(), channel, start);
    synchronized (lock) {
      awaitingMarker.put(seam.token, seam);
    }
    return seam;
  }

  /** The history read of {@code seam} answered. */
  void historyArrived(Seam seam, HistoryResult history) {
    synchronized (lock) {
      if (seam.done.isDone()) {
        return;
      }
      seam.history = history;
      if (seam.reached) {
        drain(seam.channel);
      }
    }
  }

  /**
   * Gives {@code seam} up (its caller stopped waiting); what waited behind it goes on.
   *
   * @return whether its start ran after all
   */
  boolean giveUp(Seam seam) {
    synchronized (lock) {
      if (seam.done.complete(false)) {
        awaitingMarker.remove(seam.token);
        if (seam.reached) {
          drain(seam.channel);
        }
      }
      return seam.done.join();
    }
  }

  private void markerReached(String token) {
    Seam seam = awaitingMarker.remove(token);
    if (seam == null) {
      return; // another node's seam, a repeat, or one given up
    }
    seam.reached = true;
    Deque<Object> queue = held.get(seam.channel);
    if (queue != null) {
      queue.addLast(seam);
    } else if (seam.history != null) {
      runStart(seam);
    } else {
      queue = new ArrayDeque<>();
      queue.addLast(seam);
      held.put(seam.channel, queue);
    }
  }

  /** Delivers what waits on {@code channel} up to the first seam still without its history. */
  private void drain(String channel) {
    Deque<Object> queue = held.get(channel);
    if (queue == null) {
      return;
    }
    while (!queue.isEmpty()) {
      Object next = queue.peekFirst();
      if (next instanceof Seam seam && !seam.done.isDone()) {
        if (seam.history == null) {
          return; // still waiting for its read
        }
        runStart(seam);
      } else if (next instanceof Publication publication) {
        hand(publication);
      }
      queue.removeFirst();
    }
    held.remove(channel);
  }

  private void runStart(Seam seam) {
    try {
      seam.start.start(seam.history);
      seam.done.complete(true);
    } catch (RuntimeException e) {
      log.warn("a live start on {} failed", seam.channel, e);
      seam.done.complete(false);
    }
  }

  // ------------------------------------------------------------------ publications

  private void published(String channel, Notification.Published n) {
    if (channel.equals(lastChannel) && n.epoch().equals(lastEpoch) && n.offset() == lastOffset) {
      return; // the same PUBLISH, reached again by another subscription of this node
    }
    lastChannel = channel;
    lastEpoch = n.epoch();
    lastOffset = n.offset();
    Publication publication = decode(channel, n);
    if (publication == null) {
      return;
    }
    Deque<Object> queue = held.get(channel);
    if (queue == null) {
      hand(publication);
    } else if (queue.size() < MAX_HELD) {
      queue.addLast(publication);
    } else {
      log.warn("gave up the live starts waiting on {}: {} publications came before their history reads answered",
          channel, MAX_HELD);
      held.remove(channel);
      for (Object o : queue) {
        if (o instanceof Seam seam) {
          seam.done.complete(false);
        } else {
          hand((Publication) o);
        }
      }
      hand(publication);
    }
  }

  private void hand(Publication publication) {
    Broker.Handler current = handler;
    if (current == null) {
      return;
    }
    try {
      current.onPublication(publication);
    } catch (RuntimeException e) {
      log.warn("the handler failed on a publication on {}", publication.channel(), e);
    }
  }

  private Publication decode(String channel, Notification.Published n) {
    Message message;
    try {
      message = codec.decode(n.json());
    } catch (DecodeException e) {
      log.warn("dropped a publication on {} that this node cannot decode (are its custom types registered?): {}",
          channel, e.getMessage());
      return null;
    }
    if (!(message instanceof ServerMessage serverMessage)) {
      log.warn("dropped a publication on {}: a {} is not a server message", channel, message.getClass().getSimpleName());
      return null;
    }
    long offset = channel.startsWith("$") ? 0 : n.offset();
    return new Publication(channel, serverMessage, new StreamPosition(offset, n.epoch()), n.droppable());
  }
}
