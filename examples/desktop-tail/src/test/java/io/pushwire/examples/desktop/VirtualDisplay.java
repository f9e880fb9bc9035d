package io.pushwire.examples.desktop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A virtual X display: Debian's {@code Xvfb} on a display number it picks itself
 * ({@code -displayfd}), so tests running at once never collide. {@link #close()} kills it.
 * Starting fails, rather than skipping the test, when Xvfb is not installed.
 */
final class VirtualDisplay implements AutoCloseable {

  private static final long START_TIMEOUT_SECONDS = 15;

  private final Process xvfb;
  private final String name;

  private VirtualDisplay(Process xvfb, String name) {
    this.xvfb = xvfb;
    this.name = name;
  }

  /** Starts a 1280x800 display with 24-bit colour; its errors go to {@code errors}. */
  static VirtualDisplay start(Path errors) throws IOException, InterruptedException {
    Process xvfb;
    try {
      // -displayfd 1: Xvfb picks a free display and writes its number to stdout once it accepts clients.
      xvfb = new ProcessBuilder("Xvfb", "-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp")
          .redirectError(errors.toFile())
          .start();
    } catch (IOException e) {
      throw new IllegalStateException("this test needs Xvfb: apt-get install -y --no-install-recommends xvfb", e);
    }
    BufferedReader out = new BufferedReader(new InputStreamReader(xvfb.getInputStream(), StandardCharsets.US_ASCII));
    String number;
    try {
      number = CompletableFuture.supplyAsync(() -> {
        try {
          return out.readLine();
        } catch (IOException e) {
          return null;
        }
      }).get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      kill(xvfb);
      throw new IllegalStateException("Xvfb reported no display within " + START_TIMEOUT_SECONDS + " s; see " + errors, e);
    }
    if (number == null || !number.strip().matches("\\d+")) {
      kill(xvfb);
      throw new IllegalStateException("Xvfb did not start (exit " + xvfb.exitValue() + "); see " + errors);
    }
    return new VirtualDisplay(xvfb, ":" + number.strip());
  }

  /** The value for {@code DISPLAY}, e.g. {@code :1}. */
  String name() {
    return name;
  }

  @Override
  public void close() throws InterruptedException {
    kill(xvfb);
  }

  private static void kill(Process process) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }
}
