package io.pushwire.server;

import io.pushwire.server.transport.OutboundFrame;
import io.pushwire.server.transport.SendCallback;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import jakarta.websocket.Session;
import org.glassfish.tyrus.core.TyrusWebSocket;
import org.glassfish.tyrus.spi.CompletionHandler;
import org.glassfish.tyrus.spi.Writer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tyrus's fast path: a publication's frame is made once ({@link OutboundFrame#wireFrame()}, header
 * and payload) and the same bytes are handed to every recipient's connection writer, instead of
 * {@code sendText} encoding the text to UTF-8 and framing it again for each of them (the load
 * harness measured that at half the publishing thread's time and 7 KB of garbage per delivery).
 *
 * <p>Tyrus offers no public way from a {@link Session} to its writer: the writer is reached once
 * per connection through three private fields ({@code TyrusRemoteEndpoint.webSocket},
 * {@code TyrusWebSocket.protocolHandler}, {@code ProtocolHandler.writer}), the same writer Tyrus's
 * own {@code sendRawFrame} uses. {@link #of} answers null where that fails (another Tyrus version),
 * and for a session with a negotiated extension (permessage-deflate frames must be compressed),
 * and the caller falls back to {@link JsrTransport}. Like {@link TyrusSupport}, loaded only after
 * {@link ContainerCheck#isTyrus}. Everything else (ping, close) goes through the session as
 * {@link JsrTransport} does.
 */
final class TyrusRawTransport extends JsrTransport {

  private static final Logger log = LoggerFactory.getLogger(TyrusRawTransport.class);

  /** The three fields, resolved once; null when this Tyrus does not have them. */
  private static final Field[] PATH = resolve();

  private final Writer writer;
  /** The completion handler for {@link #handlerFor}'s last callback; racy but idempotent, one per connection in practice. */
  private volatile Completion completion;

  private TyrusRawTransport(Session session, Writer writer) {
    super(session);
    this.writer = writer;
  }

  /** The fast transport of {@code session}, or null when its writer cannot be used directly. */
  static TyrusRawTransport of(Session session) {
    if (PATH == null || !session.getNegotiatedExtensions().isEmpty()) {
      return null;
    }
    try {
      Object webSocket = PATH[0].get(session.getAsyncRemote());
      Object handler = PATH[1].get(webSocket);
      Object writer = PATH[2].get(handler);
      return writer instanceof Writer w ? new TyrusRawTransport(session, w) : null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.debug("Tyrus writer not reachable, sending with sendText: {}", e.toString());
      return null;
    }
  }

  @Override
  public void send(OutboundFrame frame, SendCallback whenReady) {
    try {
      writer.write(frame.wireFrame(), handlerFor(whenReady));
    } catch (RuntimeException | Error e) {
      whenReady.done(e);
      if (e instanceof VirtualMachineError fatal) {
        throw fatal;
      }
    }
  }

  private Completion handlerFor(SendCallback callback) {
    Completion c = completion;
    if (c == null || c.callback != callback) {
      c = new Completion(callback);
      completion = c;
    }
    return c;
  }

  /** Adapts Tyrus's completion to the queue's callback; stateless apart from the callback. */
  private static final class Completion extends CompletionHandler<ByteBuffer> {
    final SendCallback callback;

    Completion(SendCallback callback) {
      this.callback = callback;
    }

    @Override
    public void completed(ByteBuffer result) {
      callback.done(null);
    }

    @Override
    public void failed(Throwable throwable) {
      callback.done(throwable);
    }

    @Override
    public void cancelled() {
      callback.done(new IllegalStateException("send cancelled"));
    }
  }

  private static Field[] resolve() {
    try {
      Field webSocket = Class.forName("org.glassfish.tyrus.core.TyrusRemoteEndpoint").getDeclaredField("webSocket");
      Field protocolHandler = TyrusWebSocket.class.getDeclaredField("protocolHandler");
      Field writer = Class.forName("org.glassfish.tyrus.core.ProtocolHandler").getDeclaredField("writer");
      webSocket.setAccessible(true);
      protocolHandler.setAccessible(true);
      writer.setAccessible(true);
      return new Field[] {webSocket, protocolHandler, writer};
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.info("Tyrus internals not as expected ({}); publications go out through sendText", e.toString());
      return null;
    }
  }
}
