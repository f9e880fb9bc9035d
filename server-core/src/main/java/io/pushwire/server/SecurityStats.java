package io.pushwire.server;

/**
 * What the server refused, timed out or closed at its edge, part of {@link ServerStats}: the
 * figures an operator watches for attacks. Each is a count since start; the same events are logged
 * under the logger {@code io.pushwire.security} (see {@code docs/security.md}). Socket-level events
 * (handshake timeouts, sockets refused at the cap) happen before any endpoint is known, so they
 * count in the hub's totals only, never in an endpoint's snapshot.
 *
 * @param handshakesRefused handshakes answered with an HTTP error instead of 101 (401 refused
 *     credentials, 403 refused origin, 429 throttled address)
 * @param handshakeTimeouts sockets closed because they were not upgraded within the handshake deadline
 * @param socketsRefused sockets closed at once because the cap on sockets not yet upgraded was reached
 * @param authThrottled authentication attempts refused, without asking the authenticator, because
 *     their address had failed too often
 * @param limitCloses connections closed by a limit: 1008 (rate), 1009 (frame size), 1013 (a
 *     connection cap), 4000 (slow consumer)
 * @param protocolErrors inbound frames that broke the protocol (not JSON, unknown or malformed message)
 * @param encodingFailures frames the container could not encode or send, other than to a peer that went away
 * @param refusedOrigins handshakes refused because their {@code Origin} is not allowed (403, or 1008 where the
 *     container cannot answer a status); also counted in {@code handshakesRefused} where the engine answers 403
 */
public record SecurityStats(
    long handshakesRefused,
    long handshakeTimeouts,
    long socketsRefused,
    long authThrottled,
    long limitCloses,
    long protocolErrors,
    long encodingFailures,
    long refusedOrigins) {

  /** No events. */
  public static final SecurityStats NONE = new SecurityStats(0, 0, 0, 0, 0, 0, 0, 0);
}
