package io.pushwire.server;

import io.pushwire.server.transport.Handshake;
import io.pushwire.server.transport.HandshakeOutcome;
import io.pushwire.server.transport.TransportListener;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSR-356 endpoint: one instance per connection, created by the configurator of
 * {@link Hub#endpointConfig(EndpointSpec)}. It only adapts container callbacks to the hub's
 * {@link io.pushwire.server.transport.TransportEndpoint}, with a {@link JsrTransport} as the socket.
 * Public only because containers call it reflectively; applications never create one.
 */
public final class PushwireEndpoint extends Endpoint {

  private static final Logger log = LoggerFactory.getLogger(PushwireEndpoint.class);

  /** Whether Tyrus sessions get the pre-framed fast path; a switch for comparing the two. */
  private static final boolean RAW_FRAMES = !"false".equals(System.getProperty("pushwire.tyrus.raw"));

  private final Hub hub;
  private final HubEndpoint endpoint;
  /**
   * Set in onOpen, read in later callbacks of the same session (the container calls them after
   * onOpen returns, in order).
   */
  private volatile TransportListener listener;
  /**
   * Set when the container reports the close, which it may do inside onOpen (a session the hub
   * closes at once) before {@link #listener} is set; both volatile, written before the other is read.
   */
  private volatile boolean closed;
  /** Whether the listener has been told of the close: once only. */
  private final AtomicBoolean closeTold = new AtomicBoolean();

  PushwireEndpoint(Hub hub, HubEndpoint endpoint) {
    this.hub = hub;
    this.endpoint = endpoint;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void onOpen(Session session, EndpointConfig config) {
    session.setMaxTextMessageBufferSize(hub.limits().maxFrameBytes());
    // No container idle timeout: the hub's own idle check decides, with its own close code.
    // Negative rather than 0: both mean "never" in JSR-356, but at 0 Tyrus 2.2 still schedules a
    // no-op timeout task on every frame sent or received, waking its scheduler thread each time;
    // the load harness measured that at half the server's CPU per delivery (docs/benchmarks.md).
    session.setMaxIdleTimeout(-1);
    Map<String, Object> properties = config.getUserProperties();
    HandshakeOutcome outcome = properties.get(HandshakeConfigurator.OUTCOME_KEY) instanceof HandshakeOutcome o
        ? o : new HandshakeOutcome.Accept(null);
    Map<String, List<String>> headers = properties.get(HandshakeConfigurator.HEADERS_KEY) instanceof Map<?, ?> h
        ? (Map<String, List<String>>) h : Map.of();
    Handshake handshake = new Handshake(headers, session.getRequestParameterMap(), remoteAddressOf(session));
    // The handlers go on first: a session the hub closes at once refuses new handlers.
    session.addMessageHandler(String.class, (MessageHandler.Whole<String>) this::onText);
    session.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) pong -> onPong());
    TransportListener l = endpoint.open(transport(session), handshake, outcome);
    listener = l;
    if (closed) { // the hub closed it at once, and the container reported that within open()
      tellClosed(l);
    }
  }

  @Override
  public void onClose(Session session, CloseReason closeReason) {
    closed = true;
    TransportListener l = listener;
    if (l != null) {
      tellClosed(l);
    }
  }

  private void onText(String text) {
    TransportListener l = listener;
    if (l != null) { // containers deliver nothing before onOpen returns; this only guards a broken one
      l.onText(text);
    }
  }

  private void onPong() {
    TransportListener l = listener;
    if (l != null) {
      l.onPong();
    }
  }

  /** Tells {@code l} of the close once, whichever of onOpen and onClose gets here first. */
  private void tellClosed(TransportListener l) {
    if (closeTold.compareAndSet(false, true)) {
      l.onClosed();
    }
  }

  @Override
  public void onError(Session session, Throwable error) {
    log.debug("connection error on {}: {}", endpoint.spec().path(), error.toString());
  }

  /**
   * Tyrus's fast path where it can be used (see {@link TyrusRawTransport}), else the portable one.
   * The system property {@code pushwire.tyrus.raw=false} turns the fast path off.
   */
  private static JsrTransport transport(Session session) {
    if (RAW_FRAMES && ContainerCheck.isTyrus(session)) {
      JsrTransport fast = TyrusSupport.rawTransport(session);
      if (fast != null) {
        return fast;
      }
    }
    return new JsrTransport(session);
  }

  private static String remoteAddressOf(Session session) {
    return ContainerCheck.isTyrus(session) ? TyrusSupport.remoteAddress(session) : null;
  }
}
