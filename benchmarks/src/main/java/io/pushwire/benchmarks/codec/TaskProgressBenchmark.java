package io.pushwire.benchmarks.codec;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pushwire.protocol.Progress;
import io.pushwire.protocol.TaskProgress;
import io.pushwire.protocol.codec.DecodeException;
import io.pushwire.protocol.codec.Envelope;
import io.pushwire.protocol.codec.Frame;
import io.pushwire.protocol.codec.PushwireCodec;
import io.pushwire.protocol.codec.TimestampFormat;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Seed 003's {@code task_progress}, the small frame pushed on every progress tick: encode and
 * decode through {@link PushwireCodec} (DATA envelope with {@code id} and an epoch-millisecond
 * {@code timestamp}) and through a plain {@link ObjectMapper} on the same record (the body only).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TaskProgressBenchmark {

  // Written once in @Setup, then only read by the benchmark threads.
  private PushwireCodec codec;
  private ObjectMapper plain;
  private TaskProgress message;
  private Frame frame;
  private String codecJson;
  private String plainJson;

  @Setup
  public void setUp() throws IOException {
    codec = PushwireCodec.builder().timestampFormat(TimestampFormat.EPOCH_MILLIS).build();
    plain = BaselineMapper.create();
    message = new TaskProgress("task_123", new Progress(100, 45, 0, "处理 BTCUSDT", 45, "Downloading 2024-01-01"));
    frame = new Frame(message, "progress_123", Instant.ofEpochMilli(1_677_824_400_000L), Envelope.DATA);
    codecJson = codec.encode(frame);
    plainJson = plain.writeValueAsString(message);
  }

  @Benchmark
  public String encodePushwire() {
    return codec.encode(frame);
  }

  @Benchmark
  public String encodePlainJackson() throws IOException {
    return plain.writeValueAsString(message);
  }

  @Benchmark
  public Frame decodePushwire() throws DecodeException {
    return codec.decodeFrame(codecJson);
  }

  @Benchmark
  public TaskProgress decodePlainJackson() throws IOException {
    return plain.readValue(plainJson, TaskProgress.class);
  }
}
