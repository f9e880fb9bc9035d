package io.pushwire.server.rfc6455;

import io.pushwire.server.EmbeddedTomcat;
import io.pushwire.server.Hub;
import io.pushwire.server.Limits;
import io.pushwire.server.TestServers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@link EngineFixture} of the JSR-356 endpoint in an embedded Tomcat. A class of its own, so
 * that a run without Tomcat on the class path (server-netty's) never loads it.
 */
final class TomcatFixture {

  private TomcatFixture() {
  }

  /** The JSR-356 endpoint deployed in an embedded Tomcat. */
  static EngineFixture start(Limits limits) {
    Hub hub = TestServers.hub().limits(limits).build();
    try {
      Path base = Files.createTempDirectory("pushwire-tomcat");
      EmbeddedTomcat tomcat = EmbeddedTomcat.start(base, hub, List.of(EngineFixture.endpoint()));
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
