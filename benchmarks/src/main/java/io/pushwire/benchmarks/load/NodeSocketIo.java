package io.pushwire.benchmarks.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Node's socket.io server as a target: the script {@code socketio-server.js} (a resource of this
 * package) run with {@code node}, which answers the same commands as a {@link ServerProcess}.
 * The first run installs {@code socket.io} with npm into {@code node-socketio/} next to the
 * report (under {@code benchmarks/target/} by default; never committed); later runs reuse it.
 * Without node or npm on the PATH, or without the registry, the target is skipped with the
 * reason.
 */
final class NodeSocketIo {

  /** The socket.io release measured. */
  static final String SOCKET_IO_VERSION = "4.8.1";
  private static final String SCRIPT = "socketio-server.js";
  private static final long NPM_TIMEOUT_SECONDS = 300;

  private NodeSocketIo() {
  }

  /**
   * The command that starts the server, after making sure its folder has the script and
   * socket.io.
   *
   * @throws IOException with the reason when node, npm or the package cannot be had
   */
  static List<String> command(Path dir, HarnessOptions options, PrintStream progress) throws IOException {
    Path home = dir.resolve("node-socketio");
    Files.createDirectories(home);
    Path script = home.resolve(SCRIPT);
    try (InputStream in = NodeSocketIo.class.getResourceAsStream(SCRIPT)) {
      if (in == null) {
        throw new IOException(SCRIPT + " is missing from the class path");
      }
      Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
    }
    run(List.of("node", "--version"), home, 30, "node is not on the PATH");
    if (!Files.isRegularFile(home.resolve("node_modules/socket.io/package.json"))) {
      progress.println("  installing socket.io@" + SOCKET_IO_VERSION + " with npm into " + home);
      Files.writeString(home.resolve("package.json"), "{\"name\":\"pushwire-load-socketio\",\"private\":true}\n");
      run(List.of("npm", "install", "--no-audit", "--no-fund", "--loglevel=error", "socket.io@" + SOCKET_IO_VERSION),
          home, NPM_TIMEOUT_SECONDS, "npm could not install socket.io@" + SOCKET_IO_VERSION);
    }
    return List.of("node", "--expose-gc", script.toString(),
        "--payload-bytes", Integer.toString(options.payloadBytes()),
        "--max-seconds", Long.toString(options.maxSeconds()));
  }

  private static void run(List<String> command, Path dir, long timeoutSeconds, String failure) throws IOException {
    Path log = dir.resolve("npm.log");
    Process process;
    try {
      process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
    } catch (IOException e) {
      throw new IOException(failure + " (" + e.getMessage() + ")", e);
    }
    try {
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(failure + ": no answer within " + timeoutSeconds + " s");
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (process.exitValue() != 0) {
      throw new IOException(failure + ": exit code " + process.exitValue() + ", see " + log);
    }
  }
}
