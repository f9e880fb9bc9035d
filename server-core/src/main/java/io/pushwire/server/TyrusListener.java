package io.pushwire.server;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.TransportFilter;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.HttpCodecFilter;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.ssl.SSLEngineConfigurator;
import org.glassfish.grizzly.strategies.WorkerThreadIOStrategy;
import org.glassfish.tyrus.container.grizzly.server.WebSocketAddOn;
import org.glassfish.tyrus.core.RequestContext;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.Connection;
import org.glassfish.tyrus.spi.UpgradeRequest;
import org.glassfish.tyrus.spi.UpgradeResponse;
import org.glassfish.tyrus.spi.WebSocketEngine;
import org.glassfish.tyrus.spi.Writer;

/**
 * A Grizzly listener serving a Tyrus WebSocket engine (and optionally plain HTTP) on exactly the
 * host it is given. The stock Tyrus Grizzly container binds 0.0.0.0 whatever host it is told, so
 * Pushwire builds the listener itself. {@link PushServer} runs on one; any JSR-356 endpoint
 * configuration can be deployed on one too (the benchmarks' plain-Tyrus baseline is).
 *
 * <p>Started by {@link #start}; {@link #close()} stops it at once. Not thread-safe: one owner
 * starts and closes it.
 */
public final class TyrusListener implements AutoCloseable {

  private final HttpServer http;
  private final EngineContainer container;
  private final HandshakeGuard guard;
  private final int port;

  private TyrusListener(HttpServer http, EngineContainer container, HandshakeGuard guard, int port) {
    this.http = http;
    this.container = container;
    this.guard = guard;
    this.port = port;
  }

  /**
   * What guards the listener's edge (see {@code docs/security.md}).
   *
   * @param tls the TLS context for {@code wss://} and {@code https://}, or null for plain sockets
   * @param tlsProtocols the protocols TLS may negotiate (ignored without TLS)
   * @param handshakeTimeout how long a socket may take to complete its WebSocket upgrade
   * @param maxPendingSockets how many sockets that have not upgraded may be held at once
   * @param events where refused and timed-out sockets are counted and logged
   * @param hooks consulted on each upgrade (throttling, refusals)
   * @param maxFrameBytes the largest data frame a client may declare; a larger one is closed with
   *     1009 before its payload is read (see {@link FrameHeaderCheck})
   */
  record Edge(SSLContext tls, List<String> tlsProtocols, Duration handshakeTimeout, int maxPendingSockets,
      SecurityEvents events, HandshakeHooks hooks, long maxFrameBytes) {

    /** The defaults for a listener without a hub: no TLS, 10 s, 1,024 sockets, events counted nowhere, frames up to Tyrus's buffer. */
    static Edge defaults(int incomingBufferSize) {
      return new Edge(null, List.of(), Duration.ofSeconds(10), 1_024, new SecurityEvents(new Counters()),
          HandshakeHooks.NONE, incomingBufferSize);
    }
  }

  /** What the listener asks and tells about each WebSocket upgrade request. */
  interface HandshakeHooks {
    /** Asks nothing and tells nothing. */
    HandshakeHooks NONE = new HandshakeHooks() {
      @Override
      public long blockedMillis(String address) {
        return 0;
      }

      @Override
      public void refused(String path, String address, int status) {
      }
    };

    /** How long upgrades from {@code address} are still refused with 429, in ms; 0: not refused. */
    long blockedMillis(String address);

    /** An upgrade to {@code path} from {@code address} was answered with HTTP {@code status}, not 101. */
    void refused(String path, String address, int status);
  }

  /**
   * Deploys {@code endpoints} and binds {@code host}:{@code port} (0 for a free port).
   *
   * @param incomingBufferSize the largest frame Tyrus buffers, in bytes; a larger one is closed
   *     by Tyrus with 1011
   * @param httpHandler serves plain HTTP requests on the same port, or {@code null} for none
   * @throws IOException if an endpoint cannot be deployed or the port cannot be bound
   */
  public static TyrusListener start(String host, int port, int incomingBufferSize,
      List<ServerEndpointConfig> endpoints, HttpHandler httpHandler) throws IOException {
    return start(host, port, incomingBufferSize, endpoints, httpHandler, Edge.defaults(incomingBufferSize), 0);
  }

  /**
   * {@link #start(String, int, int, List, HttpHandler)} with the edge guarded as {@code edge} says
   * and {@code selectorThreads} selector threads (0: Grizzly's default, one per core).
   */
  static TyrusListener start(String host, int port, int incomingBufferSize,
      List<ServerEndpointConfig> endpoints, HttpHandler httpHandler, Edge edge, int selectorThreads) throws IOException {
    EngineContainer container = new EngineContainer(incomingBufferSize, edge.hooks());
    try {
      for (ServerEndpointConfig endpoint : endpoints) {
        container.register(endpoint);
      }
    } catch (DeploymentException e) {
      throw new IOException("cannot deploy endpoints: " + e.getMessage(), e);
    }
    HttpServer server = new HttpServer();
    NetworkListener listener = new NetworkListener("pushwire", host, port);
    listener.getTransport().setIOStrategy(WorkerThreadIOStrategy.getInstance());
    if (selectorThreads > 0) {
      listener.getTransport().setSelectorRunnersCount(selectorThreads);
    }
    // No HTTP keep-alive timeout: it would close upgraded WebSocket connections too. Sockets that
    // never upgrade are closed by the handshake guard instead; upgraded ones by the hub's idle check.
    listener.getKeepAlive().setIdleTimeoutInSeconds(-1);
    if (edge.tls() != null) {
      listener.setSecure(true);
      listener.setSSLEngineConfig(new SSLEngineConfigurator(edge.tls(), false, false, false)
          .setEnabledProtocols(edge.tlsProtocols().toArray(String[]::new)));
    }
    HandshakeGuard guard = new HandshakeGuard(edge.handshakeTimeout(), edge.maxPendingSockets(), edge.events());
    listener.registerAddOn(new GuardAddOn(guard, new FrameHeaderCheck(edge.maxFrameBytes(), edge.events(), guard)));
    listener.registerAddOn(new WebSocketAddOn(container, ""));
    server.addListener(listener);
    if (httpHandler != null) {
      server.getServerConfiguration().addHttpHandler(httpHandler, "/");
    }
    try {
      server.start();
    } catch (IOException | RuntimeException e) {
      guard.close();
      throw e;
    }
    return new TyrusListener(server, container, guard, listener.getPort());
  }

  /** Sockets held now that have not completed a WebSocket upgrade (for tests and stats). */
  int pendingSockets() {
    return guard.pendingCount();
  }

  /** The port bound. */
  public int port() {
    return port;
  }

  /** Stops the engine and the listener at once; clients not yet closed see their connection drop. */
  @Override
  public void close() {
    container.stop();
    http.shutdownNow();
    guard.close();
  }

  /**
   * Puts the guard's filters in the listener's chain (one right after the transport, one right
   * before the HTTP codec), and the frame check right before the HTTP codec too.
   */
  private static final class GuardAddOn implements AddOn {
    private final HandshakeGuard guard;
    private final FrameHeaderCheck frames;

    GuardAddOn(HandshakeGuard guard, FrameHeaderCheck frames) {
      this.guard = guard;
      this.frames = frames;
    }

    @Override
    public void setup(NetworkListener listener, FilterChainBuilder builder) {
      int codec = builder.indexOfType(HttpCodecFilter.class);
      if (codec < 0) {
        throw new IllegalStateException("no HTTP codec in the listener's chain");
      }
      builder.add(codec, frames);
      builder.add(codec, guard.upgradeFilter());
      builder.add(builder.indexOfType(TransportFilter.class) + 1, guard.acceptFilter());
    }
  }

  /**
   * The Tyrus engine with the handshake hooks around each upgrade: a throttled address gets 429 with
   * {@code Retry-After} before Tyrus (and the endpoint's authenticator) sees the request, and every
   * refused upgrade is reported with its address, which JSR-356's handshake request does not carry.
   */
  private static final class GuardedEngine implements WebSocketEngine {
    private final WebSocketEngine tyrus;
    private final HandshakeHooks hooks;

    GuardedEngine(WebSocketEngine tyrus, HandshakeHooks hooks) {
      this.tyrus = tyrus;
      this.hooks = hooks;
    }

    @Override
    public UpgradeInfo upgrade(UpgradeRequest request, UpgradeResponse response) {
      String address = request instanceof RequestContext context ? context.getRemoteAddr() : null;
      String path = URI.create(request.getRequestUri()).getPath();
      long blocked = hooks.blockedMillis(address);
      if (blocked > 0 && isUpgrade(request)) {
        response.setStatus(429);
        response.setReasonPhrase("Too Many Requests");
        response.getHeaders().put(UpgradeResponse.RETRY_AFTER, List.of(Long.toString((blocked + 999) / 1000)));
        response.getHeaders().put("Content-Length", List.of("0"));
        response.getHeaders().put("Connection", List.of("close"));
        hooks.refused(path, address, 429);
        return REFUSED;
      }
      UpgradeInfo info = tyrus.upgrade(request, response);
      if (info.getStatus() == UpgradeStatus.HANDSHAKE_FAILED) {
        hooks.refused(path, address, response.getStatus());
      }
      return info;
    }

    private static boolean isUpgrade(UpgradeRequest request) {
      String upgrade = request.getHeader(UpgradeRequest.UPGRADE);
      return upgrade != null && upgrade.equalsIgnoreCase(UpgradeRequest.WEBSOCKET);
    }

    @Override
    public void register(Class<?> endpointClass, String contextPath) throws DeploymentException {
      tyrus.register(endpointClass, contextPath);
    }

    @Override
    public void register(ServerEndpointConfig config, String contextPath) throws DeploymentException {
      tyrus.register(config, contextPath);
    }

    private static final UpgradeInfo REFUSED = new UpgradeInfo() {
      @Override
      public UpgradeStatus getStatus() {
        return UpgradeStatus.HANDSHAKE_FAILED;
      }

      @Override
      public Connection createConnection(Writer writer, Connection.CloseListener closeListener) {
        return null;
      }
    };
  }

  /** A Tyrus container whose engine is served by our own Grizzly listener. */
  private static final class EngineContainer extends TyrusServerContainer {
    private final WebSocketEngine engine;

    EngineContainer(int incomingBufferSize, HandshakeHooks hooks) {
      super((Set<Class<?>>) null);
      engine = new GuardedEngine(TyrusWebSocketEngine.builder(this).incomingBufferSize(incomingBufferSize).build(),
          hooks);
    }

    @Override
    public void register(Class<?> endpointClass) throws DeploymentException {
      engine.register(endpointClass, "");
    }

    @Override
    public void register(ServerEndpointConfig config) throws DeploymentException {
      engine.register(config, "");
    }

    @Override
    public WebSocketEngine getWebSocketEngine() {
      return engine;
    }

    @Override
    public Map<String, Object> getProperties() {
      return Map.of();
    }
  }
}
