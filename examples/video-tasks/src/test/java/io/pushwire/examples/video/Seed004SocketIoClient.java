package io.pushwire.examples.video;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * Seed 004's front end on the real {@code socket.io-client} (npm, version pinned in
 * {@code src/test/socketio}), running in Node.js and driven over its standard input and output
 * (see {@code seed004-client.js}). The first use installs it into {@code target/socketio-client}
 * with {@code npm ci}.
 */
final class Seed004SocketIoClient implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path SOURCES = Path.of("src/test/socketio");
  private static final Path INSTALLED = Path.of("target/socketio-client");
  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final Process node;
  private final Writer commands;
  /** Every line the client wrote, in order; appended by the reader thread. */
  final List<JsonNode> lines = new CopyOnWriteArrayList<>();

  private Seed004SocketIoClient(Process node) {
    this.node = node;
    this.commands = node.outputWriter(StandardCharsets.UTF_8);
    Thread reader = new Thread(this::read, "socketio-client-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Connects to {@code url} (scheme, host and port) at Socket.IO's default path, or at {@code path}
   * when it is not null, and authenticates with an {@code auth} event carrying {@code token}.
   */
  static Seed004SocketIoClient connect(String url, String token, String path) {
    Path dir = install();
    ProcessBuilder builder = new ProcessBuilder("node", "seed004-client.js", url, token)
        .directory(dir.toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT);
    if (path != null) {
      builder.command().add(path);
    }
    try {
      return new Seed004SocketIoClient(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start node (Node.js is needed for the Socket.IO tests)", e);
    }
  }

  private static synchronized Path install() {
    try {
      Files.createDirectories(INSTALLED);
      for (String file : List.of("package.json", "package-lock.json", "seed004-client.js")) {
        Files.copy(SOURCES.resolve(file), INSTALLED.resolve(file), StandardCopyOption.REPLACE_EXISTING);
      }
      if (Files.isDirectory(INSTALLED.resolve("node_modules/socket.io-client"))) {
        return INSTALLED;
      }
      Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
          .directory(INSTALLED.toFile()).redirectErrorStream(true)
          .redirectOutput(INSTALLED.resolve("npm-ci.log").toFile()).start();
      if (!npm.waitFor(INSTALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        npm.destroyForcibly();
        throw new IllegalStateException("npm ci did not finish within " + INSTALL_TIMEOUT);
      }
      if (npm.exitValue() != 0) {
        throw new IllegalStateException("npm ci failed (" + npm.exitValue() + "): "
            + Files.readString(INSTALLED.resolve("npm-ci.log")));
      }
      return INSTALLED;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot install socket.io-client (npm is needed for the Socket.IO tests)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while installing socket.io-client", e);
    }
  }

  private void read() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        lines.add(JSON.readTree(line));
      }
    } catch (IOException e) {
      // the process ended; what it wrote is in lines
    }
  }

  /** Sends one command to the front end: {@code op} with the fields of {@code fields} (a JSON object, or null). */
  void command(String op, String fields) {
    try {
      ObjectNode command = fields == null ? JSON.createObjectNode() : (ObjectNode) JSON.readTree(fields);
      command.put("op", op);
      commands.write(command + "\n");
      commands.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("the socket.io client has gone: " + lines, e);
    }
  }

  /** Waits for the event {@code name} whose first argument satisfies {@code test}, and returns that argument. */
  JsonNode awaitEvent(String name, Predicate<JsonNode> test) {
    return await(line -> name.equals(line.path("event").asText()) && test.test(line.path("args").path(0)))
        .path("args").path(0);
  }

  /** The first arguments of every event {@code name} so far. */
  List<JsonNode> events(String name) {
    return lines.stream().filter(line -> name.equals(line.path("event").asText()))
        .map(line -> line.path("args").path(0)).toList();
  }

  /** Waits for a line that satisfies {@code test}. */
  JsonNode await(Predicate<JsonNode> test) {
    return Awaitility.await().atMost(WAIT)
        .until(() -> lines.stream().filter(test).findFirst(), found -> found.isPresent()).orElseThrow();
  }

  @Override
  public void close() {
    try {
      command("close", null);
    } catch (UncheckedIOException e) {
      // already gone
    }
    try {
      if (!node.waitFor(5, TimeUnit.SECONDS)) {
        node.destroyForcibly();
      }
    } catch (InterruptedException e) {
      node.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
