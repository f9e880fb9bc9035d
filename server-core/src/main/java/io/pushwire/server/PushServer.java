package io.pushwire.server;

import io.pushwire.protocol.CloseCode;
import io.pushwire.server.transport.EngineConfig;
import io.pushwire.server.transport.RunningEngine;
import io.pushwire.server.transport.ServerEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A standalone Pushwire server on an engine ({@link Builder#engine}): Tyrus on a Grizzly listener
 * (the stock Tyrus Grizzly container binds 0.0.0.0 whatever it is told, so Pushwire builds the
 * listener itself), or Netty with {@code pushwire-server-netty}; either binds exactly the host it is
 * given. Serves several endpoints, a health check ({@code GET /health}: 200 while
 * the hub accepts connections, 503 while it shuts down), and optionally static files, on one port.
 *
 * <pre>{@code
 * try (PushServer server = PushServer.builder()
 *         .port(8025)
 *         .hub(hub)
 *         .endpoint(EndpointSpec.builder("/ws").build())
 *         .build()
 *         .start()) {
 *   System.out.println("listening on " + server.port());
 * }
 * }</pre>
 */
public final class PushServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PushServer.class);

  private final String host;
  private final int requestedPort;
  private final Hub hub;
  private final boolean ownsHub;
  private final List<EndpointSpec> endpoints;
  private final Path staticFolder;
  private final String staticResourcePrefix;
  private final Duration shutdownTimeout;
  private final TlsConfig tls;
  private final Duration handshakeTimeout;
  private final int maxPendingSockets;
  private final boolean permessageDeflate;
  /** The engine asked for on the builder, or null: see {@link Builder#engine}. */
  private final String engineName;
  /** The engine's socket threads asked for on the builder, or 0: see {@link Builder#ioThreads}. */
  private final int ioThreads;

  /** Set by start, cleared by close; both are synchronized. */
  private RunningEngine listener;
  private volatile int port = -1;

  private PushServer(Builder b) {
    this.host = b.host;
    this.requestedPort = b.port;
    this.ownsHub = b.hub == null;
    this.hub = b.hub != null ? b.hub : Hub.builder().build();
    this.endpoints = List.copyOf(b.endpoints);
    this.staticFolder = b.staticFolder;
    this.staticResourcePrefix = b.staticResourcePrefix;
    this.shutdownTimeout = b.shutdownTimeout;
    this.tls = b.tls;
    this.handshakeTimeout = b.handshakeTimeout;
    this.maxPendingSockets = b.maxPendingSockets;
    this.permessageDeflate = b.permessageDeflate;
    this.engineName = b.engineName;
    this.ioThreads = b.ioThreads;
  }

  /** Starts a configuration. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Binds and starts serving.
   *
   * @throws IOException if the port cannot be bound
   * @throws IllegalStateException if already started
   */
  public synchronized PushServer start() throws IOException {
    if (listener != null) {
      throw new IllegalStateException("already started");
    }
    ServerEngine engine = Engines.choose(engineName);
    // Engines buffer a whole message before the hub sees it. Keep that buffer well above the hub's
    // limit, so an oversized message reaches the hub's own check and gets the protocol's answer,
    // 1009, with its counters; the buffer still bounds what a hostile client can make the server hold.
    listener = engine.start(new EngineConfig(host, requestedPort, hub,
        endpoints.stream().map(hub::transportEndpoint).toList(), staticFolder, staticResourcePrefix,
        Math.max(1 << 20, hub.limits().maxFrameBytes() * 4), tls, handshakeTimeout, maxPendingSockets,
        permessageDeflate, hub.edgeEvents(), ioThreads));
    port = listener.port();
    log.info("Pushwire listening on {}://{}:{} {} ({})", tls == null ? "ws" : "wss", host, port,
        endpoints.stream().map(EndpointSpec::path).toList(), engine.name());
    return this;
  }

  /** The port bound (the free port chosen when 0 was asked for), or -1 before start. */
  public int port() {
    return port;
  }

  /** Whether the server speaks TLS ({@code wss://}). */
  public boolean isSecure() {
    return tls != null;
  }

  /** Sockets held now that have not completed a WebSocket upgrade (0 when not started). */
  public synchronized int pendingSockets() {
    return listener == null ? 0 : listener.pendingSockets();
  }

  /** The host bound. */
  public String host() {
    return host;
  }

  /** The hub behind the endpoints. */
  public Hub hub() {
    return hub;
  }

  /**
   * Closes gracefully: every client gets 1001 (going away), the server waits up to the shutdown
   * timeout for them to go, then stops listening. Returns within that timeout plus a second.
   */
  @Override
  public synchronized void close() {
    if (listener == null) {
      return;
    }
    if (!hub.closeAll(CloseCode.GOING_AWAY, shutdownTimeout)) {
      log.info("some clients did not finish closing within {}", shutdownTimeout);
    }
    listener.close();
    listener = null;
    port = -1;
    if (ownsHub) {
      hub.close();
    }
  }

  /** Configures a {@link PushServer}. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 0;
    private Hub hub;
    private final List<EndpointSpec> endpoints = new ArrayList<>();
    private Path staticFolder;
    private String staticResourcePrefix;
    private Duration shutdownTimeout = Duration.ofSeconds(5);
    private TlsConfig tls;
    private Duration handshakeTimeout = Duration.ofSeconds(10);
    private int maxPendingSockets = 1_024;
    private boolean permessageDeflate;
    private String engineName;
    private int ioThreads;

    private Builder() {
    }

    /** The host to bind (default 127.0.0.1). Bound exactly: pass 0.0.0.0 yourself to listen everywhere. */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** The port (default 0: a free port, reported by {@link PushServer#port()} after start). */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0-65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /** The hub (default: a new hub with no authenticator, closed with the server). */
    public Builder hub(Hub hub) {
      this.hub = Objects.requireNonNull(hub, "hub");
      return this;
    }

    /** Adds an endpoint. */
    public Builder endpoint(EndpointSpec spec) {
      endpoints.add(Objects.requireNonNull(spec, "spec"));
      return this;
    }

    /** Serves the files under {@code folder} at {@code /} on the same port. */
    public Builder staticFiles(Path folder) {
      if (!Files.isDirectory(folder)) {
        throw new IllegalArgumentException("not a folder: " + folder);
      }
      this.staticFolder = folder;
      this.staticResourcePrefix = null;
      return this;
    }

    /** Serves class-path resources under {@code prefix} (for example {@code "/web/"}) at {@code /}. */
    public Builder staticResources(String prefix) {
      this.staticResourcePrefix = Objects.requireNonNull(prefix, "prefix");
      this.staticFolder = null;
      return this;
    }

    /** How long {@link PushServer#close()} waits for clients to go (default 5 s). */
    public Builder shutdownTimeout(Duration timeout) {
      this.shutdownTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Serves {@code wss://} (and {@code https://}) with {@code tls} (default: plain {@code ws://}). */
    public Builder tls(TlsConfig tls) {
      this.tls = Objects.requireNonNull(tls, "tls");
      return this;
    }

    /**
     * How long a socket may take from its accept to its WebSocket upgrade (default 10 s); a
     * socket not upgraded by then is closed. Plain HTTP requests on the port (health, static
     * files) get the same time again after each response, so an idle keep-alive connection is
     * closed after it. With TLS the time includes the TLS handshake.
     */
    public Builder handshakeTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("handshakeTimeout must be > 0, got " + timeout);
      }
      this.handshakeTimeout = timeout;
      return this;
    }

    /**
     * How many sockets that have not completed a WebSocket upgrade the server holds at once
     * (default 1,024); one accepted beyond that is closed at once, before it is read.
     */
    public Builder maxPendingSockets(int max) {
      if (max <= 0) {
        throw new IllegalArgumentException("maxPendingSockets must be > 0, got " + max);
      }
      this.maxPendingSockets = max;
      return this;
    }

    /**
     * Whether clients may negotiate {@code permessage-deflate} (default: off). On, each message
     * is compressed on its own (no context takeover, so an idle connection holds no zlib state),
     * and a compressed message that inflates past {@link Limits#maxFrameBytes()} is closed with
     * 1009 once that many bytes are inflated. Worth it for large, repetitive frames; it costs CPU
     * per message and per recipient.
     */
    public Builder permessageDeflate(boolean on) {
      this.permessageDeflate = on;
      return this;
    }

    /**
     * The engine to run on, by name: {@code "tyrus"} (built in, with
     * {@code pushwire-server-standalone}) or {@code "netty"} (with {@code pushwire-server-netty}).
     * Without it the system property {@code pushwire.engine} decides, else Tyrus where it is on the
     * class path, else the first engine found. {@link PushServer#start()} fails with an
     * {@link IllegalStateException} when the named engine is not on the class path.
     */
    public Builder engine(String name) {
      this.engineName = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * How many threads serve the sockets (default: the engine's own). On the Netty engine these
     * are its event loops, which also write each connection's deliveries (Netty's default: two per
     * core); on Tyrus, Grizzly's selector threads (default: one per core), while delivery runs on
     * the hub's {@link Hub.Builder#deliveryThreads(int) delivery threads}. Set it where several
     * servers share one machine, so that together they start about one thread per core, as
     * separate machines would: three nodes on two cores at the defaults start twelve event loops
     * that take turns on each core (see {@code docs/scale-out.md}).
     *
     * @param threads 1 to {@link EngineConfig#MAX_IO_THREADS}
     */
    public Builder ioThreads(int threads) {
      if (threads < 1 || threads > EngineConfig.MAX_IO_THREADS) {
        throw new IllegalArgumentException("ioThreads must be 1-" + EngineConfig.MAX_IO_THREADS + ", got " + threads);
      }
      this.ioThreads = threads;
      return this;
    }

    /** Builds the server; call {@link PushServer#start()} to bind. */
    public PushServer build() {
      if (endpoints.isEmpty()) {
        throw new IllegalStateException("a server needs at least one endpoint");
      }
      return new PushServer(this);
    }
  }
}
