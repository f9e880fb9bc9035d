package io.pushwire.server.rfc6455;

import io.pushwire.server.Dialect;
import io.pushwire.server.EndpointSpec;
import io.pushwire.server.Hub;
import io.pushwire.server.Limits;
import io.pushwire.server.PushServer;
import io.pushwire.server.TestServers;
import io.pushwire.server.auth.AuthMode;
import java.util.List;
import java.util.function.Function;

/**
 * One WebSocket engine serving a hub's endpoint on 127.0.0.1, for tests that talk to the engine
 * over raw sockets and must run the same cases on every engine. {@link #ENDPOINT} is mounted with
 * query-parameter auth and the standard dialect; a test connects with {@link #path()}.
 *
 * <p>The engines: {@link #tyrus} (the standalone {@code PushServer}), {@link TomcatFixture} (the
 * JSR-356 endpoint deployed in an embedded Tomcat), and the standalone server on Netty, which
 * server-netty runs these cases on ({@link #all()}).
 */
public interface EngineFixture extends AutoCloseable {

  /** Where the endpoint is mounted. */
  String ENDPOINT = "/ws";

  /** The engine's name, for test names. */
  String name();

  /** The port it listens on. */
  int port();

  /** The hub behind the endpoint. */
  Hub hub();

  /** The path and query a client authenticated as alice connects with. */
  default String path() {
    return ENDPOINT + "?token=" + TestServers.TOKEN;
  }

  /** The WebSocket URL a well-behaved client authenticated as alice connects to. */
  default String url() {
    return "ws://127.0.0.1:" + port() + path();
  }

  @Override
  void close();

  /** A fixture starter, named for parameterised test names. */
  record Engine(String name, Function<Limits, EngineFixture> start) {
    @Override
    public String toString() {
      return name;
    }
  }

  /**
   * Every engine the cases run on: where {@code -Dpushwire.engine=netty} is set (server-netty's run
   * of these tests, without Tyrus or Tomcat on its class path), the standalone server on Netty;
   * else the standalone server on Tyrus and the endpoint in Tomcat.
   */
  static List<Engine> all() {
    String engine = System.getProperty("pushwire.engine");
    if ("netty".equals(engine)) {
      return List.of(new Engine("netty", limits -> standalone("netty", limits)));
    }
    return List.of(new Engine("tyrus", EngineFixture::tyrus), new Engine("tomcat", TomcatFixture::start));
  }

  /** The endpoint every fixture mounts. */
  static EndpointSpec endpoint() {
    return EndpointSpec.builder(ENDPOINT).auth(AuthMode.QUERY_PARAMETER).dialect(Dialect.STANDARD).build();
  }

  /** The standalone server: Tyrus on Grizzly. */
  static EngineFixture tyrus(Limits limits) {
    return standalone("tyrus", limits);
  }

  /** The standalone server on the engine {@code PushServer} picks, named {@code name}. */
  static EngineFixture standalone(String name, Limits limits) {
    Hub hub = TestServers.hub().limits(limits).build();
    PushServer server = TestServers.start(hub, endpoint());
    return new EngineFixture() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public int port() {
        return server.port();
      }

      @Override
      public Hub hub() {
        return hub;
      }

      @Override
      public void close() {
        server.close();
        hub.close();
      }
    };
  }
}
