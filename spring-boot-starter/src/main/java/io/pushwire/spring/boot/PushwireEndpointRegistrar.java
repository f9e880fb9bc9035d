package io.pushwire.spring.boot;

import io.pushwire.server.EndpointSpec;
import io.pushwire.server.Hub;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.ServletContextInitializer;

/**
 * Deploys the hub's endpoints in the application's own servlet container (Tomcat, Jetty or
 * Undertow), through the container's JSR-356 {@link ServerContainer}.
 *
 * <p>When: Spring Boot runs its {@link ServletContextInitializer}s while the embedded container
 * starts, and on Tomcat before the container's WebSocket support has put its {@code
 * ServerContainer} in place. So this initializer only adds a {@link ServletContextListener}; the
 * container calls every such listener after its own initialization, with the {@code
 * ServerContainer} ready, and still before it accepts a connection. Deploying there, rather than
 * after the application context is refreshed, is what every container accepts: some refuse
 * endpoints once the deployment is complete.
 */
public final class PushwireEndpointRegistrar implements ServletContextInitializer {

  private static final Logger log = LoggerFactory.getLogger(PushwireEndpointRegistrar.class);

  private final Supplier<Hub> hub;
  private final Supplier<List<EndpointSpec>> specs;

  /**
   * @param hub the hub, asked for when the container initializes
   * @param specs the endpoints to deploy, asked for at the same moment
   */
  public PushwireEndpointRegistrar(Supplier<Hub> hub, Supplier<List<EndpointSpec>> specs) {
    this.hub = hub;
    this.specs = specs;
  }

  @Override
  public void onStartup(ServletContext servletContext) {
    servletContext.addListener(new Deployer());
  }

  /** Deploys every endpoint; throws, which stops the application, if one cannot be. */
  static void deploy(ServerContainer container, Hub hub, List<EndpointSpec> specs) {
    Set<String> paths = new HashSet<>();
    for (EndpointSpec spec : specs) {
      for (ServerEndpointConfig config : hub.endpointConfigs(spec)) {
        if (!paths.add(config.getPath())) {
          throw new IllegalStateException("two Pushwire endpoints at " + config.getPath()
              + ": each pushwire.endpoints[] entry and EndpointSpec bean needs its own path");
        }
        try {
          container.addEndpoint(config);
        } catch (DeploymentException e) {
          throw new IllegalStateException("cannot deploy the Pushwire endpoint " + config.getPath(), e);
        }
      }
    }
    if (specs.isEmpty()) {
      log.info("Pushwire: no endpoints configured (pushwire.endpoints or EndpointSpec beans); the hub serves none");
    } else {
      log.info("Pushwire endpoints deployed: {}", specs);
    }
  }

  /** Runs after the container's own initializers and listeners. */
  private final class Deployer implements ServletContextListener {
    @Override
    public void contextInitialized(ServletContextEvent event) {
      Object container = event.getServletContext().getAttribute(ServerContainer.class.getName());
      if (!(container instanceof ServerContainer serverContainer)) {
        throw new IllegalStateException("this servlet container offers no JSR-356 ServerContainer: Pushwire needs"
            + " its WebSocket support (tomcat-embed-websocket, jetty-ee10-websocket-jakarta-server or"
            + " undertow-websockets-jsr, which Spring Boot's container starters include); found " + container);
      }
      deploy(serverContainer, hub.get(), specs.get());
    }
  }
}
