package io.pushwire.server;

import io.pushwire.server.transport.EngineConfig;
import io.pushwire.server.transport.RunningEngine;
import io.pushwire.server.transport.ServerEngine;
import io.pushwire.server.transport.TransportEndpoint;
import java.io.IOException;
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
    TyrusListener listener = TyrusListener.start(config.host(), config.port(), config.maxMessageBytes(),
        config.endpoints().stream().map(TransportEndpoint::spec).flatMap(spec -> hub.endpointConfigs(spec).stream()).toList(),
        new HealthHttpHandler(hub, files));
    return new RunningEngine() {
      @Override
      public int port() {
        return listener.port();
      }

      @Override
      public void close() {
        listener.close();
      }
    };
  }
}
