package io.pushwire.server.wire;

import io.pushwire.server.Limits;
import java.util.List;

/**
 * One wire format: how Pushwire's messages (JSON objects, written in the endpoint's dialect) travel
 * in WebSocket text frames, and how the format opens a session and keeps it alive. A connection
 * holds one framing, chosen at the handshake ({@link Framings#negotiate}), and never asks which.
 *
 * <p>The implementations: {@link JsonFraming} (each message is one frame, as it is) and
 * {@link SocketIoFraming} (Engine.IO 4 / Socket.IO 5 packets around each message, for
 * {@code socket.io-client}).
 *
 * <p>Threads: {@link #inbound} is called by the connection's reader thread only; the other methods
 * by any thread. An implementation that keeps state says what guards it.
 *
 * <p>Internal to the server: public only because the connection and the framings live in
 * different packages; it will change with the transport SPI.
 */
public interface Framing {

  /** The family this framing belongs to: a publication is framed once per format and dialect. */
  WireFormat format();

  /** The frames the server sends first, before anything else; empty when the format has no opening. */
  List<String> open(Limits limits);

  /** Reads one inbound text frame. */
  Inbound inbound(String frame);

  /**
   * The frames that tell the client its session is open, in answer to an {@link Inbound.Connect}
   * that the connection accepts without (or before) an {@code auth ok}.
   */
  List<String> connected();

  /**
   * The frames for one outbound message: {@code json} is a JSON object as the dialect writes it
   * (a reply, an error, a greeting). Empty when the format has nothing to send for it.
   *
   * @throws IllegalArgumentException if {@code json} is not a JSON object
   */
  List<String> outbound(String json);

  /**
   * The frame for one publication: the same for every connection with this framing's
   * {@link #format()} and dialect, so the hub makes it once per publication and shares it.
   *
   * @throws IllegalArgumentException if {@code json} is not a JSON object
   */
  String publication(String json);

  /**
   * The frame to queue as a heartbeat, or null when the heartbeat is the transport's own ping (a
   * WebSocket ping frame, which bypasses the outbound queue).
   */
  String heartbeat();

  /**
   * Whether every inbound frame counts against the rate limit before it is read. True where
   * control frames (heartbeats) never become messages, yet a flood of them must be stopped; false
   * where messages are metered once decoded, so that a refusal can carry the request's id and
   * acknowledgements go free.
   */
  boolean metersEveryFrame();
}
