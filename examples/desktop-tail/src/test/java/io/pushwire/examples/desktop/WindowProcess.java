package io.pushwire.examples.desktop;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The desktop-tail window in a JVM of its own, on a virtual display: AWT reads {@code DISPLAY}
 * from the environment once, so the window cannot share the test's JVM. The child runs
 * {@link WindowDriver}; {@link #probe()} and {@link #screenshot} ask it about the window.
 * {@link #close()} ends it.
 */
final class WindowProcess implements AutoCloseable {

  private static final int CONNECT_BACK_TIMEOUT_MILLIS = 20_000;

  private final Process process;
  private final ServerSocket listener;
  /** What the child printed to stdout, line by line; appended by the reader thread. */
  private final List<String> output = new CopyOnWriteArrayList<>();
  /** The driver's connection, once it connected back; test thread only. */
  private Socket driver;
  private DataInputStream replies;
  private DataOutputStream commands;

  private WindowProcess(Process process, ServerSocket listener) {
    this.process = process;
    this.listener = listener;
    Thread reader = new Thread(this::readOutput, "desktop-tail-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts the window on {@code display} with the app's own arguments; its stderr goes to {@code errors}. */
  static WindowProcess start(VirtualDisplay display, Path errors, String... appArgs) throws IOException {
    ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    List<String> args = new ArrayList<>();
    args.add(String.valueOf(listener.getLocalPort()));
    args.addAll(List.of(appArgs));
    ProcessBuilder builder = java(WindowDriver.class, args).redirectError(errors.toFile());
    builder.environment().put("DISPLAY", display.name());
    try {
      return new WindowProcess(builder.start(), listener);
    } catch (IOException e) {
      listener.close();
      throw e;
    }
  }

  /** A JVM on this test's class path running {@code mainClass} with {@code args}. */
  static ProcessBuilder java(Class<?> mainClass, List<String> args) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path")));
    String logging = System.getProperty("java.util.logging.config.file");   // keeps Tyrus quiet, as here
    if (logging != null) {
      command.add("-Djava.util.logging.config.file=" + logging);
    }
    command.add(mainClass.getName());
    command.addAll(args);
    return new ProcessBuilder(command);
  }

  /** The lines the window's JVM printed so far. */
  List<String> output() {
    return output;
  }

  /** Whether the window's JVM is still running. */
  boolean isAlive() {
    return process.isAlive();
  }

  /** What the window shows now: component name to text (see {@link WindowDriver}). */
  Properties probe() {
    Properties shown = new Properties();
    try {
      shown.load(new StringReader(ask("probe")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return shown;
  }

  /** Saves what the display shows of the window to {@code file}; returns the driver's answer. */
  String screenshot(Path file) {
    return ask("screenshot " + file.toAbsolutePath());
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      if (driver != null) {
        driver.close();
      }
      listener.close();
    } finally {
      process.destroy();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
  }

  private String ask(String command) {
    try {
      if (driver == null) {
        listener.setSoTimeout(CONNECT_BACK_TIMEOUT_MILLIS);
        driver = listener.accept();
        replies = new DataInputStream(driver.getInputStream());
        commands = new DataOutputStream(driver.getOutputStream());
      }
      commands.writeUTF(command);
      commands.flush();
      byte[] reply = new byte[replies.readInt()];
      replies.readFully(reply);
      return new String(reply, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("the window's JVM did not answer " + command + (process.isAlive() ? "" : " (it exited)"), e);
    }
  }

  private void readOutput() {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        output.add(line);
      }
    } catch (IOException e) {
      // the process ended
    }
  }
}
