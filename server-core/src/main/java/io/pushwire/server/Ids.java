package io.pushwire.server;

import io.pushwire.protocol.ServerMessage;
import io.pushwire.protocol.codec.MessageTypes;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ids a hub makes up: connections ({@code c7-3f9a2c}), clients that declared none
 * ({@code client-8}), and stamped messages ({@code task_status_9}). One counter for all, so no two
 * ids of one hub share a number. A connection id also carries a random tag of its hub, so it names
 * one connection across every node of a cluster ({@code publishToConnection} reaches any node).
 * Thread-safe.
 */
final class Ids {

  /** This hub's tag in its connection ids; fixed at construction. */
  private final String hubTag = Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() & 0xffffffffffL);

  /** The last number handed out; atomic, taken by any thread. */
  private final AtomicLong last = new AtomicLong();

  String connection() {
    return "c" + last.incrementAndGet() + "-" + hubTag;
  }

  String client() {
    return "client-" + last.incrementAndGet();
  }

  String message(ServerMessage message) {
    return MessageTypes.typeOf(message) + "_" + last.incrementAndGet();
  }
}
