package io.pushwire.server;

import io.pushwire.server.transport.EngineConfig;
import io.pushwire.server.transport.RunningEngine;
import io.pushwire.server.transport.ServerEngine;
import io.pushwire.server.transport.TransportEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.util.List;
import org.glassfish.grizzly.http.server.CLStaticHttpHandler;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.StaticHttpHandler;

/**
 * The built-in engine: Tyrus on a {@link TyrusListener}, serving the JSR-356 endpoint of each
 * endpoint. The only class {@link PushServer} reaches Grizzly through, so that {@code PushServer}
 * itself loads where Tyrus is absent (an application on {@code pushwire-server-netty} alone).
 * Stateless.
 */
final class TyrusEngine implements ServerEngine {

  /** The engine's name. */
  static final String NAME = "tyrus";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public RunningEngine start(EngineConfig config) throws IOException {
    Hub hub = config.hub();
    // Tyrus buffers a whole frame before the endpoint sees it and closes with 1011 when a frame
    // overflows that buffer. Keep the buffer well above the hub's limit, so an oversized frame
    // reaches the hub's own check and gets the protocol's answer, 1009; the buffer still bounds
    // what a hostile client can make the server hold.
    HttpHandler files = config.staticFolder() != null ? new StaticHttpHandler(config.staticFolder().toString())
        : config.staticResourcePrefix() != null
            ? new CLStaticHttpHandler(PushServer.class.getClassLoader(), config.staticResourcePrefix()) : null;
    TlsConfig tls = config.tls();
    TyrusListener listener = TyrusListener.start(config.host(), config.port(), config.maxMessageBytes(),
        config.endpoints().stream().map(TransportEndpoint::spec).flatMap(spec -> hub.endpointConfigs(spec).stream())
            .map(endpoint -> withExtensions(endpoint, config.permessageDeflate(), hub)).toList(),
        new HealthHttpHandler(hub, files),
        new TyrusListener.Edge(tls == null ? null : tls.context(), TlsConfig.PROTOCOLS, config.handshakeTimeout(),
            config.maxPendingSockets(), hub.security(), hub.handshakeHooks(), hub.limits().maxFrameBytes()),
        config.ioThreads());
    return new RunningEngine() {
      @Override
      public int port() {
        return listener.port();
      }

      @Override
      public int pendingSockets() {
        return listener.pendingSockets();
      }

      @Override
      public void close() {
        listener.close();
      }
    };
  }

  /** {@code config} offering {@code permessage-deflate} when it is on; else {@code config} itself. */
  private static ServerEndpointConfig withExtensions(ServerEndpointConfig config, boolean deflate, Hub hub) {
    if (!deflate) {
      return config;
    }
    return ServerEndpointConfig.Builder.create(config.getEndpointClass(), config.getPath())
        .configurator(config.getConfigurator())
        .subprotocols(config.getSubprotocols())
        .encoders(config.getEncoders())
        .decoders(config.getDecoders())
        .extensions(List.of(new BoundedDeflate(hub.limits().maxFrameBytes())))
        .build();
  }
}
