package io.pushwire.server.transport;

/**
 * What a standalone engine asks and reports at its edge, where no connection exists yet or the
 * hub never sees the frame: sockets that never upgraded, handshakes it refused, frames it refused
 * by their header. The hub implements it ({@link EngineConfig#edge()}): each event is counted in
 * {@code hub.stats().security()} and logged under {@code io.pushwire.security}, the same way on
 * every engine (see {@code docs/security.md}). Engines only call it. Thread-safe; no method blocks.
 */
public interface EdgeEvents {

  /** Asks nothing and counts nothing: for an engine run without a hub's edge. */
  EdgeEvents NONE = new EdgeEvents() {
    @Override
    public void handshakeTimedOut(String peer) {
    }

    @Override
    public void socketRefused(String peer, int cap) {
    }

    @Override
    public long blockedMillis(String address) {
      return 0;
    }

    @Override
    public void handshakeRefused(String path, String address, int status) {
    }

    @Override
    public void frameRefused(String peer, int code, String reason) {
    }

    @Override
    public void frameProtocolError(String peer, int code, String reason) {
    }
  };

  /** A socket from {@code peer} was closed: it had not upgraded within the handshake deadline. */
  void handshakeTimedOut(String peer);

  /** A socket from {@code peer} was closed at once: {@code cap} sockets were already waiting to upgrade. */
  void socketRefused(String peer, int cap);

  /**
   * How long upgrades from {@code address} are still refused, in ms (0: not refused). A positive
   * answer is counted as a throttled attempt; the engine answers 429 with {@code Retry-After} and
   * then reports the refusal with {@link #handshakeRefused}. A null address is never refused.
   */
  long blockedMillis(String address);

  /**
   * An upgrade to {@code path} from {@code address} was answered with HTTP {@code status}, not 101
   * (401, 403, 429). A 401 counts as a failed authentication towards the address's throttle.
   */
  void handshakeRefused(String path, String address, int status);

  /**
   * The engine closed a connection from {@code peer} with {@code code} for a limit (a frame
   * declared or inflated too big, pings too fast), before the hub saw the frame: a limit close.
   */
  void frameRefused(String peer, int code, String reason);

  /** The engine closed a connection from {@code peer} with {@code code} for a protocol error it found itself. */
  void frameProtocolError(String peer, int code, String reason);
}
