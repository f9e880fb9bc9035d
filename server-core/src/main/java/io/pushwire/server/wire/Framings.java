package io.pushwire.server.wire;

import io.pushwire.server.Dialect;
import java.util.List;
import java.util.Map;

/**
 * The wire formats one endpoint accepts, and the choice among them for each connection: where the
 * endpoint is mounted, and which {@link Framing} a handshake gets. Plain JSON always; Socket.IO
 * too when the endpoint asks for it ({@code EndpointSpec.Builder.socketIo(true)}), for the
 * connections whose handshake names Engine.IO protocol 4 ({@code EIO=4}). Immutable.
 */
public final class Framings {

  private static final Framings JSON_ONLY = new Framings(false);
  private static final Framings JSON_AND_SOCKET_IO = new Framings(true);

  /** Whether Socket.IO clients are served beside plain ones. */
  private final boolean socketIo;

  private Framings(boolean socketIo) {
    this.socketIo = socketIo;
  }

  /** Plain JSON text frames only. */
  public static Framings jsonOnly() {
    return JSON_ONLY;
  }

  /** Plain JSON text frames, and Socket.IO for clients that connect as Socket.IO clients. */
  public static Framings jsonAndSocketIo() {
    return JSON_AND_SOCKET_IO;
  }

  /**
   * The paths to mount an endpoint at {@code path} on: the path itself, and for Socket.IO the path
   * with a trailing slash, which is where {@code socket.io-client} asks ({@code <path>/?EIO=4&...}).
   */
  public List<String> mountPaths(String path) {
    if (!socketIo || path.endsWith("/")) {
      return List.of(path);
    }
    return List.of(path, path + "/");
  }

  /**
   * The framing for a connection whose handshake had {@code queryParameters}, on an endpoint that
   * writes {@code dialect}; {@code connectionId} names its session where the format has one.
   */
  public Negotiation negotiate(Map<String, List<String>> queryParameters, String connectionId, Dialect dialect) {
    List<String> versions = queryParameters.get(SocketIoFraming.VERSION_PARAMETER);
    if (!socketIo || versions == null || versions.isEmpty()) {
      return new Negotiation.Speak(JsonFraming.INSTANCE);
    }
    if (!SocketIoFraming.VERSION.equals(versions.get(0))) {
      return new Negotiation.Refuse("Engine.IO protocol " + SocketIoFraming.VERSION + " only");
    }
    return new Negotiation.Speak(new SocketIoFraming(connectionId, dialect));
  }

  /** What a handshake gets: a framing to speak, or the reason it cannot be served. */
  public sealed interface Negotiation {
    /** Serve the connection with {@code framing}. */
    record Speak(Framing framing) implements Negotiation {
    }

    /** Close the connection as a protocol mismatch; {@code reason} goes in the close frame. */
    record Refuse(String reason) implements Negotiation {
    }
  }
}
