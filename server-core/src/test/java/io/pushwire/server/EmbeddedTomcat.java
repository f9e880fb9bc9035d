package io.pushwire.server;

import jakarta.websocket.server.ServerContainer;
import java.nio.file.Path;
import java.util.List;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;

/**
 * Embedded Tomcat on 127.0.0.1 with a hub's endpoints deployed the way an application deploys
 * them: through the container's {@link ServerContainer}, from a servlet container initializer.
 */
public final class EmbeddedTomcat implements AutoCloseable {

  private final Tomcat tomcat;
  private final int port;

  private EmbeddedTomcat(Tomcat tomcat, int port) {
    this.tomcat = tomcat;
    this.port = port;
  }

  /** Starts Tomcat on a free port with {@code specs} mounted from {@code hub}. */
  public static EmbeddedTomcat start(Path baseDir, Hub hub, List<EndpointSpec> specs) throws LifecycleException {
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", baseDir.toString());
    context.addServletContainerInitializer(new WsSci(), null);
    // Tomcat runs filters (WebSocket upgrades are a filter) only for requests some servlet maps.
    Tomcat.addServlet(context, "app", new jakarta.servlet.http.HttpServlet() { });
    context.addServletMappingDecoded("/", "app");
    // What an application does in its own initializer (or a Spring bean): mount Pushwire's endpoints.
    context.addServletContainerInitializer((classes, servletContext) -> {
      ServerContainer container = (ServerContainer) servletContext.getAttribute(ServerContainer.class.getName());
      try {
        for (EndpointSpec spec : specs) {
          container.addEndpoint(hub.endpointConfig(spec));
        }
      } catch (jakarta.websocket.DeploymentException e) {
        throw new jakarta.servlet.ServletException(e);
      }
    }, null);
    tomcat.start();
    return new EmbeddedTomcat(tomcat, connector.getLocalPort());
  }

  /** The port Tomcat listens on. */
  public int port() {
    return port;
  }

  @Override
  public void close() throws LifecycleException {
    tomcat.stop();
    tomcat.destroy();
  }
}
