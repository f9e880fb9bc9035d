package io.pushwire.client.logs;

import io.pushwire.client.Connection;
import io.pushwire.client.PushClient;
import io.pushwire.client.Received;
import io.pushwire.client.Registration;
import io.pushwire.protocol.CommonReply;
import io.pushwire.protocol.RunningLog;
import java.util.Objects;

/**
 * Follows the running log of one {@link PushClient} (seed 000, {@code docs/logs.md} §3). It uses
 * only the client's public API, as {@link io.pushwire.client.tasks.TaskWatcher} does.
 * {@link PushClient#tailRunningLog} uses the client's own tailer. Make another only for a client
 * whose {@code tailRunningLog} you do not use: two tailers cannot follow one client's log.
 *
 * <ul>
 *   <li><b>Asking.</b> On every connection that opens ({@link PushClient#onOpen}), and at once
 *       if one is open ({@link PushClient#connection()}), it sends {@code get_running_log} with a
 *       new id {@code log_<n>}, from the tail's position ({@link LogCursor#request()}). The
 *       frame goes on that connection only ({@link Connection#send(io.pushwire.protocol.ClientMessage, String)}).</li>
 *   <li><b>Receiving.</b> While it has a tail, it {@linkplain PushClient#claim claims}
 *       {@code running_log}, so {@code on} listeners do not see the batches. A batch is applied
 *       to the position and handed to the listener only if it answers the current request: the
 *       same connection and the same id. Batches of a replaced request are dropped.</li>
 *   <li><b>Acknowledging.</b> Once the listener has returned, it sends {@code common_reply ok}
 *       on the connection the batch came from, if that connection is still open and its request
 *       is still the current one. So one batch at a time waits for the listener, and a slow
 *       listener slows the stream instead of filling memory.</li>
 *   <li><b>Closing.</b> A closed tail hears nothing more and is not asked for on a new
 *       connection. Until its connection ends or another tail starts, it still acknowledges its
 *       stream, unseen: the protocol has no way to stop a stream, and the server closes a
 *       connection that stops acknowledging.</li>
 * </ul>
 *
 * <p>Threads: thread-safe. One lock guards the state below. Claimed batches and open connections
 * arrive on the client's callback executor. Listener calls run there, outside the lock. Frames
 * are handed to the client under the lock: that only queues them, and it makes requests and
 * acknowledgements leave in the order the lock decided them.
 */
public final class LogTailer {

  /** The prefix of {@code get_running_log} ids; the server's batches repeat the id of the request they answer. */
  private static final String REQUEST_ID = "log_";

  private final PushClient client;
  /** Guards every mutable field here and the request fields of the tails. */
  private final Object lock = new Object();
  /**
   * The tail whose stream this tailer follows: the open one, or a closed one that still
   * acknowledges its stream; null when there is none. Guarded by lock.
   */
  private RunningLogTail current;
  /** The claim on {@code running_log}, held exactly while {@link #current} is not null. Guarded by lock. */
  private Registration claim;
  /** Whether the open listener is registered on the client. Guarded by lock. */
  private boolean listening;
  /** Numbers the request ids, so a later tail never takes an earlier request's batches as its own. Guarded by lock. */
  private long requests;

  /** A tailer of {@code client}'s running log. It registers nothing until the first tail. */
  public LogTailer(PushClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  /**
   * Starts following the running log. See {@link PushClient#tailRunningLog}. The tail is asked
   * for at once if a connection is open, and otherwise as soon as one opens.
   *
   * @throws IllegalStateException if a tail of this tailer is open, another tailer follows the
   *     client's log ({@code running_log} is claimed already), or the client is closed
   */
  public LogTail tail(RunningLogListener listener) {
    RunningLogTail started = new RunningLogTail(Objects.requireNonNull(listener, "listener"));
    synchronized (lock) {
      if (current != null && !current.closed()) {
        throw new IllegalStateException("a running log tail is already open on this client; close it first");
      }
      if (client.isClosed()) {
        throw new IllegalStateException("the client is closed");
      }
      if (claim == null) {
        claim = client.claim(RunningLog.class, this::received);
      }
      if (!listening) {
        client.onOpen(this::opened);
        listening = true;
      }
      current = started; // a closed predecessor's stream is replaced by this tail's request
      client.connection().ifPresent(open -> request(started, open));
    }
    return new LogTail(started.cursor(), started::close);
  }

  /** On the callback executor: a connection opened. */
  private void opened(Connection connection) {
    synchronized (lock) {
      if (current == null) {
        return;
      }
      if (current.closed()) {
        current = null; // closed: not resumed on a new connection
        claim.cancel();
        claim = null;
      } else if (current.requestedOn() != connection) { // else tail() asked on it already
        request(current, connection);
      }
    }
  }

  /** Asks for the log on {@code on}, from the tail's position. Caller holds lock. */
  private void request(RunningLogTail tail, Connection on) {
    String id = REQUEST_ID + (++requests);
    tail.requested(on, id);
    on.send(tail.cursor().request(), id); // lost with its connection: the next one asks again
  }

  /** On the callback executor: applies a batch, has it delivered, then acknowledges it. */
  private void received(Received<RunningLog> batch) {
    RunningLogTail tail;
    LogCursor.Step step;
    synchronized (lock) {
      tail = current;
      if (tail == null || !tail.answers(batch)) {
        return; // a replaced stream's batch
      }
      if (tail.closed()) {
        batch.connection().send(CommonReply.OK); // unseen: the server closes a connection that stops acknowledging
        return;
      }
      step = tail.cursor().apply(batch.message().log());
    }
    tail.deliver(step);
    synchronized (lock) {
      // On another connection the batch's stream is gone; the tail resumes from its own position there.
      if (current == tail && tail.requestedOn() == batch.connection()) {
        batch.connection().send(CommonReply.OK);
      }
    }
  }
}
