package io.pushwire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java in README.md and docs/*.md works as written: every snippet marked runnable (see
 * {@link Snippet}) compiles against the published artifacts, and the README's server and client
 * run against each other.
 */
class DocsSnippetsTest {

  /** The repository root: this module's parent folder. */
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  @TempDir
  Path work;

  private static List<Path> markdown() throws IOException {
    List<Path> files = new ArrayList<>();
    files.add(ROOT.resolve("README.md"));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
    }
    return files;
  }

  private static List<Snippet> allSnippets() throws IOException {
    List<Snippet> snippets = new ArrayList<>();
    for (Path file : markdown()) {
      snippets.addAll(Snippet.in(file));
    }
    return snippets;
  }

  private static Snippet named(String name) throws IOException {
    return allSnippets().stream().filter(s -> s.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no snippet named " + name + " in README.md or docs/"));
  }

  @TestFactory
  Stream<DynamicTest> everyMarkedSnippetCompiles() throws IOException {
    List<Snippet> snippets = allSnippets();
    assertTrue(snippets.size() >= 2, "no marked snippets found under " + ROOT);
    SnippetCompiler compiler = new SnippetCompiler(work);
    return snippets.stream().map(snippet -> DynamicTest.dynamicTest(snippet.where(), () -> compiler.compile(snippet).close()));
  }

  @Test
  void snippetNamesAreUnique() throws IOException {
    List<String> names = allSnippets().stream().map(Snippet::name).toList();
    assertEquals(names.size(), names.stream().distinct().count(), "duplicate snippet names: " + names);
  }

  @Test
  void theReadmeServerAndClientRunAgainstEachOther() throws Exception {
    int port = freePort();
    SnippetCompiler compiler = new SnippetCompiler(work);
    Snippet serverSnippet = named("readme-server");
    Snippet clientSnippet = named("readme-client");
    assertTrue(serverSnippet.code().contains("8025") && clientSnippet.code().contains("8025"),
        "the README pair is shown on port 8025; the test moves it to a free port");
    Method serverMain = mainOf(compiler.compile(serverSnippet, "8025", String.valueOf(port)), serverSnippet);
    Method clientMain = mainOf(compiler.compile(clientSnippet, "8025", String.valueOf(port)), clientSnippet);

    CompletableFuture<Throwable> serverEnded = new CompletableFuture<>();
    Thread server = new Thread(() -> serverEnded.complete(run(serverMain)), "readme-server");
    server.setDaemon(true);
    server.start();
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> isListening(port) || serverEnded.isDone());
    assertFalse(serverEnded.isDone(), () -> "the README server stopped: " + serverEnded.join());

    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(new Tee(original, printed), true, StandardCharsets.UTF_8));
    Throwable clientFailure;
    try {
      clientFailure = CompletableFuture.supplyAsync(() -> run(clientMain)).get(60, TimeUnit.SECONDS);
    } finally {
      System.setOut(original);
    }
    if (clientFailure != null) {
      throw new AssertionError("the README client failed", clientFailure);
    }
    String output = printed.toString(StandardCharsets.UTF_8);
    assertTrue(output.contains("t1 is RUNNING"), "the client's request got no task status:\n" + output);
    assertTrue(output.lines().filter(l -> l.matches("t1 \\d+\\.\\d%")).count() >= 3,
        "the client printed fewer than three progress pushes:\n" + output);

    server.interrupt();                         // the server's loop sleeps; its try-with-resources closes it
    Throwable serverFailure = serverEnded.get(30, TimeUnit.SECONDS);
    assertTrue(serverFailure instanceof InterruptedException, "the server ended with " + serverFailure);
    Awaitility.await().until(() -> !isListening(port));
  }

  @Test
  void aSnippetThatDoesNotCompileFailsWithTheCompilersMessage() {
    Snippet broken = new Snippet(ROOT.resolve("README.md"), 1, "broken", true,
        "Hub hub = Hub.builder().build();\n");
    AssertionError failure = assertThrows(AssertionError.class, () -> new SnippetCompiler(work).compile(broken));
    assertTrue(failure.getMessage().contains("does not compile"), failure.getMessage());
    assertTrue(failure.getMessage().contains("cannot find symbol"), failure.getMessage());
  }

  @Test
  void aMarkerWithoutAJavaFenceIsAnError() throws IOException {
    Path file = Files.writeString(work.resolve("bad.md"), "text\n<!-- snippet: lost -->\n```sh\nls\n```\n");
    IllegalStateException failure = assertThrows(IllegalStateException.class, () -> Snippet.in(file));
    assertTrue(failure.getMessage().contains("bad.md:2"), failure.getMessage());
  }

  private static Method mainOf(ClassLoader loader, Snippet snippet) throws ReflectiveOperationException {
    return loader.loadClass(SnippetCompiler.mainType(snippet.code())).getMethod("main", String[].class);
  }

  /** Runs a main method; returns what it threw, or null. */
  private static Throwable run(Method main) {
    try {
      main.invoke(null, (Object) new String[0]);
      return null;
    } catch (InvocationTargetException e) {
      return e.getCause();
    } catch (ReflectiveOperationException | RuntimeException e) {
      return e;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static boolean isListening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Writes to two streams. */
  private static final class Tee extends OutputStream {
    private final OutputStream first;
    private final OutputStream second;

    Tee(OutputStream first, OutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public void write(int b) throws IOException {
      first.write(b);
      second.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      first.write(b, off, len);
      second.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      first.flush();
      second.flush();
    }
  }
}
