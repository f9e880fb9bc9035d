package io.pushwire.examples.desktop;

import io.pushwire.examples.support.ExampleOptions;

import io.pushwire.client.PushClient;
import io.pushwire.client.TokenPlacement;
import io.pushwire.client.logs.LogGap;
import io.pushwire.client.logs.RunningLogListener;
import io.pushwire.client.reconnect.BackoffPolicy;
import io.pushwire.protocol.LogLine;
import io.pushwire.protocol.SubDownloadJobs;
import io.pushwire.protocol.TaskProgress;
import io.pushwire.protocol.TaskStatus;
import java.awt.GraphicsEnvironment;
import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.swing.SwingUtilities;

/**
 * desktop-tail: a Swing window that follows a Pushwire server, the quickstart's by default. Two
 * clients feed one {@link TailWindow}:
 *
 * <ul>
 *   <li>{@code /ws} (seed 000, token in the first message): the running log, followed with
 *       {@link PushClient#tailRunningLog} so a reconnect neither loses nor repeats a line, and the
 *       {@code sub_download_jobs} scan job the server pushes after {@code auth ok};</li>
 *   <li>{@code /ws/task} (seed 003, token in the query): {@code task:progress} and
 *       {@code task:status}.</li>
 * </ul>
 *
 * <p>Both run their callbacks on the Swing thread ({@code callbackExecutor(SwingUtilities::invokeLater)}),
 * so the window's methods are called on the thread that may touch components. Both reconnect by
 * themselves; the window shows each connection's state.
 *
 * <p>Run: {@code java -jar examples/desktop-tail/target/desktop-tail.jar [--host H] [--port P] [--token T]}.
 */
public final class DesktopTail {

  static final String LOG_PATH = "/ws";
  static final String TASK_PATH = "/ws/task";
  static final int EXIT_NO_DISPLAY = 1;
  static final int EXIT_USAGE = 2;
  /** A person is watching: retry soon, and never wait longer than this between attempts. */
  private static final BackoffPolicy RECONNECT = BackoffPolicy.exponential(Duration.ofMillis(500), Duration.ofSeconds(10));
  /**
   * Tyrus logs through java.util.logging at INFO; the terminal should show the READY line, not
   * that. Held here because java.util.logging keeps loggers only weakly.
   */
  private static final Logger CONTAINER_LOGS = Logger.getLogger("org.glassfish");

  private DesktopTail() {
  }

  public static void main(String[] args) throws InterruptedException, InvocationTargetException {
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.out.println(Options.USAGE);
      return;
    }
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("desktop-tail: " + e.getMessage());
      System.err.println(Options.USAGE);
      System.exit(EXIT_USAGE);
      return;
    }
    if (GraphicsEnvironment.isHeadless()) {
      System.err.println("desktop-tail: no display; set DISPLAY, or run it under xvfb-run");
      System.exit(EXIT_NO_DISPLAY);
      return;
    }
    CONTAINER_LOGS.setLevel(Level.WARNING);
    SwingUtilities.invokeAndWait(() -> open(options));
    System.out.println("READY window connected-to=" + options.uri(LOG_PATH) + " " + options.uri(TASK_PATH));
  }

  /** Builds both clients and the window, shows it and starts connecting. On the Swing thread. */
  static void open(Options options) {
    TailWindow window = new TailWindow(options.uri(LOG_PATH), options.uri(TASK_PATH));

    PushClient logs = PushClient.builder(options.uri(LOG_PATH))
        .token(options.token(), TokenPlacement.FIRST_MESSAGE)
        .reconnect(RECONNECT)
        .callbackExecutor(SwingUtilities::invokeLater)
        .build();
    logs.onStateChange(window::showLogConnection);
    logs.on(SubDownloadJobs.class, board -> window.showJobs(board.jobs()));
    logs.tailRunningLog(new RunningLogListener() {
      @Override
      public void onLines(List<LogLine> lines) {
        window.appendLines(lines);
      }

      @Override
      public void onGap(LogGap gap) {
        window.appendGap(gap);
      }
    });

    PushClient tasks = PushClient.builder(options.uri(TASK_PATH))
        .token(options.token(), TokenPlacement.QUERY_PARAMETER)
        .reconnect(RECONNECT)
        .callbackExecutor(SwingUtilities::invokeLater)
        .build();
    tasks.onStateChange(window::showTaskConnection);
    tasks.on(TaskProgress.class, window::showProgress);
    tasks.on(TaskStatus.class, window::showStatus);
    tasks.subscribe("task:progress", "task:status");   // remembered: replayed after every reconnect

    window.onClose(() -> {   // close() winds up in milliseconds and never waits for this thread
      logs.close();
      tasks.close();
    });
    window.show();
    logs.connect();          // failures show in the window's connection states; never join() here
    tasks.connect();
  }

  /**
   * The command line: the server to follow.
   *
   * @param host the server's address
   * @param port its port
   * @param token the token both endpoints accept
   */
  record Options(String host, int port, String token) {

    static final String USAGE = """
        usage: java -jar desktop-tail.jar [--host H] [--port P] [--token T]
          --host H   the server's address (default 127.0.0.1)
          --port P   its port (default 8025, the quickstart's)
          --token T  the token it accepts, as the server printed it (default: $PUSHWIRE_TOKEN)""";

    /**
     * Reads {@code args}.
     *
     * @throws IllegalArgumentException naming an unknown argument, a missing value, a bad port, or
     *     no token (neither {@code --token} nor {@code PUSHWIRE_TOKEN})
     */
    static Options parse(String[] args) {
      ExampleOptions parsed = ExampleOptions.parseForClient(args, 8025); // a real port, and the server's token
      return new Options(parsed.host(), parsed.port(), parsed.token());
    }

    /** The WebSocket URI of {@code path} on this server. */
    URI uri(String path) {
      return URI.create("ws://" + host + ":" + port + path);
    }

  }
}
