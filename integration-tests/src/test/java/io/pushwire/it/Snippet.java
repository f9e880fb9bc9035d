package io.pushwire.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Java code block of the project's Markdown that is marked runnable. The convention: an HTML
 * comment on the line before the fence names the snippet, and says {@code fragment} when it is a
 * sequence of statements rather than a whole compilation unit.
 *
 * <pre>
 * &lt;!-- snippet: readme-server --&gt;
 * ```java
 * import ...;
 * public class HelloServer { ... }
 * ```
 *
 * &lt;!-- snippet: publish-from-a-service fragment --&gt;
 * ```java
 * hub.publish("task:progress", ...);
 * ```
 * </pre>
 *
 * A whole unit is compiled as it is written (its package and public type decide the file). A
 * fragment's leading {@code import} lines are kept, and its statements go into a method of a class
 * that also imports a few JDK packages (see {@link SnippetCompiler}); names it uses that are not
 * declared there make it fail, as they would a reader.
 *
 * @param file the Markdown file
 * @param line the line of the marker, 1-based
 * @param name the snippet's name
 * @param fragment whether the code is statements to wrap
 * @param code the code between the fences
 */
record Snippet(Path file, int line, String name, boolean fragment, String code) {

  private static final Pattern MARKER = Pattern.compile("^<!--\\s*snippet:\\s*([a-z0-9-]+)(\\s+fragment)?\\s*-->\\s*$");

  /** Every marked snippet of {@code file}; throws if a marker is not directly followed by a Java fence. */
  static List<Snippet> in(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    List<Snippet> snippets = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String text = lines.get(i).trim();
      if (!text.startsWith("<!--") || !text.contains("snippet:")) {
        continue;
      }
      Matcher marker = MARKER.matcher(text);
      if (!marker.matches()) {
        throw new IllegalStateException(where(file, i) + ": a snippet marker reads <!-- snippet: a-name --> or"
            + " <!-- snippet: a-name fragment -->, found " + text);
      }
      if (i + 1 >= lines.size() || !lines.get(i + 1).trim().equals("```java")) {
        throw new IllegalStateException(where(file, i) + ": the snippet marker must be followed by a ```java fence");
      }
      StringBuilder code = new StringBuilder();
      int j = i + 2;
      for (; j < lines.size() && !lines.get(j).trim().equals("```"); j++) {
        code.append(lines.get(j)).append('\n');
      }
      if (j == lines.size()) {
        throw new IllegalStateException(where(file, i) + ": the snippet's fence is not closed");
      }
      snippets.add(new Snippet(file, i + 1, marker.group(1), marker.group(2) != null, code.toString()));
      i = j;
    }
    return snippets;
  }

  private static String where(Path file, int index) {
    return file.getFileName() + ":" + (index + 1);
  }

  /** The snippet's place, for messages: {@code README.md:42 readme-server}. */
  String where() {
    return where(file, line - 1) + " " + name;
  }
}
