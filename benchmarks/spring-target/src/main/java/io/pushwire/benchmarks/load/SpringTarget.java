package io.pushwire.benchmarks.load;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * A peer: the WebSocket broadcast a Spring team writes, on Spring Boot 3.5's embedded Tomcat
 * ({@code spring-boot-starter-websocket}). A {@link TextWebSocketHandler} keeps its sessions,
 * each wrapped in Spring's {@link ConcurrentWebSocketSessionDecorator} (the documented way to
 * send to a session from other threads, with a send-time and buffer limit), and a publication
 * is one {@link TextMessage} sent to each. Boot's defaults otherwise; bound to 127.0.0.1.
 */
final class SpringTarget implements Target {

  static final String NAME = "spring";
  private static final String PATH = "/spring";
  private static final String ACK = "{\"type\":\"ack\",\"data\":{\"success\":true}}";
  private static final long CLOSE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);
  /** The decorator's limits: a client that blocks a send this long, or lets this much queue, is closed. */
  private static final int SEND_TIME_LIMIT_MILLIS = 10_000;
  private static final int BUFFER_SIZE_LIMIT = 1 << 20;

  private final String pad;
  private final Broadcast broadcast = new Broadcast();
  /** Replaced by every start; only the command thread touches these. */
  private ConfigurableApplicationContext context;
  private int port;

  SpringTarget(String pad) {
    this.pad = pad;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void start(int requestedPort) throws IOException {
    try {
      context = new SpringApplicationBuilder(App.class)
          .initializers(ctx -> ctx.getBeanFactory().registerSingleton("broadcast", broadcast))
          .properties(Map.of(
              "server.address", "127.0.0.1",
              "server.port", Integer.toString(requestedPort),
              "spring.main.banner-mode", "off",
              "spring.main.log-startup-info", "false",
              "logging.level.root", "warn"))
          .run();
    } catch (RuntimeException e) {
      throw new IOException("Spring Boot did not start on 127.0.0.1:" + requestedPort, e);
    }
    port = ((ServletWebServerApplicationContext) context).getWebServer().getPort();
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public String requestTargetPrefix() {
    return PATH + "?client_id=load-";
  }

  @Override
  public void publish(long seq, long sentNanos) {
    TextMessage message = new TextMessage(Ticks.frame(seq, sentNanos, System.currentTimeMillis(), pad));
    for (WebSocketSession session : broadcast.sessions) {
      try {
        session.sendMessage(message);
      } catch (IOException | RuntimeException e) {
        broadcast.failed.increment();
      }
    }
  }

  @Override
  public int connections() {
    return broadcast.sessions.size();
  }

  @Override
  public long failedSends() {
    return broadcast.failed.sum();
  }

  @Override
  public void stop() {
    for (WebSocketSession session : broadcast.sessions) {
      try {
        session.close(CloseStatus.GOING_AWAY);
      } catch (IOException | RuntimeException e) {
        broadcast.sessions.remove(session);
      }
    }
    long deadline = System.nanoTime() + CLOSE_WAIT_NANOS;
    while (!broadcast.sessions.isEmpty() && System.nanoTime() - deadline < 0) {
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
    broadcast.sessions.clear();
    context.close();
  }

  /** The application: Boot's auto-configuration (embedded Tomcat) and one WebSocket handler. */
  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  @EnableWebSocket
  static class App implements WebSocketConfigurer {
    private final Broadcast broadcast;

    App(Broadcast broadcast) {
      this.broadcast = broadcast;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
      registry.addHandler(broadcast, PATH);
    }
  }

  /** The handler: greets a session, then keeps it (decorated) until it closes. */
  static final class Broadcast extends TextWebSocketHandler {
    /** Open sessions, decorated, by id: added and removed by Tomcat's threads, iterated by the publisher. */
    final Set<WebSocketSession> sessions = ConcurrentHashMap.newKeySet();
    /** The decorated session of each raw session id, so a close removes the right one. */
    private final Map<String, WebSocketSession> decorated = new ConcurrentHashMap<>();
    final LongAdder failed = new LongAdder();

    @Override
    public void afterConnectionEstablished(WebSocketSession session) throws Exception {
      WebSocketSession safe = new ConcurrentWebSocketSessionDecorator(session, SEND_TIME_LIMIT_MILLIS,
          BUFFER_SIZE_LIMIT);
      safe.sendMessage(new TextMessage(ACK));
      decorated.put(session.getId(), safe);
      sessions.add(safe);
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
      WebSocketSession safe = decorated.remove(session.getId());
      if (safe != null) {
        sessions.remove(safe);
      }
    }
  }
}
