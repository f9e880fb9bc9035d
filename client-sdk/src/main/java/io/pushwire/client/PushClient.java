package io.pushwire.client;

import io.pushwire.client.logs.LogTail;
import io.pushwire.client.logs.LogTailer;
import io.pushwire.client.logs.RunningLogListener;
import io.pushwire.client.reconnect.BackoffPolicy;
import io.pushwire.client.tasks.TaskStyle;
import io.pushwire.client.tasks.TaskWatch;
import io.pushwire.client.tasks.TaskWatchListener;
import io.pushwire.client.tasks.TaskWatcher;
import io.pushwire.client.transport.Transport;
import io.pushwire.client.transport.TyrusTransport;
import io.pushwire.protocol.ClientMessage;
import io.pushwire.protocol.ServerMessage;
import io.pushwire.protocol.Presence;
import io.pushwire.protocol.PresenceResult;
import io.pushwire.protocol.Subscribe;
import io.pushwire.protocol.codec.PushwireCodec;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * A Pushwire client: one logical connection to a Pushwire endpoint that survives network loss
 * and server restarts.
 *
 * <pre>{@code
 * PushClient client = PushClient.builder(URI.create("ws://127.0.0.1:8025/ws"))
 *     .token("s3cret", TokenPlacement.FIRST_MESSAGE)
 *     .build();
 * client.on(TaskProgress.class, progress -> log.info("{}", progress));
 * client.subscribe("task:progress");
 * client.connect().join();
 * TaskStatus status = client.request(new GetTask("t1"), TaskStatus.class).join();
 * client.close();
 * }</pre>
 *
 * <ul>
 *   <li>Reconnects by itself with exponential backoff and full jitter; the close-code table
 *       decides whether to ({@link io.pushwire.client.reconnect.ReconnectDecision}).</li>
 *   <li>Pings every heartbeat interval and drops a connection that stays silent past the timeout.</li>
 *   <li>Remembers subscriptions and replays them on every new connection.</li>
 *   <li>Delivers messages to typed listeners and frames it cannot decode to a catch-all, never
 *       as an exception on a network thread.</li>
 *   <li>Completes every future exactly once: with the reply, or with a
 *       {@link PushClientException} (error reply, timeout, lost connection, closed client).</li>
 * </ul>
 *
 * <p>Threads: every listener call and every future completion runs on the callback executor
 * (by default one thread of the client's own, so callbacks arrive one at a time, in order). Never
 * block a callback waiting for one of this client's futures: with the default executor that
 * future is completed by the very thread that waits. All methods are thread-safe and return
 * without blocking, except {@link #close()}.
 */
public final class PushClient implements AutoCloseable {

  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final ConnectionLoop loop;
  private final Listeners listeners = new Listeners();
  private final TaskWatcher tasks;
  private final LogTailer logs;

  private PushClient(ClientConfig config, TaskStyle taskStyle) {
    this.loop = new ConnectionLoop(config, "pushwire-client-" + INSTANCES.incrementAndGet(), listeners);
    this.tasks = new TaskWatcher(this, taskStyle);
    this.logs = new LogTailer(this);
  }

  /** Starts a configuration for the endpoint at {@code uri} ({@code ws://} or {@code wss://}). */
  public static Builder builder(URI uri) {
    return new Builder(uri);
  }

  /** Starts a configuration for the endpoint at {@code uri}. */
  public static Builder builder(String uri) {
    return new Builder(URI.create(uri));
  }

  /**
   * Starts connecting, if not already under way. The future completes when the connection is
   * first open (authenticated, subscriptions sent), and fails with
   * {@link AuthenticationFailedException} if the credentials are refused, or with
   * {@link DisconnectedException} if the client gives up (a terminal close code, the attempt
   * limit) or is closed first. While attempts fail and the policy allows more, it stays pending.
   * After the client gave up, calling it again starts over.
   */
  public CompletableFuture<Void> connect() {
    return loop.connect();
  }

  /** The connection's current state. */
  public ConnectionState state() {
    return loop.state();
  }

  /** Whether {@link #close()} was called. A closed client never connects again. */
  public boolean isClosed() {
    return loop.isClosed();
  }

  /** The open connection, or empty while none is (see {@link #onOpen}). */
  public Optional<Connection> connection() {
    return Optional.ofNullable(loop.connection());
  }

  /**
   * Registers {@code listener} for messages of {@code type} and its subtypes
   * ({@code on(ServerMessage.class, ..)} sees every message that is not a reply to a request).
   * Registrations outlive reconnects: a listener is never registered twice by the client.
   */
  public <T extends ServerMessage> Registration on(Class<T> type, MessageListener<? super T> listener) {
    return listeners.onMessage(type, listener);
  }

  /** Registers a catch-all for frames the codec cannot decode (unknown types, malformed bodies). */
  public Registration onUnknown(MessageListener<UnknownFrame> listener) {
    return listeners.onUnknown(listener);
  }

  /** Registers a listener for every {@link StateChange}. */
  public Registration onStateChange(StateListener listener) {
    return listeners.onStateChange(listener);
  }

  /**
   * Registers a listener told about each connection once it is open, after its subscriptions were
   * replayed. It receives that {@link Connection}, on which it can send frames that must go on
   * that connection and no other. Hook a feature in here when it must send something on every new
   * connection. The running-log tail asks to resume there. Registering while a connection is open
   * does not call the listener for it: use {@link #connection()}.
   */
  public Registration onOpen(OpenListener listener) {
    return listeners.onOpen(listener);
  }

  /**
   * Registers a listener told, on the callback executor, each time the server could not resume a
   * topic completely after a reconnect ({@code recovered: false}): publications were missed, and
   * the application should reload that topic's state. Live delivery continues from the position
   * in the event. See {@link Builder#recovery(boolean)}.
   */
  public Registration onRecovery(RecoveryListener listener) {
    return listeners.onRecovery(listener);
  }

  /**
   * Takes the pushed messages of {@code type} (and its subtypes) away from the {@link #on}
   * listeners until the registration is cancelled. Each goes to {@code handler} instead, with the
   * id of its frame and the connection it came on ({@link Received}). Replies to this client's
   * requests are not pushed messages: they complete their futures as always. {@code handler} runs
   * on the callback executor, as listeners do.
   *
   * <p>This is for a feature that owns a stream of messages and answers each one where it came
   * from. The running-log tail claims {@code running_log}: it keeps batches of a request it
   * replaced apart from the current ones by their id, and acknowledges each batch on its own
   * connection ({@link Connection#send}). {@code on} listeners, which cannot tell connections
   * apart, must not see the batches, and must not acknowledge them a second time.
   *
   * @throws IllegalStateException if a claim on {@code type}, a subtype or a supertype is
   *     registered already: one owner per stream
   */
  public <T extends ServerMessage> Registration claim(Class<T> type, MessageListener<? super Received<T>> handler) {
    return listeners.claim(type, handler);
  }

  /**
   * Sends {@code message} without waiting for a reply. The future completes when the frame was
   * written. Not connected: with an outbox the message waits there (and fails with
   * {@link OutboxFullException} if it is full); without one it fails at once with
   * {@link DisconnectedException}.
   */
  public CompletableFuture<Void> send(ClientMessage message) {
    return loop.send(Objects.requireNonNull(message, "message"));
  }

  /** {@link #request(ClientMessage, Class)} for any reply type. */
  public CompletableFuture<ServerMessage> request(ClientMessage message) {
    return request(message, ServerMessage.class);
  }

  /**
   * Sends {@code message} with a new {@code id} and completes with the server's reply carrying
   * that id. Fails with {@link RequestFailedException} on an {@code error} reply,
   * {@link UnexpectedReplyException} on a reply of another type, {@link RequestTimeoutException}
   * after the request timeout (counted from this call), {@link DisconnectedException} when the
   * connection is lost before the reply (the request is not resent: the server may have acted on
   * it), and {@link TooManyPendingRequestsException} at once past the pending-request limit. Not
   * connected: as {@link #send}.
   */
  public <R extends ServerMessage> CompletableFuture<R> request(ClientMessage message, Class<R> replyType) {
    return loop.request(Objects.requireNonNull(message, "message"), Objects.requireNonNull(replyType, "replyType"));
  }

  /**
   * Asks the server who is subscribed to {@code topic}: connections, distinct users, and up to
   * the server's bound of them with their user, client id and the info the application attaches.
   * Fails with a {@link RequestFailedException} carrying {@code UNAUTHORIZED} where the server's
   * topic authorizer does not allow this client to see the topic's presence.
   */
  public CompletableFuture<PresenceResult> presence(String topic) {
    return request(new Presence(Objects.requireNonNull(topic, "topic")), PresenceResult.class);
  }

  /** Subscribes to {@code topics} (seed 003's {@code topics} field); see {@link #subscribe(Subscribe)}. */
  public CompletableFuture<Void> subscribe(String... topics) {
    return subscribe(Subscribe.topics(List.of(topics)));
  }

  /**
   * Subscribes, and remembers the subscription so that every later connection replays it. The
   * future completes when the server acknowledges it; fails with {@link RequestFailedException}
   * when the server refuses it ({@code TOPIC_NOT_FOUND}, {@code FORBIDDEN},
   * {@code SUBSCRIPTION_LIMIT_EXCEEDED}; the subscription is then forgotten) or with
   * {@link RequestTimeoutException}. Called while disconnected, it is sent once connected; a
   * replay the server refuses later is forgotten and its {@code error} goes to the
   * {@code ErrorMessage} listeners.
   */
  public CompletableFuture<Void> subscribe(Subscribe subscribe) {
    return loop.subscribe(Objects.requireNonNull(subscribe, "subscribe"));
  }

  /**
   * Subscribes to seed 001's {@code events} (wildcards such as {@code alert.*} allowed) with
   * {@code filters} (field name to accepted values, e.g. {@code {"level":["critical"]}}: a message
   * passes when every named field has one of the listed values). As {@link #subscribe(Subscribe)}.
   */
  public CompletableFuture<Void> subscribe(List<String> events, Map<String, List<String>> filters) {
    return subscribe(Subscribe.events(Objects.requireNonNull(events, "events"),
        filters == null || filters.isEmpty() ? null : filters));
  }

  /**
   * Forgets subscriptions to {@code names} and, when connected, tells the server; completes on
   * its acknowledgement (at once when disconnected).
   */
  public CompletableFuture<Void> unsubscribe(String... names) {
    return loop.unsubscribe(List.of(names));
  }

  /** The topic and event names the client remembers and replays. */
  public Set<String> subscriptions() {
    return loop.subscribedNames();
  }

  /**
   * Follows the server's running log (seed 000's {@code get_running_log}, {@code docs/logs.md}):
   * asks for it as soon as a connection is open, and again on every new connection from the last
   * offset and epoch received, so {@code listener} gets every line exactly once, in order, across
   * reconnects, or an explicit {@link io.pushwire.client.logs.LogGap} (lines that left the
   * server's retention, a new run, a restarted server) before the lines after it. Each batch is
   * acknowledged once the listener has returned, so a slow listener slows the stream instead of
   * filling memory. While a tail is open, {@code running_log} frames go to it and not to
   * {@link #on} listeners. May be called before {@link #connect()}. See {@link LogTailer#tail},
   * which this calls on the client's own tailer.
   *
   * @throws IllegalStateException if a tail is already open on this client (the server serves one
   *     log stream per connection), or the client is closed
   */
  public LogTail tailRunningLog(RunningLogListener listener) {
    return logs.tail(listener);
  }

  /**
   * Watches the tasks {@code taskIds} in the client's {@linkplain Builder#taskStyle task style}
   * until each reaches a terminal state, the server refuses it, or the watch is closed. The current
   * state of each task arrives at once (once connected) and again after every reconnect. See
   * {@link TaskWatcher#watch}.
   */
  public TaskWatch watchTasks(Collection<String> taskIds, TaskWatchListener listener) {
    return tasks.watch(taskIds, listener);
  }

  /**
   * Watches every task the endpoint lets this client see (seed 003's topics, seed 004's user
   * room). See {@link TaskWatcher#watchAll}.
   *
   * @throws UnsupportedOperationException in {@link TaskStyle#TASK_STATUS_UPDATE}
   */
  public TaskWatch watchAllTasks(TaskWatchListener listener) {
    return tasks.watchAll(listener);
  }

  /** The client's task watcher, in its {@linkplain Builder#taskStyle task style}. */
  public TaskWatcher tasks() {
    return tasks;
  }

  /**
   * Closes the connection (code 1000) and stops for good: no reconnect follows, every pending
   * future fails with {@link DisconnectedException}, listeners get a final {@code CLOSED}, and the
   * client's threads end. Returns once the client's state has been wound up (at most 10 s); a
   * connection attempt still under way is abandoned and its thread ends within the connect
   * timeout. Idempotent.
   */
  @Override
  public void close() {
    loop.close();
  }

  /**
   * Configures a {@link PushClient}. Every setting has a default; only the URI is required. Not
   * thread-safe; build once.
   */
  public static final class Builder {
    private final URI uri;
    private TokenPlacement placement;
    private Supplier<String> token;
    private String clientId;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(5);
    private Duration heartbeatInterval = Duration.ofSeconds(30);
    private Duration heartbeatTimeout = Duration.ofSeconds(60);
    private BackoffPolicy backoff = BackoffPolicy.defaults();
    private Executor callbackExecutor;
    private int outboxCapacity;
    private int maxPendingRequests = 1_024;
    private PushwireCodec codec = PushwireCodec.create();
    /** Null: Tyrus, with {@link #sslContext}. */
    private Function<String, Transport> transports;
    private SSLContext sslContext;
    private TaskStyle taskStyle = TaskStyle.TASK_TOPICS;
    private boolean recovery = true;

    private Builder(URI uri) {
      Objects.requireNonNull(uri, "uri");
      if (!"ws".equalsIgnoreCase(uri.getScheme()) && !"wss".equalsIgnoreCase(uri.getScheme())) {
        throw new IllegalArgumentException("a Pushwire URI starts with ws:// or wss://, got " + uri);
      }
      if (uri.getFragment() != null) {
        throw new IllegalArgumentException("a WebSocket URI has no fragment: " + uri);
      }
      this.uri = uri;
    }

    /** The token, and where it goes (default: no token). */
    public Builder token(String token, TokenPlacement placement) {
      Objects.requireNonNull(token, "token");
      return token(() -> token, placement);
    }

    /**
     * A token asked for on every connection attempt (a refreshed JWT, say), and where it goes.
     * Called on the client's loop thread: return quickly.
     */
    public Builder token(Supplier<String> token, TokenPlacement placement) {
      this.token = Objects.requireNonNull(token, "token");
      this.placement = Objects.requireNonNull(placement, "placement");
      return this;
    }

    /**
     * The client id to declare: {@code X-Client-ID} with a bearer token, the {@code client_id}
     * query parameter otherwise (default: none; the server then uses the user id).
     */
    public Builder clientId(String clientId) {
      this.clientId = Objects.requireNonNull(clientId, "clientId");
      return this;
    }

    /** Adds a handshake header (repeat for several values). */
    public Builder header(String name, String value) {
      headers.computeIfAbsent(Objects.requireNonNull(name, "name"), n -> new ArrayList<>())
          .add(Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * The longest a connection attempt may take: TCP connect plus handshake, and then again the
     * wait for the first-message auth reply (default 10 s). A failed attempt counts like a
     * dropped connection: back off, try again.
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive("connectTimeout", timeout);
      return this;
    }

    /** The longest a request or subscribe waits for its reply (default 5 s). */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = positive("requestTimeout", timeout);
      return this;
    }

    /**
     * Sends a {@code ping} every {@code interval}; when nothing (pong or other frame) arrives for
     * longer than {@code timeout}, the connection is presumed dead, closed, and replaced
     * (default 30 s and 60 s, as seed 003).
     *
     * @throws IllegalArgumentException unless {@code timeout} is longer than {@code interval}
     */
    public Builder heartbeat(Duration interval, Duration timeout) {
      positive("heartbeat interval", interval);
      positive("heartbeat timeout", timeout);
      if (timeout.compareTo(interval) <= 0) {
        throw new IllegalArgumentException(
            "heartbeat timeout " + timeout + " must be longer than the interval " + interval);
      }
      this.heartbeatInterval = interval;
      this.heartbeatTimeout = timeout;
      return this;
    }

    /** No pings and no silence check (the server's own pings and idle timeout still apply). */
    public Builder heartbeatDisabled() {
      this.heartbeatInterval = Duration.ZERO;
      this.heartbeatTimeout = Duration.ZERO;
      return this;
    }

    /** The reconnect policy (default {@link BackoffPolicy#defaults()}: 500 ms to 30 s, unlimited). */
    public Builder reconnect(BackoffPolicy policy) {
      this.backoff = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Where listener calls and future completions run (default: one thread of the client's own,
     * so they run in order). A Swing application passes {@code SwingUtilities::invokeLater}. An
     * executor with several threads gives up the ordering.
     */
    public Builder callbackExecutor(Executor executor) {
      this.callbackExecutor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Lets up to {@code capacity} messages sent while disconnected wait for the next connection
     * (default 0: off, and such sends fail at once). When full, the newest is refused with
     * {@link OutboxFullException}.
     */
    public Builder outbox(int capacity) {
      if (capacity < 0) {
        throw new IllegalArgumentException("outbox capacity must be >= 0, got " + capacity);
      }
      this.outboxCapacity = capacity;
      return this;
    }

    /**
     * How many requests may wait for replies at once (default 1,024); one more fails at once with
     * {@link TooManyPendingRequestsException}.
     */
    public Builder maxPendingRequests(int limit) {
      if (limit < 1) {
        throw new IllegalArgumentException("maxPendingRequests must be >= 1, got " + limit);
      }
      this.maxPendingRequests = limit;
      return this;
    }

    /** The codec, for application message types registered with it (default {@link PushwireCodec#create()}). */
    public Builder codec(PushwireCodec codec) {
      this.codec = Objects.requireNonNull(codec, "codec");
      return this;
    }

    /**
     * Which document's task frames the endpoint speaks, for {@link PushClient#watchTasks}
     * (default {@link TaskStyle#TASK_TOPICS}). Match the endpoint's {@code TaskVocabulary}.
     */
    public Builder taskStyle(TaskStyle style) {
      this.taskStyle = Objects.requireNonNull(style, "style");
      return this;
    }

    /**
     * Whether subscriptions to exact topics resume where they left off (default: on). When on,
     * every {@code subscribe} asks for stream positions ({@code "positions":true}); the client
     * remembers the last position seen per topic, and after a reconnect resubscribes with
     * {@code since}, so the server replays what was missed. A topic that cannot be recovered
     * completely is reported to {@link PushClient#onRecovery} listeners. Turn it off for a server
     * that is not Pushwire and rejects fields it does not know.
     */
    public Builder recovery(boolean resume) {
      this.recovery = resume;
      return this;
    }

    /**
     * The TLS context for a {@code wss://} URI (default: the JVM's, which trusts the public
     * certificate authorities). Give one that trusts your own CA or a self-signed server
     * certificate. Only TLS 1.3 and 1.2 are negotiated, and the server's certificate must name
     * the URI's host.
     *
     * @throws IllegalArgumentException if the URI is not {@code wss://}
     */
    public Builder sslContext(SSLContext context) {
      Objects.requireNonNull(context, "context");
      if (!"wss".equalsIgnoreCase(uri.getScheme())) {
        throw new IllegalArgumentException("an SSLContext needs a wss:// URI, got " + uri.getScheme() + "://");
      }
      this.sslContext = context;
      return this;
    }

    /** For testing: the transport to use instead of Tyrus. */
    Builder transport(Function<String, Transport> transports) {
      this.transports = Objects.requireNonNull(transports, "transports");
      return this;
    }

    /** Builds the client. It does not connect until {@link PushClient#connect()}. */
    public PushClient build() {
      Map<String, List<String>> copied = new LinkedHashMap<>();
      headers.forEach((name, values) -> copied.put(name, List.copyOf(values)));
      return new PushClient(new ClientConfig(uri, placement, token, clientId, Map.copyOf(copied), connectTimeout,
          requestTimeout, heartbeatInterval, heartbeatTimeout, backoff, callbackExecutor, outboxCapacity,
          maxPendingRequests, codec, transports != null ? transports : tyrus(sslContext), recovery), taskStyle);
    }

    private static Function<String, Transport> tyrus(SSLContext tls) {
      return name -> new TyrusTransport(name, tls);
    }

    private static Duration positive(String what, Duration value) {
      Objects.requireNonNull(value, what);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(what + " must be positive, got " + value);
      }
      return value;
    }
  }
}
