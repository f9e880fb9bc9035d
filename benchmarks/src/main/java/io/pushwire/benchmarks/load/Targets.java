package io.pushwire.benchmarks.load;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * Every server the harness can measure, by the name used on the command line ({@code --targets})
 * and in the report. Each runs in a process of its own: the JVM ones in a {@link ServerProcess}
 * on the harness's own class path, Node's socket.io in a {@code node} process
 * ({@link NodeSocketIo}) and Spring Boot in a JVM on its own jar, both answering the same
 * commands.
 *
 * <p>To add a target (for instance {@code pushwire-netty}, the Pushwire Netty engine, once its
 * module exists): write a {@link Target}, add its module as a dependency of the benchmarks
 * module, and add one {@link Spec} line to {@link #ALL}. Nothing else in the harness names
 * targets; ratios are always to {@link #REFERENCE} when it runs.
 */
final class Targets {

  /** Where a target's server process comes from. */
  enum Kind {
    /** A {@link Target} in a {@link ServerProcess}, a JVM on the harness's class path. */
    JVM,
    /** Node's socket.io server, a script run with {@code node}; needs node and npm on the PATH. */
    NODE,
    /**
     * The Spring Boot peer: a JVM running {@code benchmarks/spring-target/target/spring-target.jar}
     * (module {@code benchmarks/spring-target}), a class path of its own so that Boot's Tomcat
     * stack stays away from Jetty, Tyrus and Netty.
     */
    SPRING_JAR
  }

  /**
   * One target.
   *
   * @param name its name on the command line and in the report
   * @param title what it is, for the report's legend
   * @param kind how its process is started
   * @param factory makes the {@link Target} from the padding string (JVM targets only)
   */
  record Spec(String name, String title, Kind kind, Function<String, Target> factory) {
  }

  /** Ratios are to this target, the anchor, when it runs; otherwise to the first target of the run. */
  static final String REFERENCE = "netty";

  /** In the order the report lists them. */
  static final List<Spec> ALL = List.of(
      new Spec("netty", "plain Netty 4.2, each publication framed once, retainedDuplicate() per channel:"
          + " the anchor", Kind.JVM, PlainNettyTarget::new),
      new Spec("pushwire", "Pushwire: PushServer and Hub, auth and topics (Tyrus + Grizzly)", Kind.JVM,
          PushwireTarget::new),
      new Spec("pushwire-netty", "Pushwire on its Netty engine (pushwire-server-netty): the same PushServer and Hub",
          Kind.JVM, PushwireTarget::onNetty),
      new Spec("baseline", "raw Tyrus: a plain JSR-356 endpoint on the same Tyrus + Grizzly listener", Kind.JVM,
          BaselineTarget::new),
      new Spec("jetty", "Jetty 12 JSR-356 (ee10): the same plain endpoint", Kind.JVM, JettyTarget::new),
      new Spec("netty-socketio", "netty-socketio 2.0: a room broadcast (Engine.IO 4 over WebSocket)", Kind.JVM,
          NettySocketIoTarget::new),
      new Spec("node-socketio", "Node socket.io 4.8: a room broadcast (Engine.IO 4 over WebSocket)", Kind.NODE,
          null),
      new Spec("spring", "Spring Boot 3.5 WebSocket on embedded Tomcat: a TextWebSocketHandler sending one TextMessage"
          + " to each ConcurrentWebSocketSessionDecorator", Kind.SPRING_JAR, null));

  /** The default run: the anchor, Pushwire and today's baseline, in about the time the two took before. */
  static final List<String> DEFAULT = List.of("netty", "pushwire", "baseline");

  private Targets() {
  }

  /** The spec named {@code name}. */
  static Spec spec(String name) {
    for (Spec spec : ALL) {
      if (spec.name().equals(name)) {
        return spec;
      }
    }
    throw new IllegalArgumentException("unknown target " + name + "; known: " + names(ALL));
  }

  /** Parses a comma list of target names, in the order given, without repeats. */
  static List<String> parse(String csv) {
    Set<String> chosen = new LinkedHashSet<>();
    for (String part : csv.split(",")) {
      String name = part.trim().toLowerCase(Locale.ROOT);
      if (!name.isEmpty()) {
        chosen.add(spec(name).name());
      }
    }
    if (chosen.isEmpty()) {
      throw new IllegalArgumentException("--targets names no target; known: " + names(ALL));
    }
    return List.copyOf(chosen);
  }

  /** Every target, in report order. */
  static List<String> all() {
    return names(ALL);
  }

  /** The JVM target {@code name}, made for a server process. */
  static Target create(String name, String pad) {
    Spec spec = spec(name);
    if (spec.kind() != Kind.JVM) {
      throw new IllegalArgumentException(name + " does not run in a JVM server process");
    }
    return spec.factory().apply(pad);
  }

  private static List<String> names(List<Spec> specs) {
    List<String> names = new ArrayList<>();
    specs.forEach(s -> names.add(s.name()));
    return List.copyOf(names);
  }
}
