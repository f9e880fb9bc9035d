package io.pushwire.server.logs;

import io.pushwire.protocol.LogBatch;
import io.pushwire.protocol.RunningLog;
import io.pushwire.server.requests.RequestContext;

/**
 * One connection's position in the log stream and its acknowledgement state: at most one
 * {@code running_log} is unacknowledged at any time, so a client that stops acknowledging makes
 * the server hold nothing but this object (the lines it has not read stay in, and age out of, the
 * shared {@link LogStream}).
 *
 * <p>Called by the connection's reader thread (start, acknowledgements) and by the feature's
 * scheduler thread (pushes, the ack-timeout check); every method that reads or changes the
 * position is synchronized on this object, and a batch is handed to the connection's outbound
 * queue under that lock so batches leave in position order. Handing over only queues a frame, so
 * the lock is never held while waiting for a client.
 */
final class LogReader {

  private final RequestContext context;
  private final LogStream stream;
  private final RunningLogOptions options;

  /** Guarded by this. Offset of the next line to send. */
  private long next;
  /** Guarded by this. Lines the client asked for that are gone, reported in the next batch. */
  private long pendingLost;
  /** Guarded by this. Whether a batch was sent and not yet acknowledged. */
  private boolean awaitingAck;
  /** Guarded by this. {@code System.nanoTime()} when the unacknowledged batch was sent. */
  private long sentAtNanos;
  /** Guarded by this. Whether more lines were waiting when the last batch was cut: the next goes at the ack. */
  private boolean catchingUp;
  /** Guarded by this. Once true, nothing more is sent. */
  private boolean stopped;
  /**
   * Guarded by this. False until {@link #start} answered the request: the feature registers a
   * reader before starting it, and a scheduler tick in between must not push from offset 0.
   */
  private boolean started;

  LogReader(RequestContext context, LogStream stream, RunningLogOptions options) {
    this.context = context;
    this.stream = stream;
    this.options = options;
  }

  String connectionId() {
    return context.connectionId();
  }

  /** Answers {@code get_running_log}: always exactly one {@code running_log}, even an empty one. */
  synchronized void start(LogStream.ResumePoint from) {
    next = from.offset();
    pendingLost = from.lost();
    started = true;
    send(read());
  }

  /** The client answered {@code common_reply ok}. A client catching up gets its next batch now. */
  synchronized void acknowledged() {
    if (!awaitingAck) {
      return; // nothing outstanding: a stray or repeated ok changes nothing
    }
    awaitingAck = false;
    if (catchingUp) {
      pushIfAny();
    }
  }

  /** The scheduler's tick: sends what is new, unless the last batch is still unacknowledged. */
  synchronized void tick() {
    if (started && !awaitingAck) {
      pushIfAny();
    }
  }

  /** Whether a batch has waited for its acknowledgement longer than the ack timeout. */
  synchronized boolean ackOverdue(long nowNanos) {
    return awaitingAck && !stopped && nowNanos - sentAtNanos > options.ackTimeout().toNanos();
  }

  /** Sends nothing more, ever; waits for a send in progress on another thread. */
  synchronized void stop() {
    stopped = true;
  }

  /** Caller holds this. */
  private void pushIfAny() {
    LogStream.Chunk chunk = read();
    if (!chunk.lines().isEmpty() || pendingLost + chunk.lost() > 0) {
      send(chunk);
    }
  }

  /** Caller holds this. */
  private LogStream.Chunk read() {
    return stream.read(next, options.maxBatchLines(), options.maxBatchBytes());
  }

  /** Caller holds this. */
  private void send(LogStream.Chunk chunk) {
    if (stopped) {
      return;
    }
    long lost = pendingLost + chunk.lost();
    LogBatch batch = new LogBatch(chunk.index(), chunk.lines(), chunk.epoch(), lost == 0 ? null : lost);
    next = chunk.index() + chunk.lines().size();
    pendingLost = 0;
    catchingUp = chunk.more();
    awaitingAck = true;
    sentAtNanos = System.nanoTime();
    if (!context.reply(new RunningLog(batch))) {
      stopped = true; // the connection is gone; the feature forgets this reader when it hears so
    }
  }
}
