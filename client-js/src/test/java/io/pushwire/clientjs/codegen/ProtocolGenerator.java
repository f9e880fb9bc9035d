package io.pushwire.clientjs.codegen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generates the JavaScript package's protocol files from {@code protocol-model} (and the server's
 * dialect names), or checks that the committed ones are what it would generate.
 *
 * <ul>
 *   <li>{@code src/generated/protocol.d.ts}: TypeScript types of every record, enum and message type;</li>
 *   <li>{@code src/generated/protocol.js}: the run-time constants the client uses;</li>
 *   <li>{@code schema/pushwire-protocol.schema.json}: a JSON Schema of every frame.</li>
 * </ul>
 *
 * <p>The files are committed, so that the package needs neither Java nor Node to be used, and the
 * build runs this class in {@code check} mode: a model change that is not regenerated fails the
 * build, naming the files and the command that regenerates them.
 *
 * <p>Usage: {@code ProtocolGenerator check|write <client-js folder>}.
 */
public final class ProtocolGenerator {

  /** The command that regenerates the files, quoted in the header and in a failed check. */
  static final String REGENERATE =
      "mvn -B -q -o -pl client-js -am process-test-classes -Dpushwire.protocol=write";

  private ProtocolGenerator() {
  }

  public static void main(String[] args) {
    if (args.length != 2 || !List.of("check", "write").contains(args[0])) {
      throw new IllegalArgumentException("usage: ProtocolGenerator check|write <client-js folder>");
    }
    Path root = Path.of(args[1]);
    Map<Path, String> files = generate(root);
    if (args[0].equals("write")) {
      files.forEach(ProtocolGenerator::write);
      System.out.println("[pushwire] wrote " + files.keySet());
      return;
    }
    List<String> stale = new ArrayList<>();
    files.forEach((path, expected) -> {
      String actual = read(path);
      if (!expected.equals(actual)) {
        stale.add(root.relativize(path) + (actual == null ? " (missing)" : " (" + firstDifference(expected, actual) + ")"));
      }
    });
    if (!stale.isEmpty()) {
      throw new IllegalStateException("the generated protocol files are out of date with protocol-model: "
          + String.join("; ", stale) + ". Regenerate them with `" + REGENERATE + "` and commit them.");
    }
    System.out.println("[pushwire] generated protocol files are up to date: " + files.size() + " files");
  }

  /** The files to write, by path under {@code root}. */
  static Map<Path, String> generate(Path root) {
    ProtocolModel model = ProtocolModel.read();
    Map<Path, String> files = new LinkedHashMap<>();
    files.put(root.resolve("src/generated/protocol.d.ts"), TypeScriptWriter.render(model));
    files.put(root.resolve("src/generated/protocol.js"), RuntimeWriter.render(model));
    files.put(root.resolve("schema/pushwire-protocol.schema.json"), SchemaWriter.render(model));
    return files;
  }

  /** The header of every generated file, each line prefixed with {@code comment}. */
  static String header(String comment) {
    String prefix = comment.isEmpty() ? "" : comment + " ";
    return prefix + "GENERATED from protocol-model by io.pushwire.clientjs.codegen.ProtocolGenerator: do not edit.\n"
        + prefix + "Regenerate with: " + REGENERATE + "\n";
  }

  private static String firstDifference(String expected, String actual) {
    String[] e = expected.split("\n", -1);
    String[] a = actual.split("\n", -1);
    for (int i = 0; i < Math.min(e.length, a.length); i++) {
      if (!e[i].equals(a[i])) {
        return "line " + (i + 1) + ": expected `" + e[i].strip() + "`, found `" + a[i].strip() + "`";
      }
    }
    return "expected " + e.length + " lines, found " + a.length;
  }

  private static String read(Path path) {
    try {
      return Files.exists(path) ? Files.readString(path, StandardCharsets.UTF_8) : null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path path, String content) {
    try {
      Files.createDirectories(path.getParent());
      Files.writeString(path, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
