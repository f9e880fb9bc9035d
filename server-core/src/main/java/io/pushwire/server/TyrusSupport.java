package io.pushwire.server;

import jakarta.websocket.Session;
import org.glassfish.tyrus.core.HandshakeException;
import org.glassfish.tyrus.core.TyrusSession;

/**
 * The only class of the embeddable server's endpoint that names Tyrus. Every caller first checks
 * {@link ContainerCheck#isTyrus}, so on Tomcat, Jetty
 * or Undertow this class is never loaded and Tyrus need not be on the class path ({@code tyrus-core}
 * is an optional dependency of {@code pushwire-server}). The JVM's verifier loads the Tyrus types a
 * class's methods use when it loads the class, so neither the callers nor the check may live here.
 * Stateless.
 */
final class TyrusSupport {

  private TyrusSupport() {
  }

  /** The exception that makes Tyrus answer a handshake with {@code status} instead of 101. */
  static RuntimeException refusal(int status, String message) {
    return sneaky(new HandshakeException(status, message));
  }

  /** The peer's address as Tyrus knows it, or null when {@code session} is not a Tyrus session. */
  static String remoteAddress(Session session) {
    return session instanceof TyrusSession tyrus ? tyrus.getRemoteAddr() : null;
  }

  /** The pre-framed fast transport of a Tyrus session, or null where it cannot be used. */
  static JsrTransport rawTransport(Session session) {
    return TyrusRawTransport.of(session);
  }

  /** Reports {@code session}'s pings and binary frames to {@code connection}; see {@link TyrusFrames}. */
  static EngineSocket watchFrames(Session session, PushConnection connection) {
    return TyrusFrames.watch(session, connection);
  }

  /** Raises a checked exception through an interface method that declares none. */
  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E sneaky(Throwable t) throws E {
    throw (E) t;
  }
}
