package io.pushwire.benchmarks.codec;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pushwire.protocol.LogBatch;
import io.pushwire.protocol.LogLevel;
import io.pushwire.protocol.LogLine;
import io.pushwire.protocol.Message;
import io.pushwire.protocol.RunningLog;
import io.pushwire.protocol.codec.DecodeException;
import io.pushwire.protocol.codec.Frame;
import io.pushwire.protocol.codec.PushwireCodec;
import java.io.IOException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Seed 000's {@code running_log} with 50 lines, the batch a log UI receives every 5 s: encode and
 * decode through {@link PushwireCodec} (FLAT frame) and through a plain {@link ObjectMapper} on the
 * same record (the body only, no frame).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RunningLogBenchmark {

  static final int LINES = 50;

  // Written once in @Setup, then only read by the benchmark threads.
  private PushwireCodec codec;
  private ObjectMapper plain;
  private RunningLog message;
  private Frame frame;
  private String codecJson;
  private String plainJson;

  @Setup
  public void setUp() throws IOException {
    codec = PushwireCodec.create();
    plain = BaselineMapper.create();
    List<LogLine> lines = new ArrayList<>(LINES);
    LocalDateTime start = LocalDateTime.of(2022, 2, 11, 8, 51, 16);
    LogLevel[] levels = {LogLevel.INFO, LogLevel.INFO, LogLevel.WARNING, LogLevel.DEBUG, LogLevel.ERROR};
    for (int i = 0; i < LINES; i++) {
      lines.add(new LogLine(levels[i % levels.length], start.plusSeconds(i),
          "scan /media/movies/Title " + i + " (2021)/Title.mkv: found 3 subtitle candidates"));
    }
    message = new RunningLog(new LogBatch(1_000, lines, 7L, 0L));
    frame = codec.frame(message);
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
  public Message decodePushwire() throws DecodeException {
    return codec.decode(codecJson);
  }

  @Benchmark
  public RunningLog decodePlainJackson() throws IOException {
    return plain.readValue(plainJson, RunningLog.class);
  }
}
