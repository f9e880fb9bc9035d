package io.pushwire.server;

import io.pushwire.protocol.ServerMessage;
import io.pushwire.protocol.codec.MessageTypes;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ids a hub makes up: connections ({@code c7}), clients that declared none
 * ({@code client-8}), and stamped messages ({@code task_status_9}). One counter for all, so no two
 * ids of one hub share a number. Thread-safe.
 */
final class Ids {

  /** The last number handed out; atomic, taken by any thread. */
  private final AtomicLong last = new AtomicLong();

  String connection() {
    return "c" + last.incrementAndGet();
  }

  String client() {
    return "client-" + last.incrementAndGet();
  }

  String message(ServerMessage message) {
    return MessageTypes.typeOf(message) + "_" + last.incrementAndGet();
  }
}
