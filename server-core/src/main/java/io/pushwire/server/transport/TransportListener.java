package io.pushwire.server.transport;

/**
 * The hub's side of one connection: what the engine tells it. An engine calls these for one
 * connection from one thread at a time, in the order the frames arrived (the way JSR-356 calls a
 * session's message handler, or a Netty channel's event loop does).
 */
public interface TransportListener {

  /** A whole text message (fragments already joined by the engine). */
  void onText(String text);

  /** A pong arrived. */
  void onPong();

  /** The connection is closed, by either side or by a failure. Called once. */
  void onClosed();
}
