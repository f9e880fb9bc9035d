package io.pushwire.server.transport;

import io.pushwire.server.EndpointSpec;
import java.util.List;

/**
 * One mounted endpoint of a hub, as an engine serves it: answer its handshakes, then open its
 * connections. Made by {@link io.pushwire.server.Hub#transportEndpoint}. Thread-safe.
 *
 * <p>An engine's part, per connection: call {@link #handshake} with the upgrade request; on
 * {@link HandshakeOutcome.Refuse}, answer with its status and do not upgrade; on
 * {@link HandshakeOutcome.Accept}, upgrade, then call {@link #open} and feed the returned listener
 * every text frame, pong and the close, in order.
 */
public interface TransportEndpoint {

  /** The endpoint's specification. */
  EndpointSpec spec();

  /**
   * Every path the endpoint answers on: its own, and one more for each wire format that asks
   * elsewhere (Socket.IO clients ask for the path with a trailing slash).
   */
  List<String> paths();

  /** Whether {@code handshake} may upgrade: its origin, address and credentials checked. */
  HandshakeOutcome handshake(Handshake handshake);

  /**
   * Opens a connection on an upgraded {@code transport}. {@code outcome} is what {@link #handshake}
   * answered; an engine that cannot answer a refusal with an HTTP status (a JSR-356 container other
   * than Tyrus) passes the {@link HandshakeOutcome.Refuse} here, and the connection is told why and
   * closed. The hub may close the transport at once (shutting down, connection limit, a wire format
   * it cannot speak); the listener must be called all the same, {@link TransportListener#onClosed}
   * included.
   */
  TransportListener open(Transport transport, Handshake handshake, HandshakeOutcome outcome);
}
