package io.pushwire.examples.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ExampleOptionsTest {

  @Test
  void noArgumentsMeanLoopbackTheDefaultPortAndARandomTokenEachTime() {
    ExampleOptions first = ExampleOptions.parse(new String[0], 8025, 0, null, false);
    ExampleOptions second = ExampleOptions.parse(new String[0], 8025, 0, null, false);
    assertEquals("127.0.0.1", first.host());
    assertEquals(8025, first.port());
    assertTrue(first.token().matches("[A-Za-z0-9_-]{32}"), first.token());
    assertNotEquals(first.token(), second.token());
  }

  @Test
  void theEnvironmentSetsTheTokenAndTheCommandLineWinsOverIt() {
    assertEquals("from-env", ExampleOptions.parse(new String[0], 8025, 0, "from-env", false).token());
    assertEquals("from-args",
        ExampleOptions.parse(new String[] {"--token", "from-args"}, 8025, 0, "from-env", false).token());
  }

  @Test
  void aClientMustBeToldTheToken() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ExampleOptions.parse(new String[0], 8025, 1, null, true));
    assertTrue(e.getMessage().contains(ExampleOptions.TOKEN_ENV), e.getMessage());
    assertEquals("t", ExampleOptions.parse(new String[0], 8025, 1, "t", true).token());
  }

  @Test
  void everyOptionIsRead() {
    ExampleOptions options = ExampleOptions.parse(
        new String[] {"--token", "s3cret", "--port", "0", "--host", "localhost"}, 8025);
    assertEquals(new ExampleOptions("localhost", 0, "s3cret"), options);
  }

  @Test
  void badArgumentsAreNamed() {
    assertMessage("unknown argument: --prot", "--prot", "1");
    assertMessage("--port needs a value", "--port");
    assertMessage("--token needs a value", "--token", "--port", "1");
    assertMessage("--port must be a number from 0 to 65535, got 70000", "--port", "70000");
    assertMessage("--port must be a number from 0 to 65535, got x", "--port", "x");
    assertMessage("--host needs a value", "--host", " ");
  }

  @Test
  void theReadyLineListsTheUrlsThenTheToken() {
    assertEquals("READY http://127.0.0.1:1/?token=t ws://127.0.0.1:1/ws token=t",
        ExampleRunner.readyLine(List.of("http://127.0.0.1:1/?token=t", "ws://127.0.0.1:1/ws"), "t"));
  }

  @Test
  void aMainGivenBadArgumentsPrintsTheUsageAndExitsWithTwo() throws Exception {
    Process process = java(UsageProbe.class.getName(), "--port", "nope");
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    assertEquals(ExampleOptions.EXIT_USAGE, process.exitValue());
    assertTrue(err.contains("probe: --port must be a number"), err);
    assertTrue(err.contains("usage: java -jar probe.jar [--host H] [--port P] [--token T]"), err);
  }

  @Test
  void helpPrintsTheUsageAndExitsWithZero() throws Exception {
    Process process = java(UsageProbe.class.getName(), "--help");
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue());
    assertTrue(out.startsWith("usage: java -jar probe.jar"), out);
  }

  private static void assertMessage(String expected, String... args) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExampleOptions.parse(args, 1));
    assertEquals(expected, e.getMessage());
  }

  private static Process java(String mainClass, String... args) throws IOException {
    List<String> command = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), mainClass));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).start();
  }

  /** A main that does what every example's main does first. */
  static final class UsageProbe {
    public static void main(String[] args) {
      ExampleOptions.parseOrExit("probe", args, 9);
    }
  }
}
