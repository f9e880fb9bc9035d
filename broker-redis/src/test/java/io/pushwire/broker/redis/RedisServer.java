package io.pushwire.broker.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real {@code redis-server} (Debian's, on the PATH) for a test class: on a free port of
 * 127.0.0.1, in a temporary directory, without persistence (so a restart loses every key, as a
 * crashed Redis without AOF does). Register it with {@code @RegisterExtension static}.
 */
public final class RedisServer implements BeforeAllCallback, AfterAllCallback {

  /** The port, fixed at the first start so a restart comes back where nodes look. */
  private int port;
  private Path dir;
  /** The running process; null while stopped. Used by the test thread only. */
  private Process process;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    dir = Files.createTempDirectory("pushwire-redis");
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      port = s.getLocalPort();
    }
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    stop();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** {@code redis://127.0.0.1:<port>}. */
  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** Starts the server (again) on its port and waits until it answers PING. */
  public void start() {
    ProcessBuilder builder = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--dir", dir.toString(), "--save", "", "--appendonly", "no", "--protected-mode", "no", "--daemonize", "no")
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()));
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start redis-server (is it installed?)", e);
    }
    Process started = process;
    org.awaitility.Awaitility.await("redis-server answering on port " + port).atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(10))
        .until(() -> {
          if (!started.isAlive()) {
            throw new IllegalStateException("redis-server exited; see " + dir.resolve("redis.log"));
          }
          return ping();
        });
  }

  /** Kills the server (SIGKILL: nothing saved, nothing said to clients) and waits for it to go. */
  public void kill() {
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }
  }

  /** Stops the server. */
  public void stop() {
    kill();
  }

  /** Sends one command in RESP and returns the first reply line (for DEBUG SLEEP, FLUSHALL and the like). */
  public String command(String... args) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      StringBuilder resp = new StringBuilder("*" + args.length + "\r\n");
      for (String arg : args) {
        resp.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg).append("\r\n");
      }
      OutputStream out = socket.getOutputStream();
      out.write(resp.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = in.read()) != -1 && c != '\n') {
        if (c != '\r') {
          line.append((char) c);
        }
      }
      return line.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private boolean ping() {
    try {
      return "+PONG".equals(command("PING"));
    } catch (UncheckedIOException e) {
      return false;
    }
  }
}
