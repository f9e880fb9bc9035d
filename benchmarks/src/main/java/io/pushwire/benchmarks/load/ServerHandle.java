package io.pushwire.benchmarks.load;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The harness's side of one {@link ServerProcess}: starts the JVM, sends it commands, waits for
 * its answers. Used by the driver thread only.
 */
final class ServerHandle implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final String name;
  private final Process process;
  private final BufferedWriter commands;
  /** Answer lines ({@code @...}) from the process, in order; filled by a reader thread. Bounded by the commands sent. */
  private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
  private final int port;
  private final int frameBytes;
  private final ClientFleet.Dialect dialect;
  private final String requestTargetPrefix;
  /** The last tick sequence number handed out; ticks of one server process are numbered 1, 2, ... */
  private long lastSeq;

  private ServerHandle(String name, Process process) throws IOException {
    this.name = name;
    this.process = process;
    this.commands = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
    Thread reader = new Thread(this::readAnswers, "server-answers-" + name);
    reader.setDaemon(true);
    reader.start();
    String[] ready = next(START_TIMEOUT).split(" ", 5);
    if (!ready[0].equals("@ready") || ready.length < 5) {
      throw new IOException(name + " server did not start: " + String.join(" ", ready));
    }
    this.port = Integer.parseInt(ready[1]);
    this.frameBytes = Integer.parseInt(ready[2]);
    this.dialect = ClientFleet.Dialect.valueOf(ready[3]);
    this.requestTargetPrefix = ready[4];
  }

  /**
   * Starts the server process of {@code target} (a name of {@link Targets}): a JVM with the same
   * class path as this one, or {@code node} for Node's socket.io. Its stderr goes to
   * {@code log}; with {@code jfr}, a JVM records a profile there.
   */
  static ServerHandle launch(String target, List<String> jvmArgs, HarnessOptions options, Path log, Path jfr,
      PrintStream progress) throws IOException {
    List<String> command = switch (Targets.spec(target).kind()) {
      case NODE -> NodeSocketIo.command(log.toAbsolutePath().getParent(), options, progress);
      case SPRING_JAR -> jvmCommand(target, jvmArgs, options, jfr, List.of("-jar", springJar().toString()));
      case JVM -> jvmCommand(target, jvmArgs, options, jfr,
          List.of("-cp", System.getProperty("java.class.path"), ServerProcess.class.getName()));
    };
    Process process = new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.to(log.toFile()))
        .start();
    try {
      return new ServerHandle(target, process);
    } catch (IOException | RuntimeException e) {
      process.destroyForcibly();
      throw e;
    }
  }

  private static List<String> jvmCommand(String target, List<String> jvmArgs, HarnessOptions options, Path jfr,
      List<String> main) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    if (jfr != null) {
      command.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,dumponexit=true");
    }
    command.addAll(main);
    command.addAll(List.of("--target", target,
        "--payload-bytes", Integer.toString(options.payloadBytes()),
        "--max-seconds", Long.toString(options.maxSeconds())));
    return command;
  }

  /**
   * The Spring Boot peer's jar: the system property {@code pushwire.springTargetJar}, or
   * {@code spring-target/target/spring-target.jar} beside this module's {@code target} folder
   * (where {@code mvn -pl benchmarks/spring-target -am package} leaves it).
   */
  static Path springJar() throws IOException {
    String given = System.getProperty("pushwire.springTargetJar");
    Path jar;
    if (given != null) {
      jar = Path.of(given);
    } else {
      try {
        Path here = Path.of(ServerHandle.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        jar = here.toAbsolutePath().getParent().getParent().resolve("spring-target/target/spring-target.jar");
      } catch (java.net.URISyntaxException | RuntimeException e) {
        throw new IOException("cannot tell where the Spring Boot peer's jar is: " + e);
      }
    }
    if (!Files.isRegularFile(jar)) {
      throw new IOException("no " + jar + " (build it with: mvn -B -pl benchmarks/spring-target -am package"
          + " -DskipTests, or point -Dpushwire.springTargetJar at it)");
    }
    return jar;
  }

  private void readAnswers() {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith("@")) {
          answers.add(line);
        }
      }
    } catch (IOException e) {
      // the process is gone; next() reports it
    }
    answers.add("@gone");
  }

  private String next(Duration timeout) throws IOException {
    try {
      String line = answers.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (line == null) {
        throw new IOException(name + " server did not answer within " + timeout);
      }
      if (line.equals("@gone")) {
        answers.add(line);
        throw new IOException(name + " server process exited (exit code "
            + (process.isAlive() ? "?" : process.exitValue()) + "); see its log");
      }
      return line;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** Sends a command that has no answer. */
  void send(String command) throws IOException {
    commands.write(command);
    commands.write('\n');
    commands.flush();
  }

  /** Sends a command and returns the words of its {@code @ok} answer after "@ok". */
  String[] call(String command, Duration timeout) throws IOException {
    send(command);
    String answer = next(timeout);
    if (!answer.startsWith("@ok")) {
      throw new IOException(name + " server failed '" + command + "': " + answer);
    }
    String rest = answer.substring(3).trim();
    return rest.isEmpty() ? new String[0] : rest.split(" ");
  }

  long callLong(String command, Duration timeout) throws IOException {
    return Long.parseLong(call(command, timeout)[0]);
  }

  /** Reserves {@code count} sequence numbers and returns the first. */
  long reserveSeq(long count) {
    long first = lastSeq + 1;
    lastSeq += count;
    return first;
  }

  /** The last sequence number handed out. */
  long lastSeq() {
    return lastSeq;
  }

  /**
   * The server process's {@code nanoTime} minus ours. Both read CLOCK_MONOTONIC on Linux, so this
   * is zero there; it is measured anyway, from the round trip with the smallest delay, and is
   * taken as zero when it is within that round trip.
   */
  long clockOffsetNanos() throws IOException {
    long bestRoundTrip = Long.MAX_VALUE;
    long bestOffset = 0;
    for (int i = 0; i < 50; i++) {
      long before = System.nanoTime();
      long theirs = callLong("clock", Duration.ofSeconds(10));
      long after = System.nanoTime();
      if (after - before < bestRoundTrip) {
        bestRoundTrip = after - before;
        bestOffset = theirs - (before + after) / 2;
      }
    }
    return Math.abs(bestOffset) <= bestRoundTrip ? 0 : bestOffset;
  }

  String name() {
    return name;
  }

  /** The server process's id, for jcmd and jfr when profiling by hand. */
  long pid() {
    return process.pid();
  }

  InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", port);
  }

  int frameBytes() {
    return frameBytes;
  }

  ClientFleet.Dialect dialect() {
    return dialect;
  }

  String requestTargetPrefix() {
    return requestTargetPrefix;
  }

  /** Kills the process at once: the harness's hard time limit. Safe from any thread. */
  void kill() {
    process.destroyForcibly();
  }

  /** Asks the process to quit, and kills it if it has not within a few seconds. */
  @Override
  public void close() {
    try {
      send("quit");
    } catch (IOException e) {
      // already gone
    }
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
