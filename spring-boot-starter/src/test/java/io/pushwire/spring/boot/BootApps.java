package io.pushwire.spring.boot;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.autoconfigure.websocket.servlet.JettyWebSocketServletWebServerCustomizer;
import org.springframework.boot.autoconfigure.websocket.servlet.TomcatWebSocketServletWebServerCustomizer;
import org.springframework.boot.autoconfigure.websocket.servlet.UndertowWebSocketServletWebServerCustomizer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.boot.web.embedded.jetty.JettyServletWebServerFactory;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.embedded.undertow.UndertowServletWebServerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starts {@link PushApp} on 127.0.0.1 and a free port, in the servlet container a test names.
 *
 * <p>Tomcat, Jetty and Undertow are all on this module's test class path. Spring Boot then picks
 * Tomcat's server factory, and registers only one container's WebSocket customizer (the three
 * share one bean name; Undertow's wins), so each set-up here names its server factory and its
 * WebSocket customizer: what Boot's own auto-configuration does when that container is the only
 * one.
 */
final class BootApps {

  /** What the tests' application.properties would say. */
  static final List<String> PROPERTIES = List.of(
      "server.address=127.0.0.1",
      "server.port=0",
      "spring.main.banner-mode=off",
      "pushwire.auth.tokens.alice=alice-token",
      "pushwire.auth.tokens.root=root-token",
      "pushwire.endpoints[0].path=/ws/task",
      "pushwire.endpoints[0].auth=query-parameter",
      "pushwire.endpoints[0].dialect=envelope-millis",
      "pushwire.endpoints[1].path=/ws",
      "pushwire.endpoints[1].auth=first-message",
      "pushwire.endpoints[1].dialect=flat",
      "pushwire.endpoints[2].path=/ws/video",
      "pushwire.endpoints[2].auth=first-message",
      "pushwire.endpoints[2].dialect=payload-millis",
      "pushwire.endpoints[2].socket-io=true",
      "pushwire.shutdown.timeout=5s",
      "management.endpoints.web.exposure.include=health,metrics,prometheus",
      "management.endpoint.health.show-details=always");

  /** The servlet containers the starter is tested in. */
  enum Container {
    TOMCAT(TomcatContainer.class),
    JETTY(JettyContainer.class),
    UNDERTOW(UndertowContainer.class);

    private final Class<?> configuration;

    Container(Class<?> configuration) {
      this.configuration = configuration;
    }
  }

  private BootApps() {
  }

  /** Runs the application in {@code container} with the common properties and {@code more}. */
  static ConfigurableApplicationContext start(Container container, String... more) {
    List<String> properties = new ArrayList<>(PROPERTIES);
    properties.addAll(List.of(more));
    return new SpringApplicationBuilder(PushApp.class, container.configuration)
        .properties(properties.toArray(String[]::new))
        .run();
  }

  /** The port the application's web server listens on. */
  static int port(ConfigurableApplicationContext context) {
    return ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  /** Tomcat with its JSR-356 support. */
  @Configuration(proxyBeanMethods = false)
  static class TomcatContainer {
    @Bean
    TomcatServletWebServerFactory tomcatServletWebServerFactory() {
      return new TomcatServletWebServerFactory();
    }

    @Bean
    TomcatWebSocketServletWebServerCustomizer tomcatWebSocketCustomizer() {
      return new TomcatWebSocketServletWebServerCustomizer();
    }
  }

  /** Jetty 12 (ee10) with its JSR-356 support. */
  @Configuration(proxyBeanMethods = false)
  static class JettyContainer {
    @Bean
    JettyServletWebServerFactory jettyServletWebServerFactory() {
      return new JettyServletWebServerFactory();
    }

    @Bean
    JettyWebSocketServletWebServerCustomizer jettyWebSocketCustomizer() {
      return new JettyWebSocketServletWebServerCustomizer();
    }
  }

  /** Undertow with its JSR-356 support. */
  @Configuration(proxyBeanMethods = false)
  static class UndertowContainer {
    @Bean
    UndertowServletWebServerFactory undertowServletWebServerFactory() {
      return new UndertowServletWebServerFactory();
    }

    @Bean
    UndertowWebSocketServletWebServerCustomizer undertowWebSocketCustomizer() {
      return new UndertowWebSocketServletWebServerCustomizer();
    }
  }
}
