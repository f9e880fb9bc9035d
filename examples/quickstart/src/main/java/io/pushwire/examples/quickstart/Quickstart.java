package io.pushwire.examples.quickstart;

import io.pushwire.protocol.GetTask;
import io.pushwire.protocol.Progress;
import io.pushwire.protocol.TaskProgress;
import io.pushwire.protocol.TaskState;
import io.pushwire.protocol.TaskStatus;
import io.pushwire.server.Dialect;
import io.pushwire.server.EndpointSpec;
import io.pushwire.server.Hub;
import io.pushwire.server.PushServer;
import io.pushwire.server.auth.AuthMode;
import io.pushwire.server.auth.TokenAuthenticator;
import io.pushwire.server.requests.RequestException;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The quickstart: one Pushwire server on one port with a live page. A simulated download task
 * reports its progress every half second on topic {@code task:progress}; the page at
 * {@code http://127.0.0.1:8025/} shows it through the browser's own WebSocket.
 *
 * <p>Run: {@code java -jar examples/quickstart/target/quickstart.jar [--host H] [--port P] [--token T]}.
 */
public final class Quickstart {

  private Quickstart() {
  }

  public static void main(String[] args) throws Exception {
    Running running = start(Options.parse(args));
    System.out.println("READY " + running.pageUrl() + " " + running.webSocketUrl() + " token=" + running.token());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      running.close();
      stopped.countDown();
    }));
    stopped.await();
  }

  /** A started quickstart; close it to stop. */
  record Running(PushServer server, Hub hub, ScheduledExecutorService ticker, String token) implements AutoCloseable {

    String pageUrl() {
      return "http://" + server.host() + ":" + server.port() + "/";
    }

    String webSocketUrl() {
      return "ws://" + server.host() + ":" + server.port() + "/ws/task";
    }

    @Override
    public void close() {
      ticker.shutdownNow();
      server.close();
      hub.close();
    }
  }

  static Running start(Options options) throws java.io.IOException {
    Hub hub = Hub.builder().authenticator(TokenAuthenticator.single(options.token(), "demo")).build();
    ConcurrentHashMap<String, TaskStatus> tasks = new ConcurrentHashMap<>();
    hub.onRequest(GetTask.class, (request, ctx) -> {
      TaskStatus status = tasks.get(request.taskId());
      if (status == null) {
        throw new RequestException(io.pushwire.protocol.ErrorCode.TASK_NOT_FOUND, "no task " + request.taskId());
      }
      ctx.reply(status);
    });
    PushServer server = PushServer.builder()
        .host(options.host())
        .port(options.port())
        .hub(hub)
        .endpoint(EndpointSpec.builder("/ws/task")
            .auth(AuthMode.QUERY_PARAMETER)
            .dialect(Dialect.SEED_003)
            .topicsQueryParameter(true)
            .build())
        .staticResources("/quickstart-web/")
        .build()
        .start();

    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "quickstart-task");
      t.setDaemon(true);
      return t;
    });
    int[] step = {0};
    ticker.scheduleAtFixedRate(() -> {
      int done = step[0]++ % 101;
      String taskId = "download-" + (step[0] / 101 + 1);
      tasks.put(taskId, new TaskStatus(taskId, done == 100 ? TaskState.COMPLETED : TaskState.RUNNING,
          Instant.now(), done == 100 ? Instant.now() : null, null));
      hub.publish("task:progress", new TaskProgress(taskId,
          new Progress(100, done, 0, "file-" + done + ".csv", done, "Downloading " + done + "/100")));
    }, 0, 500, TimeUnit.MILLISECONDS);

    return new Running(server, hub, ticker, options.token());
  }

  /** Command-line options; bad arguments print the usage and exit with 2. */
  record Options(String host, int port, String token) {

    static final String USAGE = "usage: java -jar quickstart.jar [--host H] [--port P] [--token T]";

    static Options parse(String[] args) {
      String host = "127.0.0.1";
      int port = 8025;
      String token = "demo-token";
      for (int i = 0; i < args.length; i++) {
        String value = i + 1 < args.length ? args[i + 1] : null;
        switch (args[i]) {
          case "--host" -> host = require(value);
          case "--port" -> port = parsePort(require(value));
          case "--token" -> token = require(value);
          default -> fail("unknown argument " + args[i]);
        }
        i++;
      }
      return new Options(host, port, token);
    }

    private static String require(String value) {
      if (value == null || value.startsWith("--")) {
        fail("missing value");
      }
      return value;
    }

    private static int parsePort(String value) {
      try {
        int port = Integer.parseInt(value);
        if (port >= 0 && port <= 65535) {
          return port;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      fail("bad port " + value);
      return -1;
    }

    private static void fail(String why) {
      System.err.println(why);
      System.err.println(USAGE);
      System.exit(2);
    }
  }
}
