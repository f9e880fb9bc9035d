package io.pushwire.client;

import io.pushwire.client.reconnect.BackoffPolicy;
import io.pushwire.client.transport.Transport;
import io.pushwire.protocol.codec.PushwireCodec;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A client's settings, as validated by {@link PushClient.Builder}. Immutable.
 *
 * @param uri where to connect, without credentials
 * @param placement where the token goes, or {@code null} without a token
 * @param token supplies the token, asked once per connection attempt; {@code null} without one
 * @param clientId the client id to declare, or {@code null}
 * @param headers extra handshake headers
 * @param connectTimeout bound on TCP connect plus handshake, and separately on the auth reply
 * @param requestTimeout bound on each request and subscribe
 * @param heartbeatInterval how often to ping; zero when heartbeats are off
 * @param heartbeatTimeout silence after which the connection counts as dead
 * @param backoff the reconnect policy
 * @param callbackExecutor where callbacks run, or {@code null} for the client's own thread
 * @param outboxCapacity frames that may wait for a connection; 0 turns the outbox off
 * @param maxPendingRequests requests that may wait for replies at once
 * @param codec encodes and decodes frames
 * @param transports makes the transport, given the client's thread-name prefix (for testing: a fake one)
 * @param recovery whether subscriptions ask for positions and resume from them after a reconnect
 */
record ClientConfig(
    URI uri,
    TokenPlacement placement,
    Supplier<String> token,
    String clientId,
    Map<String, List<String>> headers,
    Duration connectTimeout,
    Duration requestTimeout,
    Duration heartbeatInterval,
    Duration heartbeatTimeout,
    BackoffPolicy backoff,
    Executor callbackExecutor,
    int outboxCapacity,
    int maxPendingRequests,
    PushwireCodec codec,
    Function<String, Transport> transports,
    boolean recovery) {

  boolean heartbeatEnabled() {
    return !heartbeatInterval.isZero();
  }
}
