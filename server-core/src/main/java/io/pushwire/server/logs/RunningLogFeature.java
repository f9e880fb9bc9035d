package io.pushwire.server.logs;

import io.pushwire.protocol.CloseCode;
import io.pushwire.protocol.CommonReply;
import io.pushwire.protocol.GetRunningLog;
import io.pushwire.server.ConnectionListener;
import io.pushwire.server.Hub;
import io.pushwire.server.Registration;
import io.pushwire.server.requests.RequestContext;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seed 000's running log on a {@link Hub}: answers {@code get_running_log} with the current lines,
 * then pushes new lines in batches, each only after the client acknowledged the previous one with
 * {@code common_reply ok}. Clients that send the extension fields {@code from_index} and
 * {@code epoch} resume without losing or repeating a line; see {@code docs/logs.md}.
 *
 * <pre>{@code
 * LogStream log = LogStream.create();
 * RunningLogFeature logs = RunningLogFeature.install(hub, log, RunningLogOptions.defaults());
 * java.util.logging.Logger.getLogger("").addHandler(new LogStreamHandler(log)); // tee the app's log
 * }</pre>
 *
 * <p>What the feature holds: one small {@link LogReader} per connection that sent
 * {@code get_running_log}, removed when the connection closes, so at most one per open
 * connection ({@code Limits.maxConnections}); never a copy of the lines. A client has at most one
 * unacknowledged batch of at most {@link RunningLogOptions#maxBatchLines()} lines; one that leaves
 * a batch unacknowledged for {@link RunningLogOptions#ackTimeout()} is closed with {@code 4003}.
 *
 * <p>Threads: requests and acknowledgements are handled on the connection's reader thread; one
 * daemon thread, {@code pushwire-running-log}, pushes batches and checks ack timeouts. Sending only
 * queues frames, so a slow client never delays that thread. {@link #close()} stops it.
 *
 * <p>The feature takes over the hub's {@code get_running_log} and {@code common_reply} handlers;
 * install it once per hub.
 */
public final class RunningLogFeature implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RunningLogFeature.class);

  /** Ack timeouts are checked this many times per timeout, within these bounds. */
  private static final int ACK_CHECKS_PER_TIMEOUT = 4;
  private static final long MIN_ACK_CHECK_MILLIS = 10;
  private static final long MAX_ACK_CHECK_MILLIS = 1_000;

  private final Hub hub;
  private final LogStream stream;
  private final RunningLogOptions options;
  private final ScheduledExecutorService scheduler;
  /**
   * Readers by connection id: added by {@code get_running_log} (replacing the connection's
   * earlier one), removed when the connection closes. Concurrent: reader threads, the scheduler
   * and closing threads all use it.
   */
  private final Map<String, LogReader> readers = new ConcurrentHashMap<>();
  /** What {@link #install} added to the hub; closed by {@link #close()}, on any thread: copy-on-write. */
  private final List<Registration> registrations = new CopyOnWriteArrayList<>();
  /** Batch ticks run so far; written only by the feature's thread. For testing. */
  private volatile long ticks;

  private RunningLogFeature(Hub hub, LogStream stream, RunningLogOptions options) {
    this.hub = hub;
    this.stream = stream;
    this.options = options;
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "pushwire-running-log");
      t.setDaemon(true);
      return t;
    });
  }

  /** Installs the feature with {@link RunningLogOptions#defaults()}. */
  public static RunningLogFeature install(Hub hub, LogStream stream) {
    return install(hub, stream, RunningLogOptions.defaults());
  }

  /**
   * Serves {@code stream} to every authenticated connection of {@code hub} that sends
   * {@code get_running_log}, and starts the feature's thread.
   */
  public static RunningLogFeature install(Hub hub, LogStream stream, RunningLogOptions options) {
    RunningLogFeature feature = new RunningLogFeature(Objects.requireNonNull(hub, "hub"),
        Objects.requireNonNull(stream, "stream"), Objects.requireNonNull(options, "options"));
    feature.registrations.add(hub.onRequest(GetRunningLog.class, feature::onGetRunningLog));
    feature.registrations.add(hub.onRequest(CommonReply.class, feature::onCommonReply));
    feature.registrations.add(hub.addConnectionListener(new ConnectionListener() {
      @Override
      public void onClosed(String connectionId) {
        feature.forget(connectionId);
      }
    }));
    feature.start();
    return feature;
  }

  /** The stream this feature serves. */
  public LogStream stream() {
    return stream;
  }

  /** The options. */
  public RunningLogOptions options() {
    return options;
  }

  /**
   * Stops pushing and the feature's thread, and takes the feature's handlers off the hub: a later
   * {@code get_running_log} is answered with {@code UNSUPPORTED_REQUEST}. Connections stay open;
   * the hub is not closed.
   */
  @Override
  public void close() {
    registrations.forEach(Registration::close);
    scheduler.shutdownNow();
    readers.values().forEach(LogReader::stop);
    readers.clear();
  }

  /** Connections with a reader now. For testing. */
  int readerCount() {
    return readers.size();
  }

  /** Batch ticks completed so far. For testing: lets a test wait for pushes that must not happen. */
  long ticks() {
    return ticks;
  }

  private void start() {
    long interval = options.batchInterval().toMillis();
    scheduler.scheduleAtFixedRate(this::pushDue, interval, interval, TimeUnit.MILLISECONDS);
    long check = Math.max(MIN_ACK_CHECK_MILLIS,
        Math.min(MAX_ACK_CHECK_MILLIS, options.ackTimeout().toMillis() / ACK_CHECKS_PER_TIMEOUT));
    scheduler.scheduleAtFixedRate(this::closeOverdue, check, check, TimeUnit.MILLISECONDS);
  }

  private void onGetRunningLog(GetRunningLog request, RequestContext context) {
    String id = context.connectionId();
    LogReader reader = new LogReader(context, stream, options);
    LogReader previous = readers.put(id, reader);
    if (previous != null) {
      previous.stop(); // a repeated get_running_log restarts the stream from what it asks
    }
    if (hub.principal(id).isEmpty()) { // closed meanwhile: onClosed may have run before the put
      readers.remove(id, reader);
      return;
    }
    reader.start(stream.resumePoint(request.fromIndex(), request.epoch()));
  }

  private void onCommonReply(CommonReply reply, RequestContext context) {
    if (!reply.isOk()) {
      return; // seed 000 defines no other client reply; ignore it as the hub would
    }
    LogReader reader = readers.get(context.connectionId());
    if (reader != null) {
      reader.acknowledged();
    }
  }

  private void forget(String connectionId) {
    LogReader reader = readers.remove(connectionId);
    if (reader != null) {
      reader.stop();
    }
  }

  /** Runs on the feature's thread every batch interval. */
  private void pushDue() {
    for (LogReader reader : readers.values()) {
      try {
        reader.tick();
      } catch (RuntimeException e) {
        log.warn("running log push to {} failed", reader.connectionId(), e);
      }
    }
    ticks++; // the only writer
  }

  /** Runs on the feature's thread; closes connections whose batch waited too long for its ack. */
  private void closeOverdue() {
    long now = System.nanoTime();
    for (LogReader reader : readers.values()) {
      if (reader.ackOverdue(now)) {
        reader.stop();
        readers.remove(reader.connectionId(), reader);
        hub.disconnect(reader.connectionId(), CloseCode.ACK_TIMEOUT);
      }
    }
  }
}
