package io.pushwire.client;

import io.pushwire.client.reconnect.BackoffPolicy;
import io.pushwire.server.EndpointSpec;
import io.pushwire.server.auth.AuthMode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;

/**
 * Shared set-up for tests against a real server: fast heartbeats and backoff, and everything a
 * test opens closed after it, newest first.
 */
abstract class ClientTestSupport {

  static {
    Awaitility.setDefaultPollInterval(Duration.ofMillis(10));
    // Generous: the machine may be busy; a passing condition returns as soon as it holds.
    Awaitility.setDefaultTimeout(Duration.ofSeconds(20));
  }

  /** The default test endpoint: first-message auth, seed 003 frames. */
  static final EndpointSpec FIRST_MESSAGE_ENDPOINT = EndpointSpec.builder("/ws").auth(AuthMode.FIRST_MESSAGE)
      .dialect(io.pushwire.server.Dialect.ENVELOPE_MILLIS).build();

  private final Deque<AutoCloseable> opened = new ArrayDeque<>();

  /** The close code of a state change caused by a close frame (or 1006), or -1. */
  static int closeCode(StateChange change) {
    return change.cause().orElse(null) instanceof io.pushwire.client.reconnect.Disconnect.Closed closed
        ? closed.code() : -1;
  }

  /** A {@code CLOSED} change caused by close code {@code code}. */
  static java.util.function.Predicate<StateChange> closedWith(int code) {
    return change -> change.state() == ConnectionState.CLOSED && closeCode(change) == code;
  }

  /** Closes {@code closeable} after the test. */
  <T extends AutoCloseable> T track(T closeable) {
    opened.push(closeable);
    return closeable;
  }

  TestServer server() {
    return track(TestServer.start(FIRST_MESSAGE_ENDPOINT));
  }

  /** A client builder with the test token and settings small enough for fast tests. */
  static PushClient.Builder fastClient(URI uri) {
    return PushClient.builder(uri)
        .token(TestServer.TOKEN, TokenPlacement.FIRST_MESSAGE)
        .connectTimeout(Duration.ofSeconds(5))
        .requestTimeout(Duration.ofSeconds(5))
        // Pings often enough to matter in a test, with a timeout that a loaded machine cannot miss.
        .heartbeat(Duration.ofMillis(200), Duration.ofSeconds(10))
        .reconnect(BackoffPolicy.exponential(Duration.ofMillis(20), Duration.ofMillis(100)));
  }

  /** Builds {@code builder}, tracks the client, and connects it. */
  PushClient connected(PushClient.Builder builder) {
    PushClient client = track(builder.build());
    client.connect().orTimeout(20, java.util.concurrent.TimeUnit.SECONDS).join();
    return client;
  }

  @AfterEach
  void closeEverything() throws Exception {
    while (!opened.isEmpty()) {
      opened.pop().close();
    }
  }
}
