package io.pushwire.server;

import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.nio.NIOConnection;

/**
 * The Grizzly connection under a Tyrus session: its async write queue (where Tyrus's pongs and
 * frames wait when the client does not read) and a hard close. Loaded only for a Tyrus writer that
 * is Grizzly's, so Grizzly need not be on the class path otherwise. Immutable.
 */
final class GrizzlySocket implements EngineSocket {

  private final Connection<?> connection;

  private GrizzlySocket(Connection<?> connection) {
    this.connection = connection;
  }

  /** The socket of {@code connection}, or null when it is not a Grizzly connection. */
  static EngineSocket of(Object connection) {
    return connection instanceof Connection<?> c ? new GrizzlySocket(c) : null;
  }

  @Override
  public long backlogBytes() {
    return connection instanceof NIOConnection nio ? nio.getAsyncWriteQueue().spaceInBytes() : 0;
  }

  @Override
  public void abort() {
    if (connection.isOpen()) {
      connection.closeSilently();
    }
  }
}
