package io.pushwire.server;

import io.pushwire.protocol.codec.Frame;
import io.pushwire.server.auth.Credentials;
import io.pushwire.server.auth.Principal;
import java.util.Optional;
import java.util.concurrent.Future;

/**
 * What a {@link PushConnection} needs from the hub that serves it, and nothing more: the limits
 * and codecs it works with, the counters it adds to, and the hub's side of each step of its life
 * (authentication, admission, its messages, its end). The connection owns its socket, its queue,
 * its framing and its inbound checks; everything shared across connections is behind this.
 */
interface ConnectionHost {

  Limits limits();

  /** The counters of {@code spec}'s endpoint, which a connection of it holds and adds to. */
  Counters counters(EndpointSpec spec);

  DialectCodecs codecs();

  /**
   * Asks the authenticator about first-message credentials of {@code connection}; empty when
   * refused. When the connection's address is throttled, the authenticator is not asked: the
   * connection is told {@code RATE_LIMIT_EXCEEDED} and closed with 1013, and this returns empty.
   */
  Optional<Principal> authenticate(PushConnection connection, Credentials credentials);

  /** Where the connection reports refusals, limit closes, protocol errors and encoding failures. */
  SecurityEvents security();

  /**
   * Admits {@code connection} as {@code principal}, queueing {@code greeting} (a message, or null)
   * in the same step as it is marked authenticated; see {@link ConnectionRegistry#admit}.
   *
   * @return whether it was admitted; if so, the connection then calls {@link #admitted}
   */
  boolean admit(PushConnection connection, Principal principal, String greeting);

  /** {@code connection} was admitted: tell the listeners, greet and subscribe it as its endpoint asks. */
  void admitted(PushConnection connection);

  /** A message of an authenticated connection, on its reader thread. */
  void received(PushConnection connection, Frame frame);

  /** {@code connection} is closing or closed: forget it and its subscriptions. Idempotent. */
  void closed(PushConnection connection);

  /** The engine reported the connection's transport closed; called once per connection, after {@link #closed}. */
  void transportClosed();

  /** Runs {@code task} after {@code delayMillis} on the hub's timer (at once if the hub is closing). */
  Future<?> schedule(Runnable task, long delayMillis);
}
