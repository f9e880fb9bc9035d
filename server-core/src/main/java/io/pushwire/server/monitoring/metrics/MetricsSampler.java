package io.pushwire.server.monitoring.metrics;

import io.pushwire.protocol.SystemMetrics;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes samples from a {@link SystemMetricsSource} on one daemon thread,
 * {@value #THREAD_NAME}, and hands each to a consumer on that thread: on a schedule
 * ({@link #startEvery}), and whenever {@link #sampleNow()} asks. Because every sample is taken
 * and consumed on that one thread, the source and the consumer never run concurrently with
 * themselves.
 *
 * <p>The schedule has a fixed delay, so a slow source stretches the interval instead of piling
 * up samples. A source or consumer that throws loses that sample only: the failure is counted,
 * logged at WARN once per run of failures, and the next sample is taken as usual. The executor's
 * queue holds at most two tasks, the scheduled one and one {@code sampleNow} sample: calls made
 * while a requested sample has not started yet share it.
 *
 * <p>{@link #close()} stops the thread; later {@code sampleNow} calls fail.
 */
public final class MetricsSampler implements AutoCloseable {

  /** The sampler thread's name. */
  public static final String THREAD_NAME = "pushwire-metrics-sampler";

  private static final Logger log = LoggerFactory.getLogger(MetricsSampler.class);

  private final SystemMetricsSource source;
  private final Consumer<SystemMetrics> onSample;
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, THREAD_NAME);
    t.setDaemon(true);
    return t;
  });
  /** Samples taken and consumed without error. Written by the sampler thread, read by anyone. */
  private final AtomicLong samples = new AtomicLong();
  /** Samples lost to an exception. Written by the sampler thread, read by anyone. */
  private final AtomicLong failures = new AtomicLong();
  /** The requested sample that has not started yet, or null; calls made meanwhile share it. */
  private final AtomicReference<CompletableFuture<SystemMetrics>> pending = new AtomicReference<>();
  /** Whether the previous sample failed, so a run of failures is logged once. Sampler thread only. */
  private boolean failing;

  /** A sampler that passes each sample of {@code source} to {@code onSample}; call {@link #startEvery} to schedule it. */
  public MetricsSampler(SystemMetricsSource source, Consumer<SystemMetrics> onSample) {
    this.source = Objects.requireNonNull(source, "source");
    this.onSample = Objects.requireNonNull(onSample, "onSample");
  }

  /** Samples now and then every {@code interval} after the previous sample finished. */
  public void startEvery(Duration interval) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("the sampling interval must be positive, got " + interval);
    }
    executor.scheduleWithFixedDelay(this::sampleQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Takes a sample on the sampler thread, after any sample in progress, and completes with it
   * once the consumer has handled it; completes exceptionally if the source or consumer threw, or
   * if the sampler is closed. The sample starts after this call: calls made before it starts
   * share it.
   */
  public CompletableFuture<SystemMetrics> sampleNow() {
    CompletableFuture<SystemMetrics> result = new CompletableFuture<>();
    CompletableFuture<SystemMetrics> shared = pending.compareAndExchange(null, result);
    if (shared != null) {
      return shared;
    }
    try {
      executor.execute(() -> {
        pending.compareAndSet(result, null);
        try {
          result.complete(sampleOnce());
        } catch (RuntimeException e) {
          result.completeExceptionally(e);
        }
      });
    } catch (RejectedExecutionException e) {
      pending.compareAndSet(result, null);
      result.completeExceptionally(new IllegalStateException("the metrics sampler is closed", e));
    }
    return result;
  }

  private void sampleQuietly() {
    try {
      sampleOnce();
    } catch (RuntimeException e) {
      // counted and logged in sampleOnce; the schedule goes on
    }
  }

  private SystemMetrics sampleOnce() {
    try {
      SystemMetrics sample = Objects.requireNonNull(source.sample(), "the metrics source returned null");
      onSample.accept(sample);
      samples.incrementAndGet();
      failing = false;
      return sample;
    } catch (RuntimeException e) {
      failures.incrementAndGet();
      if (!failing) {
        failing = true;
        log.warn("metrics sample failed (further failures are not logged until a sample succeeds)", e);
      }
      throw e;
    }
  }

  /** Samples taken and handled since creation. */
  public long samplesTaken() {
    return samples.get();
  }

  /** Samples lost to an exception since creation. */
  public long failures() {
    return failures.get();
  }

  /**
   * Stops the sampler thread, waiting up to a second for a sample in progress; a requested sample
   * that had not started fails. Idempotent.
   */
  @Override
  public void close() {
    executor.shutdownNow();
    CompletableFuture<SystemMetrics> dropped = pending.getAndSet(null);
    if (dropped != null) {
      dropped.completeExceptionally(new IllegalStateException("the metrics sampler was closed"));
    }
    try {
      executor.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
