package io.pushwire.server;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.strategies.WorkerThreadIOStrategy;
import org.glassfish.tyrus.container.grizzly.server.WebSocketAddOn;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.WebSocketEngine;

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
  private final int port;

  private TyrusListener(HttpServer http, EngineContainer container, int port) {
    this.http = http;
    this.container = container;
    this.port = port;
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
    EngineContainer container = new EngineContainer(incomingBufferSize);
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
    listener.getKeepAlive().setIdleTimeoutInSeconds(-1);
    listener.registerAddOn(new WebSocketAddOn(container, ""));
    server.addListener(listener);
    if (httpHandler != null) {
      server.getServerConfiguration().addHttpHandler(httpHandler, "/");
    }
    server.start();
    return new TyrusListener(server, container, listener.getPort());
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
  }

  /** A Tyrus container whose engine is served by our own Grizzly listener. */
  private static final class EngineContainer extends TyrusServerContainer {
    private final WebSocketEngine engine;

    EngineContainer(int incomingBufferSize) {
      super((Set<Class<?>>) null);
      engine = TyrusWebSocketEngine.builder(this).incomingBufferSize(incomingBufferSize).build();
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
