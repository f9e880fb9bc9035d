package io.pushwire.benchmarks.soak;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link SoakFleet} in a child JVM ({@link FleetProcess}) on this JVM's class path, driven over
 * its standard input and output. Each figure asks the child for a fresh {@code stats} line.
 *
 * <p>Thread-safe: every exchange with the child holds this object's lock.
 */
final class ChildFleet implements Fleet {

  private final Process child;
  /** The child's standard input; guarded by {@code this}. */
  private final Writer commands;
  /** The child's standard output; guarded by {@code this}. */
  private final BufferedReader answers;

  ChildFleet(InetSocketAddress server, String path, int topics, String maxHeap) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    child = new ProcessBuilder(List.of(java, "-Xmx" + maxHeap, "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
        FleetProcess.class.getName(), server.getHostString(), String.valueOf(server.getPort()), path,
        String.valueOf(topics)))
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    commands = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8);
    answers = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
  }

  @Override
  public synchronized void connect(int n) {
    send("connect " + n);
  }

  @Override
  public synchronized void cycle(int n) {
    send("cycle " + n);
  }

  @Override
  public int open() {
    return (int) stat(1);
  }

  @Override
  public long frames() {
    return stat(2);
  }

  @Override
  public long cycles() {
    return stat(3);
  }

  @Override
  public long failures() {
    return stat(4);
  }

  @Override
  public String lastFailure() {
    return stats()[5];
  }

  private long stat(int index) {
    return Long.parseLong(stats()[index]);
  }

  /** One {@code stats} answer, split in its six fields. */
  private synchronized String[] stats() {
    send("stats");
    try {
      String line = answers.readLine();
      if (line == null || !line.startsWith("stats ")) {
        throw new IllegalStateException("the fleet process answered " + line + " (" + state() + ")");
      }
      return line.split(" ", 6);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void send(String command) {
    try {
      commands.write(command + "\n");
      commands.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("the fleet process is gone (" + state() + ")", e);
    }
  }

  /** Whether the child runs, or how it ended: 128 + n is signal n (137: killed, as by the kernel's OOM killer). */
  private String state() {
    try {
      return child.waitFor(1, TimeUnit.SECONDS) ? "exit status " + child.exitValue() : "still running";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown: interrupted";
    }
  }

  @Override
  public synchronized void close() throws IOException {
    try {
      send("quit");
    } catch (UncheckedIOException gone) {
      // already exited
    }
    try {
      if (!child.waitFor(30, TimeUnit.SECONDS)) {
        child.destroyForcibly();
      }
    } catch (InterruptedException e) {
      child.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
