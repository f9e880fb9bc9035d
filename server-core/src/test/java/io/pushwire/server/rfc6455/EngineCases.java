package io.pushwire.server.rfc6455;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pushwire.server.Limits;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Base of the test classes that run each case on every {@link EngineFixture}: one server per
 * engine for the class, started on first use and closed after the last case.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EngineCases {

  /** Started fixtures by engine name; touched only by the JUnit thread that runs the class. */
  private final Map<String, EngineFixture> started = new LinkedHashMap<>();

  /** The limits every engine of this class runs with. */
  protected Limits limits() {
    return Limits.defaults();
  }

  /** The engines, for {@code @MethodSource}. */
  List<EngineFixture.Engine> engines() {
    return EngineFixture.all();
  }

  /** The running fixture of {@code engine}. */
  protected EngineFixture on(EngineFixture.Engine engine) {
    return started.computeIfAbsent(engine.name(), name -> engine.start().apply(limits()));
  }

  /** A raw connection to {@code fixture}'s endpoint, upgraded and authenticated. */
  protected static RawWebSocket open(EngineFixture fixture) throws IOException {
    RawWebSocket socket = RawWebSocket.connect(fixture.port(), fixture.path());
    assertEquals(101, socket.status(), "the handshake on " + fixture.name());
    return socket;
  }

  @AfterAll
  void closeEngines() {
    started.values().forEach(EngineFixture::close);
  }
}
