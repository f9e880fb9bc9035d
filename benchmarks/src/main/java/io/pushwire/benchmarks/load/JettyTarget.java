package io.pushwire.benchmarks.load;

import java.io.IOException;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Jetty 12's JSR-356 container (ee10 Jakarta WebSocket) running the same plain
 * {@link Jsr356Broadcast} endpoint as {@link BaselineTarget}: what the same hand-written endpoint
 * costs on another container. Jetty's defaults otherwise (its queued thread pool, one connector
 * on 127.0.0.1), with a 1 MiB incoming text buffer as on Tyrus.
 */
final class JettyTarget implements Target {

  private final Jsr356Broadcast broadcast;
  /** Replaced by every start; only the command thread touches these. */
  private Server server;
  private int port;

  JettyTarget(String pad) {
    this.broadcast = new Jsr356Broadcast(pad);
  }

  @Override
  public String name() {
    return "jetty";
  }

  @Override
  public void start(int requestedPort) throws IOException {
    Server jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(requestedPort);
    connector.setReuseAddress(true);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    jetty.setHandler(context);
    JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, container) -> {
      container.setDefaultMaxTextMessageBufferSize(1 << 20);
      container.addEndpoint(broadcast.endpointConfig());
    });
    try {
      jetty.start();
    } catch (Exception e) {
      throw new IOException("Jetty did not start on 127.0.0.1:" + requestedPort, e);
    }
    server = jetty;
    port = connector.getLocalPort();
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public String requestTargetPrefix() {
    return Jsr356Broadcast.PATH + "?client_id=load-";
  }

  @Override
  public void publish(long seq, long sentNanos) {
    broadcast.publish(seq, sentNanos);
  }

  @Override
  public int connections() {
    return broadcast.connections();
  }

  @Override
  public long failedSends() {
    return broadcast.failedSends();
  }

  @Override
  public void stop() {
    broadcast.closeAll();
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Jetty did not stop", e);
    }
  }
}
