package io.pushwire.it;

import io.pushwire.server.EndpointSpec;
import io.pushwire.server.Hub;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Jetty 12 on 127.0.0.1 and a free port, with a hub's endpoints deployed the way an application
 * deploys them in Jetty: through the ee10 Jakarta WebSocket container's {@code ServerContainer}.
 */
final class EmbeddedJetty implements AutoCloseable {

  private final Server server;
  private final int port;

  private EmbeddedJetty(Server server, int port) {
    this.server = server;
    this.port = port;
  }

  /** Starts Jetty with every configuration of {@code specs} deployed from {@code hub}. */
  static EmbeddedJetty start(Hub hub, List<EndpointSpec> specs) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    server.setHandler(context);
    JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, container) -> {
      for (EndpointSpec spec : specs) {
        for (ServerEndpointConfig config : hub.endpointConfigs(spec)) {
          container.addEndpoint(config);
        }
      }
    });
    server.start();
    return new EmbeddedJetty(server, connector.getLocalPort());
  }

  int port() {
    return port;
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
