package io.pushwire.it;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles {@link Snippet}s with the JDK's compiler against this module's test class path (the
 * published Pushwire artifacts and what the guides use beside them), each into its own folder.
 */
final class SnippetCompiler {

  /** What every fragment may use without importing it. */
  private static final List<String> FRAGMENT_IMPORTS = List.of("java.net.*", "java.net.http.*", "java.time.*",
      "java.util.*", "java.util.concurrent.*");
  private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");
  private static final Pattern PUBLIC_TYPE =
      Pattern.compile("(?m)^public\\s+(?:final\\s+|abstract\\s+)?(?:class|interface|record|enum)\\s+(\\w+)");
  private static final Pattern ANY_TYPE =
      Pattern.compile("(?m)^(?:final\\s+|abstract\\s+)?(?:class|interface|record|enum)\\s+(\\w+)");

  private final Path workDir;

  /** Compiles into folders under {@code workDir}. */
  SnippetCompiler(Path workDir) {
    this.workDir = workDir;
  }

  /** The class path this JVM's tests run with (surefire hides it behind a manifest-only jar). */
  static String testClassPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
  }

  /**
   * Compiles {@code snippet}, with every {@code replace[i]} replaced by {@code replace[i + 1]} in
   * its code first, and returns a class loader for its classes.
   *
   * @throws AssertionError with the compiler's messages if it does not compile
   */
  URLClassLoader compile(Snippet snippet, String... replace) throws IOException {
    String code = snippet.code();
    for (int i = 0; i + 1 < replace.length; i += 2) {
      code = code.replace(replace[i], replace[i + 1]);
    }
    Path dir = Files.createDirectories(workDir.resolve(snippet.file().getFileName() + "-" + snippet.name()));
    Path sources = Files.createDirectories(dir.resolve("src"));
    Path classes = Files.createDirectories(dir.resolve("classes"));
    Path source = snippet.fragment() ? writeFragment(sources, snippet, code) : writeUnit(sources, code);

    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    StringWriter output = new StringWriter();
    try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
      List<String> options = List.of("--release", "17", "-proc:none", "-classpath", testClassPath(),
          "-d", classes.toString());
      boolean compiled = compiler.getTask(output, files, diagnostics, options, null,
          files.getJavaFileObjects(source)).call();
      if (!compiled) {
        StringBuilder message = new StringBuilder(snippet.where() + " does not compile:\n");
        diagnostics.getDiagnostics().forEach(d -> message.append("  line ").append(d.getLineNumber()).append(": ")
            .append(d.getMessage(Locale.ROOT)).append('\n'));
        message.append("--- as compiled (").append(source.getFileName()).append(") ---\n")
            .append(Files.readString(source));
        throw new AssertionError(message.toString());
      }
    }
    return new URLClassLoader(new URL[] {classes.toUri().toURL()}, SnippetCompiler.class.getClassLoader());
  }

  /** The name of the unit's public type (or its first type), with its package. */
  static String mainType(String code) {
    Matcher pkg = PACKAGE.matcher(code);
    Matcher type = PUBLIC_TYPE.matcher(code);
    if (!type.find()) {
      type = ANY_TYPE.matcher(code);
      if (!type.find()) {
        throw new AssertionError("a whole snippet declares a type; this one declares none:\n" + code);
      }
    }
    return (pkg.find() ? pkg.group(1) + "." : "") + type.group(1);
  }

  private static Path writeUnit(Path sources, String code) throws IOException {
    String type = mainType(code);
    Path file = sources.resolve(type.replace('.', '/') + ".java");
    Files.createDirectories(file.getParent());
    return Files.writeString(file, code);
  }

  private static Path writeFragment(Path sources, Snippet snippet, String code) throws IOException {
    List<String> imports = new ArrayList<>();
    StringBuilder body = new StringBuilder();
    boolean header = true;
    for (String line : code.split("\n", -1)) {
      if (header && (line.startsWith("import ") || line.isBlank())) {
        if (!line.isBlank()) {
          imports.add(line);
        }
      } else {
        header = false;
        body.append("    ").append(line).append('\n');
      }
    }
    String className = "Fragment_" + snippet.name().replace('-', '_');
    StringBuilder unit = new StringBuilder();
    FRAGMENT_IMPORTS.forEach(i -> unit.append("import ").append(i).append(";\n"));
    imports.forEach(i -> unit.append(i).append('\n'));
    unit.append("\n/** ").append(snippet.where()).append(" */\nclass ").append(className).append(" {\n")
        .append("  @SuppressWarnings(\"unused\")\n  static void snippet() throws Exception {\n")
        .append(body).append("  }\n}\n");
    return Files.writeString(sources.resolve(className + ".java"), unit);
  }
}
