package io.pushwire.server.broker;

import io.pushwire.protocol.ServerMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The default broker for a single node: publications go straight to the handler on the
 * publishing thread, and a bounded history is kept per channel.
 *
 * <p>Bounds: at most {@code historySize} publications per channel (oldest dropped first), and at
 * most {@code maxChannels} channels with history (the channel published to least recently is
 * forgotten first, and starts a new epoch if it comes back). Target channels ({@code $...}) keep
 * no history. Every channel's epoch is new for each broker and for each time the channel is
 * (re)created, so neither a restarted server nor an evicted channel can repeat offsets a client
 * already saw under the same epoch.
 *
 * <p>Publication on one channel is serialized by that channel's lock, one of {@value #STRIPES}
 * striped locks: numbering and hand-off to the hub happen under it, to keep per-channel order,
 * and publications on channels of different stripes proceed in parallel. The hub's hand-off only
 * finds the recipients and hands the frames to its delivery threads, so a lock is held briefly.
 * The least-recently-used order of channels for eviction is kept under a separate short lock.
 *
 * <p>{@link #goLive} runs under the channel's lock, and creates the channel if it has none yet (it
 * then counts towards {@code maxChannels} like a published one), so a subscriber's position names
 * the channel's epoch from the start.
 */
public final class InMemoryBroker implements Broker {

  /** Default publications kept per channel. */
  public static final int DEFAULT_HISTORY_SIZE = 100;
  /** Default channels with history. */
  public static final int DEFAULT_MAX_CHANNELS = 10_000;

  private final int historySize;
  private final int maxChannels;
  /** How many locks the channels are spread over. */
  static final int STRIPES = 64;

  private final String epoch = UUID.randomUUID().toString().substring(0, 8);
  /**
   * The channel locks: a channel's state and the order of its publications are guarded by
   * {@code stripes[stripe(channel)]}, held while a publication is numbered and handed on.
   */
  private final Object[] stripes = new Object[STRIPES];
  /** The channels with history; the map guards itself, each channel's state is guarded by its stripe. */
  private final ConcurrentHashMap<String, Channel> channels = new ConcurrentHashMap<>();
  /** Guards {@link #recency}; taken inside a stripe lock, never the other way round. */
  private final Object recencyLock = new Object();
  /** Guarded by recencyLock. Access-ordered, so the least recently published channel is evicted first. */
  private final LinkedHashMap<String, Channel> recency;
  /** Set once by start; read by publishers. */
  private volatile Handler handler;

  private static final class Channel {
    final String epoch;
    long offset;
    final ArrayDeque<Publication> history = new ArrayDeque<>();

    Channel(String epoch) {
      this.epoch = epoch;
    }
  }

  /** Makes each incarnation of a channel's epoch distinct. */
  private final AtomicLong generation = new AtomicLong();

  /** A broker with the default bounds. */
  public InMemoryBroker() {
    this(DEFAULT_HISTORY_SIZE, DEFAULT_MAX_CHANNELS);
  }

  /** A broker keeping {@code historySize} publications in each of at most {@code maxChannels} channels. */
  public InMemoryBroker(int historySize, int maxChannels) {
    if (historySize < 0 || maxChannels < 1) {
      throw new IllegalArgumentException("historySize must be >= 0 and maxChannels >= 1");
    }
    this.historySize = historySize;
    this.maxChannels = maxChannels;
    this.recency = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Channel> eldest) {
        boolean evict = size() > InMemoryBroker.this.maxChannels;
        if (evict) {
          channels.remove(eldest.getKey(), eldest.getValue());
        }
        return evict;
      }
    };
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Object();
    }
  }

  @Override
  public void start(Handler handler) {
    this.handler = handler;
  }

  @Override
  public CompletableFuture<StreamPosition> publish(String channel, ServerMessage message, boolean droppable) {
    Publication publication;
    synchronized (stripe(channel)) {
      // Numbering and hand-off under one lock keep per-channel order equal to offset order.
      if (channel.startsWith("$")) {
        publication = new Publication(channel, message, new StreamPosition(0, epoch), droppable);
      } else {
        Channel state = channelLocked(channel);
        state.offset++;
        publication = new Publication(channel, message, new StreamPosition(state.offset, state.epoch), droppable);
        if (historySize > 0) {
          if (state.history.size() == historySize) {
            state.history.removeFirst();
          }
          state.history.addLast(publication);
        }
      }
      Handler current = handler;
      if (current != null) {
        current.onPublication(publication);
      }
    }
    return CompletableFuture.completedFuture(publication.position());
  }

  @Override
  public CompletableFuture<HistoryResult> history(String channel, StreamPosition since, int limit) {
    synchronized (stripe(channel)) {
      return CompletableFuture.completedFuture(historyLocked(channel, since, limit));
    }
  }

  /**
   * Under the lock that numbers and hands on the channel's publications, so {@code start} sits
   * exactly between the publications it is given and the ones the handler gets next.
   */
  @Override
  public boolean goLive(String channel, StreamPosition since, int limit, LiveStart start) {
    if (channel.startsWith("$")) {
      return false;
    }
    synchronized (stripe(channel)) {
      // The channel's epoch is fixed from here on, so the position the subscriber is given now
      // still names this history when it comes back with it.
      channelLocked(channel);
      start.start(historyLocked(channel, since, limit));
    }
    return true;
  }

  private Object stripe(String channel) {
    return stripes[Math.floorMod(channel.hashCode(), STRIPES)];
  }

  /** The channel's state, made if it has none, and marked most recently used; under its stripe. */
  private Channel channelLocked(String channel) {
    synchronized (recencyLock) {
      Channel state = recency.get(channel);
      if (state == null) {
        state = new Channel(epoch + "-" + generation.incrementAndGet());
        recency.put(channel, state);
        channels.put(channel, state);
      }
      return state;
    }
  }

  private HistoryResult historyLocked(String channel, StreamPosition since, int limit) {
    { // under the channel's stripe: called from history() and goLive() only
      Channel state = channels.get(channel);
      if (state == null) {
        boolean complete = since == null || since.offset() == 0;
        return new HistoryResult(List.of(), new StreamPosition(0, epoch), complete);
      }
      boolean sameEpoch = since == null || state.epoch.equals(since.epoch());
      long after = since == null || !sameEpoch ? 0 : since.offset();
      List<Publication> result = new ArrayList<>();
      for (Publication p : state.history) {
        if (p.position().offset() > after && result.size() < limit) {
          result.add(p);
        }
      }
      long firstKept = state.history.isEmpty() ? state.offset + 1 : state.history.peekFirst().position().offset();
      boolean complete = since == null || (sameEpoch && after + 1 >= firstKept);
      return new HistoryResult(result, new StreamPosition(state.offset, state.epoch), complete);
    }
  }

  @Override
  public void close() {
    handler = null;
  }
}
