package io.pushwire.server.rfc6455;

import io.pushwire.server.Dialect;
import io.pushwire.server.EmbeddedTomcat;
import io.pushwire.server.EndpointSpec;
import io.pushwire.server.Hub;
import io.pushwire.server.Limits;
import io.pushwire.server.PushServer;
import io.pushwire.server.TestServers;
import io.pushwire.server.auth.AuthMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * One WebSocket engine serving a hub's endpoint on 127.0.0.1, for tests that talk to the engine
 * over raw sockets and must run the same cases on every engine. {@link #ENDPOINT} is mounted with
 * query-parameter auth and the standard dialect; a test connects with {@link #path()}.
 *
 * <p>The engines now: {@link #tyrus} (the standalone {@code PushServer}) and {@link #tomcat} (the
 * JSR-356 endpoint deployed in an embedded Tomcat). A Netty engine is one more implementation and
 * one more entry in {@link #all()}.
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

  /** Every engine the cases run on. */
  static List<Engine> all() {
    return List.of(new Engine("tyrus", EngineFixture::tyrus), new Engine("tomcat", EngineFixture::tomcat));
  }

  /** The endpoint every fixture mounts. */
  static EndpointSpec endpoint() {
    return EndpointSpec.builder(ENDPOINT).auth(AuthMode.QUERY_PARAMETER).dialect(Dialect.STANDARD).build();
  }

  /** The standalone server: Tyrus on Grizzly. */
  static EngineFixture tyrus(Limits limits) {
    Hub hub = TestServers.hub().limits(limits).build();
    PushServer server = TestServers.start(hub, endpoint());
    return new EngineFixture() {
      @Override
      public String name() {
        return "tyrus";
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

  /** The JSR-356 endpoint deployed in an embedded Tomcat. */
  static EngineFixture tomcat(Limits limits) {
    Hub hub = TestServers.hub().limits(limits).build();
    try {
      Path base = Files.createTempDirectory("pushwire-tomcat");
      EmbeddedTomcat tomcat = EmbeddedTomcat.start(base, hub, List.of(endpoint()));
      return new EngineFixture() {
        @Override
        public String name() {
          return "tomcat";
        }

        @Override
        public int port() {
          return tomcat.port();
        }

        @Override
        public Hub hub() {
          return hub;
        }

        @Override
        public void close() {
          try {
            tomcat.close();
          } catch (org.apache.catalina.LifecycleException e) {
            throw new IllegalStateException(e);
          } finally {
            hub.close();
          }
        }
      };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (org.apache.catalina.LifecycleException e) {
      throw new IllegalStateException("Tomcat did not start", e);
    }
  }
}
