package io.pushwire.server.wire;

/**
 * The wire formats a {@link Framing} can speak. The hub frames each publication once per format and
 * dialect, indexed by {@link #ordinal()}.
 */
public enum WireFormat {
  /** Each message is one JSON text frame ({@link JsonFraming}). */
  JSON_TEXT,
  /** Engine.IO 4 / Socket.IO 5 packets over WebSocket ({@link SocketIoFraming}). */
  SOCKET_IO
}
