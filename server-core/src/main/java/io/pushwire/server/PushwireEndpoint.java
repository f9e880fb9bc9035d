package io.pushwire.server;

import io.pushwire.protocol.CloseCode;
import io.pushwire.server.auth.Principal;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSR-356 endpoint: one instance per connection, created by the configurator of
 * {@link Hub#endpointConfig(EndpointSpec)}. It only adapts container callbacks to the hub.
 * Public only because containers call it reflectively; applications never create one.
 */
public final class PushwireEndpoint extends Endpoint {

  private static final Logger log = LoggerFactory.getLogger(PushwireEndpoint.class);

  private final Hub hub;
  private final EndpointSpec spec;
  /** Set in onOpen, read in later callbacks of the same session (the container orders them). */
  private volatile PushConnection connection;

  PushwireEndpoint(Hub hub, EndpointSpec spec) {
    this.hub = hub;
    this.spec = spec;
  }

  @Override
  public void onOpen(Session session, EndpointConfig config) {
    session.setMaxTextMessageBufferSize(hub.limits().maxFrameBytes());
    // No container idle timeout: the hub's own idle check decides, with its own close code.
    // Negative rather than 0: both mean "never" in JSR-356, but at 0 Tyrus 2.2 still schedules a
    // no-op timeout task on every frame sent or received, waking its scheduler thread each time;
    // the load harness measured that at half the server's CPU per delivery (docs/benchmarks.md).
    session.setMaxIdleTimeout(-1);
    Object principal = config.getUserProperties().get(HandshakeConfigurator.PRINCIPAL_KEY);
    boolean refused = Boolean.TRUE.equals(config.getUserProperties().get(HandshakeConfigurator.REFUSED_KEY));
    PushConnection c = hub.open(session, spec, remoteAddressOf(session));
    connection = c;
    if (c == null) {
      return;
    }
    session.addMessageHandler(String.class, (MessageHandler.Whole<String>) c::onText);
    session.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) pong -> c.onPong());
    c.begin();
    if (refused) {
      c.refuseHandshakeAuth();
    } else if (principal instanceof Principal p) {
      c.admitHandshake(p);
    } else {
      c.awaitFirstMessageAuth();
    }
  }

  @Override
  public void onClose(Session session, CloseReason closeReason) {
    PushConnection c = connection;
    if (c != null) {
      c.closed();
    }
    hub.sessionClosed();
  }

  @Override
  public void onError(Session session, Throwable error) {
    log.debug("connection error on {}: {}", spec.path(), error.toString());
  }

  /** Closes a session that never became a connection (refused at once). */
  static void closeAtOnce(Session session, CloseCode code, String reason) {
    try {
      session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code.code()), reason));
    } catch (IOException e) {
      log.debug("close failed: {}", e.toString());
    }
  }

  private static String remoteAddressOf(Session session) {
    return ContainerCheck.isTyrus(session) ? TyrusSupport.remoteAddress(session) : null;
  }
}
