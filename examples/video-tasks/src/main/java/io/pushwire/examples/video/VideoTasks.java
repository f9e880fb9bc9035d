package io.pushwire.examples.video;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.pushwire.examples.support.ExampleOptions;
import io.pushwire.examples.support.ExampleRunner;
import io.pushwire.examples.support.RunningExample;
import io.pushwire.server.Dialect;
import io.pushwire.server.EndpointSpec;
import io.pushwire.server.Hub;
import io.pushwire.server.PushServer;
import io.pushwire.server.auth.AuthMode;
import io.pushwire.server.auth.TokenAuthenticator;
import io.pushwire.server.tasks.HttpStatusSource;
import io.pushwire.server.tasks.NewTask;
import io.pushwire.server.tasks.Task;
import io.pushwire.server.tasks.TaskFeature;
import io.pushwire.server.tasks.TaskIds;
import io.pushwire.server.tasks.TaskRegistry;
import io.pushwire.server.tasks.TaskResult;
import io.pushwire.server.tasks.TaskVocabulary;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Seed 004, video generation tasks, on {@code ws://127.0.0.1:3001/ws}: a client authenticates
 * with its first message ({@code {"type":"auth","payload":{"token":...}}}), is put in its user's
 * room and hears of every change of its videos as {@code taskUpdated}; it may also ask
 * ({@code requestTaskStatus}, {@code requestMultipleTaskStatus}) or watch anyone's video
 * ({@code subscribe_task}). Seed 004's own front end, a {@code socket.io-client} that connects to
 * {@code /socket.io/} (Socket.IO's default) or {@code /ws/} and emits {@code auth}, gets the same
 * as events. The same videos are served to seed 002's Socket.IO client at
 * {@code /video-generation_status} ({@code subscribeTasks} with a callback, {@code taskStatusUpdate}).
 *
 * <p>The videos are "generated" by a third-party API, as in the seed. Here that API is a stub
 * in this process, on its own free port: {@code GET /sora/v1/videos/{id}} with the API key in
 * {@code Authorization} answers {@code {"status":"processing","progress":40}}, later
 * {@code completed} with a {@code video_url}, or {@code failed}. Pushwire's
 * {@link HttpStatusSource} asks it whenever a client requests a status, and the application
 * refreshes its live videos every {@code poll} so that watchers see progress unasked.
 */
public final class VideoTasks {

  static final int DEFAULT_PORT = 3001;
  static final String PATH = "/ws";
  /**
   * Seed 004's own front end, {@code socket.io-client} with Socket.IO's default path: the same
   * endpoint as {@link #PATH} (which serves Socket.IO clients too, at {@code /ws/}).
   */
  static final String SOCKET_IO_PATH = "/socket.io";
  /**
   * The same videos for seed 002's Socket.IO client ({@code subscribeTasks}, {@code taskStatusUpdate}),
   * which sends the token as its {@code auth} option, as the seed's own advice (§8) suggests.
   */
  static final String STATUS_UPDATE_PATH = "/video-generation_status";
  /** The user every token-holder is: the tasks belong to this user's room. */
  static final String USER = "demo-user";
  /** The key the stub API wants in {@code Authorization}, as the seed's API does. */
  private static final String STUB_API_KEY = "sk-stub-key";
  private static final int LIVE_VIDEOS = 2;

  /** How long a stub video takes to generate, and how often live videos are refreshed. */
  record Pace(Duration generation, Duration poll) {
    static final Pace LIVE = new Pace(Duration.ofSeconds(20), Duration.ofSeconds(2));
  }

  private VideoTasks() {
  }

  public static void main(String[] args) {
    ExampleRunner.run("video-tasks", DEFAULT_PORT, args, options -> start(options, Pace.LIVE));
  }

  /** Starts the stub video API, the server and the video submitter. */
  static Running start(ExampleOptions options, Pace pace) throws IOException {
    StubVideoApi api = StubVideoApi.start(pace.generation());
    Hub hub = Hub.builder().authenticator(TokenAuthenticator.single(options.token(), USER)).build();
    TaskRegistry videos = TaskRegistry.builder()
        .maxTasks(500)
        .statusSource(HttpStatusSource.builder(api.url() + "/sora/v1/videos/{externalId}")
            .header("Authorization", STUB_API_KEY)     // the seed sends the bare key
            .requestTimeout(Duration.ofSeconds(10))
            .build())                                  // defaults read status, progress, video_url, error
        .build();
    TaskFeature feature = TaskFeature.builder(hub, videos)
        .endpoint(PATH, TaskVocabulary.TASK_UPDATED)
        .endpoint(SOCKET_IO_PATH, TaskVocabulary.TASK_UPDATED)
        .endpoint(STATUS_UPDATE_PATH, TaskVocabulary.TASK_STATUS_UPDATE)
        .install();
    ScheduledExecutorService submitter = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "video-tasks-submitter");
      t.setDaemon(true);
      return t;
    });
    PushServer server;
    try {
      EndpointSpec videoEndpoint = EndpointSpec.builder(PATH).auth(AuthMode.FIRST_MESSAGE).dialect(Dialect.PAYLOAD_MILLIS)
          .socketIo(true).build();
      server = PushServer.builder().host(options.host()).port(options.port()).hub(hub)
          .endpoint(videoEndpoint)
          .endpoint(videoEndpoint.toBuilder(SOCKET_IO_PATH).build())
          .endpoint(EndpointSpec.builder(STATUS_UPDATE_PATH).auth(AuthMode.FIRST_MESSAGE).dialect(Dialect.FLAT)
              .socketIo(true).build())
          .build()
          .start();
    } catch (IOException | RuntimeException e) {
      submitter.shutdownNow();
      feature.close();
      hub.close();
      api.close();
      throw e;
    }
    AtomicInteger submitted = new AtomicInteger();
    TaskIds videoIds = TaskIds.withPrefix("video_");
    submitter.scheduleAtFixedRate(() -> {
      List<Task> live = videos.list().stream().filter(t -> !t.isTerminal()).toList();
      live.forEach(t -> videos.refresh(t.id()));   // asks the API; a change reaches the user's room
      if (live.size() < LIVE_VIDEOS) {
        int n = submitted.incrementAndGet();
        String id = videoIds.next(); // not reused after a restart
        String externalId = api.submit();
        videos.create(NewTask.of(id).ownedBy(USER).withExternalId(externalId).withResult(card(id, n)));
        videos.start(id);
      }
    }, 0, pace.poll().toMillis(), TimeUnit.MILLISECONDS);
    return new Running(server, hub, feature, submitter, api);
  }

  /**
   * What a video card knows before the video exists: its title, the prompt as its description, and
   * its thumbnail. The video URL fills in the rest when the API reports it, and the card keeps
   * these fields (see {@link TaskResult#updatedWith}).
   */
  static TaskResult card(String id, int n) {
    return TaskResult.card("Demo video " + n, "A generated clip for the Pushwire video-tasks example",
        "https://cdn.example.com/thumbnails/" + id + ".jpg");
  }

  /** The started example. */
  record Running(PushServer server, Hub hub, TaskFeature feature, ScheduledExecutorService submitter,
      StubVideoApi api) implements RunningExample {

    String webSocketUrl() {
      return "ws://" + server.host() + ":" + server.port() + PATH;
    }

    /** Where seed 002's {@code io(url, {path: '/video-generation_status', ...})} and seed 004's {@code io(url, ...)} connect. */
    String socketIoUrl() {
      return "http://" + server.host() + ":" + server.port();
    }

    @Override
    public List<String> urls() {
      return List.of(webSocketUrl(), socketIoUrl() + STATUS_UPDATE_PATH, api.url() + "/sora/v1/videos/");
    }

    @Override
    public void close() {
      submitter.shutdownNow();
      feature.close();
      server.close();
      hub.close();
      api.close();
    }
  }

  /**
   * A stand-in for the third-party video API: each submitted video "generates" for
   * {@code generation}, then is completed, or (every fifth one) failed. Answers only requests that
   * carry the API key. The JDK's HTTP server runs it on one thread; {@link #submittedAt} is
   * concurrent because the submitter thread adds to it.
   */
  static final class StubVideoApi implements AutoCloseable {
    private final HttpServer http;
    private final Duration generation;
    /** When each external video id was submitted. */
    private final Map<String, Long> submittedAt = new ConcurrentHashMap<>();

    private StubVideoApi(HttpServer http, Duration generation) {
      this.http = http;
      this.generation = generation;
    }

    static StubVideoApi start(Duration generation) throws IOException {
      HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
      StubVideoApi api = new StubVideoApi(http, generation);
      http.createContext("/sora/v1/videos/", api::answer);
      http.start();
      return api;
    }

    String url() {
      return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    /** Accepts a new video and returns its external id. */
    String submit() {
      String id = "ext_" + Long.toString(System.nanoTime(), 36);
      submittedAt.put(id, System.nanoTime());
      return id;
    }

    private void answer(HttpExchange exchange) throws IOException {
      String id = exchange.getRequestURI().getPath().substring("/sora/v1/videos/".length());
      Long since = submittedAt.get(id);
      int code;
      String body;
      if (!STUB_API_KEY.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        code = 401;
        body = "{\"error\":\"invalid api key\"}";
      } else if (since == null) {
        code = 404;
        body = "{\"error\":\"no such video\"}";
      } else {
        code = 200;
        long percent = Math.min(100, (System.nanoTime() - since) * 100 / generation.toNanos());
        boolean unlucky = Math.floorMod(id.hashCode(), 5) == 0;
        body = percent < 100 ? "{\"status\":\"processing\",\"progress\":" + percent + "}"
            : unlucky ? "{\"status\":\"failed\",\"error\":\"content policy violation\"}"
            : "{\"status\":\"completed\",\"progress\":100,\"video_url\":\"https://cdn.example.com/videos/" + id + ".mp4\"}";
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(code, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    }

    @Override
    public void close() {
      http.stop(0);
    }
  }
}
