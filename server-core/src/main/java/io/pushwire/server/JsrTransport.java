package io.pushwire.server;

import io.pushwire.server.transport.OutboundFrame;
import io.pushwire.server.transport.SendCallback;
import io.pushwire.server.transport.Transport;
import jakarta.websocket.CloseReason;
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
