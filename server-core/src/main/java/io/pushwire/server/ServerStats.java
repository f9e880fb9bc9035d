package io.pushwire.server;

/**
 * A snapshot of a hub's counters ({@link Hub#stats()}), or of one endpoint's
 * ({@link Hub#stats(String)}, {@link Hub#statsByEndpoint()}): an endpoint's figures count its
 * connections only, whichever path they came in by (a Socket.IO endpoint's second path counts under
 * the endpoint's own), and the hub's are the sums over its endpoints. Counters only grow, except
 * the two "current" gauges.
 *
 * <p>Bytes are the UTF-8 lengths of the text frames' payloads, as the application and the client
 * see them: WebSocket framing, compression, pings, pongs and close frames are not counted, nor are
 * heartbeat frames a wire format sends itself (Socket.IO's {@code 2}), which are not counted as
 * frames either. {@code bytesIn} counts every inbound text frame that {@code framesIn} counts
 * (oversized ones too). {@code bytesOut} counts what {@code framesOut} counts, frames queued for
 * sending: a publication to N recipients of one wire format and dialect adds N times its frame's
 * length. That length is measured once per distinct frame (a publication is framed once per wire
 * format and dialect), by counting, without encoding, so the figure costs one pass over each frame
 * made, not one per recipient. A frame queued to a connection that then closes before it goes out
 * is still counted.
 *
 * @param connections connections open now
 * @param subscriptions subscriptions held now, over all connections (each one counted already receives publications)
 * @param connectionsOpened connections opened since start
 * @param framesIn frames received
 * @param framesOut frames queued for sending (each then goes to the container in order)
 * @param dropped droppable frames dropped because a queue was full
 * @param closedSlow connections closed as slow consumers
 * @param rejectedFrames inbound frames answered with an error (bad JSON, unknown type, rate limit, ...)
 * @param authFailures refused credentials
 * @param bytesIn UTF-8 bytes of the frames received
 * @param bytesOut UTF-8 bytes of the frames queued for sending
 * @param security what was refused, timed out or closed at the edge (see {@link SecurityStats}); in
 *     an endpoint's snapshot, only what could be told apart by endpoint
 */
public record ServerStats(
    int connections,
    int subscriptions,
    long connectionsOpened,
    long framesIn,
    long framesOut,
    long dropped,
    long closedSlow,
    long rejectedFrames,
    long authFailures,
    long bytesIn,
    long bytesOut,
    SecurityStats security) {

  public ServerStats {
    java.util.Objects.requireNonNull(security, "security");
  }

  /** The figures without security events ({@link SecurityStats#NONE}), as before they were counted. */
  public ServerStats(int connections, int subscriptions, long connectionsOpened, long framesIn, long framesOut,
      long dropped, long closedSlow, long rejectedFrames, long authFailures, long bytesIn, long bytesOut) {
    this(connections, subscriptions, connectionsOpened, framesIn, framesOut, dropped, closedSlow, rejectedFrames,
        authFailures, bytesIn, bytesOut, SecurityStats.NONE);
  }
}
