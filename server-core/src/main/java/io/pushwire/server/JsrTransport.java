package io.pushwire.server;

import io.pushwire.server.transport.OutboundFrame;
import io.pushwire.server.transport.SendCallback;
import io.pushwire.server.transport.Transport;
import jakarta.websocket.CloseReason;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Transport} of a JSR-356 session, for every container: frames go out with
 * {@code sendText} on the session's asynchronous remote, whose {@code SendHandler} is the
 * {@link SendCallback}. Immutable; the session guards itself. Extended only by
 * {@link TyrusRawTransport}, Tyrus's pre-framed fast path.
 */
class JsrTransport implements Transport {

  private static final Logger log = LoggerFactory.getLogger(JsrTransport.class);
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private final Session session;
  private final RemoteEndpoint.Async remote;
  /**
   * The container's socket under the session where Pushwire can reach it (Tyrus on Grizzly), else
   * null. Set once by {@link #reportFramesTo} on the container's thread in onOpen; read by the
   * hub's timer.
   */
  private volatile EngineSocket socket;

  JsrTransport(Session session) {
    this.session = session;
    this.remote = session.getAsyncRemote();
  }

  @Override
  public void send(OutboundFrame frame, SendCallback whenReady) {
    try {
      remote.sendText(frame.text(), result -> whenReady.done(result.isOK() ? null : result.getException()));
    } catch (RuntimeException | Error e) {
      // Whatever the container throws (Tyrus throws an Error for text it cannot encode) is the
      // send's failure, reported once; only the JVM's own errors go on up.
      whenReady.done(e);
      if (e instanceof VirtualMachineError fatal) {
        throw fatal;
      }
    }
  }

  /**
   * Reports the frames a JSR-356 endpoint does not see as text or pong to {@code connection}: on
   * Tyrus, pings and binary frames (see {@link TyrusFrames}); on any other container, binary
   * frames, through a partial binary handler (so the container does not gather a whole binary
   * message first). Pings stay out of sight there: those containers answer them on the reader
   * thread and write the pong before reading on, so a client that does not read stops being read.
   * Called once, by the connection as it begins, on the container's thread.
   */
  void reportFramesTo(PushConnection connection) {
    if (ContainerCheck.isTyrus(session)) {
      socket = TyrusSupport.watchFrames(session, connection);
      return;
    }
    try {
      session.addMessageHandler(ByteBuffer.class,
          (MessageHandler.Partial<ByteBuffer>) (bytes, last) -> connection.onBinary(bytes.remaining()));
    } catch (RuntimeException e) { // closed already, or the container refuses: nothing to watch then
      log.debug("binary handler not added on {}: {}", session.getId(), e.toString());
    }
  }

  /** Bytes the container holds for this connection beyond the send in flight; 0 where it cannot tell. */
  long backlogBytes() {
    EngineSocket s = socket;
    return s == null ? 0 : s.backlogBytes();
  }

  /**
   * Drops the socket at once where the container lets Pushwire (Tyrus on Grizzly): after a close
   * to a client that does not read, whose close frame can never be delivered. Elsewhere the
   * container's own close stands.
   */
  void abort() {
    EngineSocket s = socket;
    if (s != null) {
      s.abort();
    }
  }

  @Override
  public void ping() {
    try {
      remote.sendPing(EMPTY.duplicate());
    } catch (IOException | RuntimeException e) {
      log.debug("ping on {} failed: {}", session.getId(), e.toString());
    }
  }

  @Override
  public void close(int code, String reason) {
    try {
      session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
    } catch (IOException | RuntimeException e) {
      log.debug("close of {} failed: {}", session.getId(), e.toString());
    }
  }

  @Override
  public boolean isOpen() {
    return session.isOpen();
  }
}
