package io.pushwire.server.jobs;

import io.pushwire.protocol.DownloadJobs;
import io.pushwire.protocol.JobStatus;
import io.pushwire.protocol.SubDownloadJobs;
import io.pushwire.server.Hub;
import io.pushwire.server.Registration;
import io.pushwire.server.requests.RequestContext;
import io.pushwire.server.topics.TopicPattern;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Seed 000's subtitle-scan job board: the application sets the board's state, and every client
 * subscribed to {@link #TOPIC} receives it as {@code sub_download_jobs}, at once when it
 * subscribes and then on every change, at most once per {@code minInterval}.
 *
 * <pre>{@code
 * JobBoard board = JobBoard.install(hub, Duration.ofSeconds(1));
 * EndpointSpec ws = EndpointSpec.builder("/ws").dialect(Dialect.FLAT)
 *     .autoSubscribe(JobBoard.TOPIC).build();          // every authenticated client gets the board
 * board.update(new DownloadJobs(JobStatus.WAITING, LocalDateTime.now().plusMinutes(10),
 *     0, 0, "", 0, 0, ""));                           // a countdown to the next scan
 * }</pre>
 *
 * <p><b>Coalescing.</b> Updates are not queued: the latest wins. The first update after a quiet
 * spell goes out at once; updates that follow within {@code minInterval} of a publication are
 * held, and the latest of them goes out when the interval has passed, so the final state always
 * goes out (also on {@link #close()}), and an unchanged board is not sent again.
 *
 * <p>A {@code null} name is left out of the frame, as the codec does for every optional field;
 * pass {@code ""} to a client that expects every field the seed shows.
 *
 * <p><b>{@code started_time}.</b> The seed gives it two meanings: while {@code running}, when the
 * run began (now or earlier); while {@code waitting}, when the next run begins (now or later: a
 * countdown). {@link #update} refuses a board that contradicts its status, compared at the
 * seed's one-second precision in the JVM's default zone.
 *
 * <p>Threads: {@link #update} may be called from any thread and only records the state; one
 * daemon thread, {@code pushwire-job-board}, publishes. Holds one board, never a queue.
 */
public final class JobBoard implements AutoCloseable {

  /** The topic the board is published on; seed-000 endpoints auto-subscribe it. */
  public static final String TOPIC = "sub_download_jobs";
  /** Default least time between two publications. */
  public static final Duration DEFAULT_MIN_INTERVAL = Duration.ofSeconds(1);

  private final Hub hub;
  private final Duration minInterval;
  private final ScheduledExecutorService scheduler;
  /** The board's subscription listener on the hub; set once by {@link #install}, closed by {@link #close()}. */
  private volatile Registration subscriptions;

  /** Guards every field below. */
  private final Object lock = new Object();
  /** Guarded by lock. The board as the application last set it; null before the first update. */
  private DownloadJobs latest;
  /** Guarded by lock. The board last published; null before the first publication. */
  private DownloadJobs published;
  /** Guarded by lock. {@code System.nanoTime()} of the last publication. */
  private long publishedAtNanos;
  /** Guarded by lock. Whether a publication is scheduled and has not yet taken {@link #latest}. */
  private boolean publishScheduled;
  /** Guarded by lock. Once true, updates are refused. */
  private boolean closed;

  private JobBoard(Hub hub, Duration minInterval) {
    this.hub = hub;
    this.minInterval = minInterval;
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "pushwire-job-board");
      t.setDaemon(true);
      return t;
    });
  }

  /** Installs a board publishing at most once per {@link #DEFAULT_MIN_INTERVAL}. */
  public static JobBoard install(Hub hub) {
    return install(hub, DEFAULT_MIN_INTERVAL);
  }

  /**
   * Installs a board on {@code hub} publishing at most once per {@code minInterval}, and sends
   * the current board to every connection that subscribes to {@link #TOPIC} (or a pattern
   * matching it).
   */
  public static JobBoard install(Hub hub, Duration minInterval) {
    Objects.requireNonNull(minInterval, "minInterval");
    if (minInterval.isNegative() || minInterval.isZero()) {
      throw new IllegalArgumentException("minInterval must be > 0, got " + minInterval);
    }
    JobBoard board = new JobBoard(Objects.requireNonNull(hub, "hub"), minInterval);
    board.subscriptions = hub.addSubscriptionListener(board::onSubscribed);
    return board;
  }

  /**
   * Sets the board. It is published at once, or, within {@code minInterval} of the last
   * publication, when the interval has passed (if it is still the latest).
   *
   * @throws IllegalArgumentException if {@code started_time} contradicts the status: in the
   *     future while running, or in the past while waiting
   * @throws IllegalStateException after {@link #close()}
   */
  public void update(DownloadJobs jobs) {
    checkStartedTime(Objects.requireNonNull(jobs, "jobs"));
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("the job board is closed");
      }
      latest = jobs;
      if (publishScheduled) {
        return; // the scheduled publication will take this state
      }
      publishScheduled = true;
      long wait = published == null ? 0
          : Math.max(0, publishedAtNanos + minInterval.toNanos() - System.nanoTime());
      scheduler.schedule(this::publishLatest, wait, TimeUnit.NANOSECONDS);
    }
  }

  /** The board as last set, if it was. */
  public Optional<DownloadJobs> current() {
    synchronized (lock) {
      return Optional.ofNullable(latest);
    }
  }

  /**
   * Publishes the latest board if it has not gone out yet, then stops the board's thread; new
   * subscribers are no longer sent the board.
   */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    subscriptions.close();
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    publishLatest(); // the final state always goes out
  }

  private static void checkStartedTime(DownloadJobs jobs) {
    LocalDateTime now = LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS);
    LocalDateTime started = jobs.startedTime().truncatedTo(ChronoUnit.SECONDS);
    if (jobs.status() == JobStatus.RUNNING && started.isAfter(now)) {
      throw new IllegalArgumentException("while running, started_time is when the run began (now or earlier), got "
          + jobs.startedTime());
    }
    if (jobs.status() == JobStatus.WAITING && started.isBefore(now)) {
      throw new IllegalArgumentException("while waiting, started_time is when the next run begins (now or later), got "
          + jobs.startedTime());
    }
  }

  /** On the board's thread (or the closing thread, once that thread is stopped). */
  private void publishLatest() {
    DownloadJobs board;
    synchronized (lock) {
      publishScheduled = false;
      if (latest == null || latest.equals(published)) {
        return;
      }
      board = latest;
      published = board;
      publishedAtNanos = System.nanoTime();
    }
    hub.publish(TOPIC, new SubDownloadJobs(board));
  }

  /**
   * A new subscriber gets the latest board at once. Should an older publication reach it after
   * this reply, the latest differs from what was published, so a publication of the latest is
   * scheduled and corrects it.
   */
  private void onSubscribed(String topic, RequestContext context) {
    boolean ours = topic.equals(TOPIC) || (TopicPattern.isWildcard(topic) && TopicPattern.of(topic).matches(TOPIC));
    if (ours) {
      current().ifPresent(board -> context.reply(new SubDownloadJobs(board)));
    }
  }
}
