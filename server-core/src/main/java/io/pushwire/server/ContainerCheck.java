package io.pushwire.server;

/**
 * Which JSR-356 container an object (a handshake request, a session) comes from, by class name
 * alone, so that asking loads nothing of the container's. Stateless.
 */
final class ContainerCheck {

  private static final String TYRUS_PACKAGE = "org.glassfish.tyrus.";

  private ContainerCheck() {
  }

  /** Whether {@code containerObject} is Tyrus's; only then may {@link TyrusSupport} be loaded. */
  static boolean isTyrus(Object containerObject) {
    return containerObject.getClass().getName().startsWith(TYRUS_PACKAGE);
  }
}
