package io.pushwire.server;

/**
 * What a JSR-356 container's socket can tell and do beyond the API, where Pushwire can reach it
 * (Tyrus on Grizzly): how much it holds unsent, and dropping it. Implementations are thread-safe.
 */
interface EngineSocket {

  /** Bytes the engine holds for this socket, not yet taken by the kernel; 0 when unknown. */
  long backlogBytes();

  /** Drops the socket at once, without a close handshake, if it is still open. */
  void abort();
}
