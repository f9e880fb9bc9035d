package io.pushwire.server;

import io.pushwire.server.transport.ServerEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Which {@link ServerEngine} a {@link PushServer} runs on: the one named on its builder, else the
 * one named by the system property {@value #PROPERTY}, else Tyrus where it is on the class path,
 * else the first engine {@link ServiceLoader} finds. Stateless.
 */
final class Engines {

  /** The system property that names the engine when the builder does not. */
  static final String PROPERTY = "pushwire.engine";

  private Engines() {
  }

  /**
   * The engine named {@code requested} (or by the system property when it is null).
   *
   * @throws IllegalStateException when the named engine, or any engine, is not on the class path
   */
  static ServerEngine choose(String requested) {
    ClassLoader loader = PushServer.class.getClassLoader();
    String name = requested != null ? requested : System.getProperty(PROPERTY);
    if (name != null && name.isBlank()) {
      name = null;
    }
    boolean tyrus = tyrusPresent(loader);
    if (name == null && tyrus || TyrusEngine.NAME.equals(name) && tyrus) {
      return new TyrusEngine();
    }
    List<ServerEngine> found = new ArrayList<>();
    ServiceLoader.load(ServerEngine.class, loader).forEach(found::add);
    for (ServerEngine engine : found) {
      if (name == null || engine.name().equals(name)) {
        return engine;
      }
    }
    List<String> names = new ArrayList<>(found.stream().map(ServerEngine::name).toList());
    if (tyrus) {
      names.add(0, TyrusEngine.NAME);
    }
    throw new IllegalStateException((name == null ? "no Pushwire engine" : "no Pushwire engine named '" + name + "'")
        + " on the class path (found: " + names + "). Add io.pushwire:pushwire-server-standalone (type pom) for"
        + " Tyrus, or io.pushwire:pushwire-server-netty for Netty.");
  }

  /**
   * Whether Tyrus and Grizzly are on the class path of {@code loader}. Here, not in
   * {@link TyrusEngine}: that class cannot even be loaded without Grizzly.
   */
  private static boolean tyrusPresent(ClassLoader loader) {
    try {
      Class.forName("org.glassfish.tyrus.server.TyrusServerContainer", false, loader);
      Class.forName("org.glassfish.grizzly.http.server.HttpServer", false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
