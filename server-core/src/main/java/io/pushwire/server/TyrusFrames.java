package io.pushwire.server;

import jakarta.websocket.Session;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import org.glassfish.tyrus.core.TyrusWebSocket;
import org.glassfish.tyrus.core.frame.TyrusFrame;
import org.glassfish.tyrus.core.monitoring.MessageEventListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tyrus answers a client's WebSocket pings itself, with pongs written past the connection's
 * outbound queue, and reads binary frames whole to drop them; JSR-356 shows neither to an
 * endpoint. Tyrus does report every frame it receives to its per-connection monitoring listener
 * ({@link MessageEventListener}), on the connection's reader thread: this class puts a listener
 * there that reports pings and binary frames to the {@link PushConnection} (and passes every event
 * on to the listener Tyrus had set). The listener is reached through Tyrus internals, as
 * {@link TyrusRawTransport} reaches the writer: {@code TyrusRemoteEndpoint.webSocket} and the
 * package-private {@code TyrusWebSocket.get/setMessageEventListener}; where they are not as
 * expected (another Tyrus version), nothing is installed and pings go unmetered, as on Tyrus 2.2
 * without it. Loaded only after {@link ContainerCheck#isTyrus}. Stateless.
 */
final class TyrusFrames {

  private static final Logger log = LoggerFactory.getLogger(TyrusFrames.class);
  private static final String GRIZZLY_WRITER = "org.glassfish.tyrus.container.grizzly.client.GrizzlyWriter";

  /** The reflective path, resolved once; null when this Tyrus does not have it. */
  private static final Path PATH = Path.resolve();

  private TyrusFrames() {
  }

  /**
   * Reports {@code session}'s pings and binary frames to {@code connection} from now on, and
   * answers its Grizzly socket (for the write backlog and a hard close), or null where there is
   * none or the internals are not reachable.
   */
  static EngineSocket watch(Session session, PushConnection connection) {
    if (PATH == null) {
      return null;
    }
    try {
      Object webSocket = PATH.webSocket.get(session.getAsyncRemote());
      MessageEventListener previous = (MessageEventListener) PATH.getListener.invoke(webSocket);
      PATH.setListener.invoke(webSocket, new Listener(previous, connection));
      Object writer = PATH.writer.get(PATH.protocolHandler.get(webSocket));
      if (writer != null && GRIZZLY_WRITER.equals(writer.getClass().getName())) {
        Field connectionField = writer.getClass().getDeclaredField("connection");
        connectionField.setAccessible(true);
        return GrizzlySocket.of(connectionField.get(writer));
      }
      return null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.debug("Tyrus frame events not reachable; pings are not metered: {}", e.toString());
      return null;
    }
  }

  /** Reports pings and binary frames; passes every event on. Called on the connection's reader thread. */
  private static final class Listener implements MessageEventListener {
    private final MessageEventListener next;
    private final PushConnection connection;

    Listener(MessageEventListener next, PushConnection connection) {
      this.next = next == null ? MessageEventListener.NO_OP : next;
      this.connection = connection;
    }

    @Override
    public void onFrameSent(TyrusFrame.FrameType frameType, long payloadLength) {
      next.onFrameSent(frameType, payloadLength);
    }

    @Override
    public void onFrameReceived(TyrusFrame.FrameType frameType, long payloadLength) {
      next.onFrameReceived(frameType, payloadLength);
      switch (frameType) {
        case PING -> connection.onPing();
        case BINARY, BINARY_CONTINUATION -> connection.onBinary(payloadLength);
        default -> {
          // text arrives through the message handler, pongs through the pong handler
        }
      }
    }
  }

  /** The fields and methods from a session's remote endpoint to its frame listener and writer. */
  private record Path(Field webSocket, Method getListener, Method setListener, Field protocolHandler, Field writer) {
    static Path resolve() {
      try {
        Field webSocket = Class.forName("org.glassfish.tyrus.core.TyrusRemoteEndpoint").getDeclaredField("webSocket");
        Method get = TyrusWebSocket.class.getDeclaredMethod("getMessageEventListener");
        Method set = TyrusWebSocket.class.getDeclaredMethod("setMessageEventListener", MessageEventListener.class);
        Field protocolHandler = TyrusWebSocket.class.getDeclaredField("protocolHandler");
        Field writer = Class.forName("org.glassfish.tyrus.core.ProtocolHandler").getDeclaredField("writer");
        webSocket.setAccessible(true);
        get.setAccessible(true);
        set.setAccessible(true);
        protocolHandler.setAccessible(true);
        writer.setAccessible(true);
        return new Path(webSocket, get, set, protocolHandler, writer);
      } catch (ReflectiveOperationException | RuntimeException e) {
        log.info("Tyrus internals not as expected ({}); WebSocket pings are not metered", e.toString());
        return null;
      }
    }
  }
}
