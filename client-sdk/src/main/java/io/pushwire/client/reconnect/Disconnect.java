package io.pushwire.client.reconnect;

import java.time.Duration;
import java.util.Objects;

/**
 * Why a connection ended, or why an attempt to make one failed. {@link ReconnectDecision} turns a
 * cause into "reconnect after this delay" or "stop"; a {@code StateChange} carries it to
 * listeners.
 */
public sealed interface Disconnect {

  /**
   * The connection closed with {@code code}: a close frame from the server, or 1006 when the
   * connection dropped without one (network loss, a killed server).
   *
   * @param code the WebSocket close code
   * @param reason the close reason text, possibly empty
   */
  record Closed(int code, String reason) implements Disconnect {
    public Closed {
      reason = reason == null ? "" : reason;
    }
  }

  /**
   * The server refused the credentials: HTTP 401 or 403 at the handshake, or
   * {@code common_reply "auth error"} / an authentication error frame after a first-message
   * {@code auth}.
   *
   * @param detail what the server said, for logs
   */
  record AuthenticationRefused(String detail) implements Disconnect {
    public AuthenticationRefused {
      Objects.requireNonNull(detail, "detail");
    }
  }

  /**
   * The handshake was answered with an HTTP status other than 101, 401 and 403.
   *
   * @param httpStatus the status
   */
  record HandshakeRefused(int httpStatus) implements Disconnect {
  }

  /**
   * No connection could be made: refused, unreachable, or no handshake (or first-message auth)
   * answer within the connect timeout.
   *
   * @param detail what failed, for logs
   */
  record ConnectFailed(String detail) implements Disconnect {
    public ConnectFailed {
      Objects.requireNonNull(detail, "detail");
    }
  }

  /**
   * Nothing arrived within the heartbeat timeout, pongs included: the client presumed the
   * connection dead and closed it.
   *
   * @param silence how long nothing had arrived
   */
  record HeartbeatTimeout(Duration silence) implements Disconnect {
    public HeartbeatTimeout {
      Objects.requireNonNull(silence, "silence");
    }
  }

  /**
   * Frames handed to the connection were not leaving: more than the client's send bound was still
   * unwritten, so the client presumed the connection stuck and closed it.
   *
   * @param unsentChars characters waiting to be written when the client gave up
   */
  record SendStalled(long unsentChars) implements Disconnect {
  }

  /** The application called {@code close()}. */
  record ClosedByClient() implements Disconnect {
  }
}
