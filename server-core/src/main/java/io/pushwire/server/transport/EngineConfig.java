package io.pushwire.server.transport;

import io.pushwire.server.Hub;
import java.nio.file.Path;
import io.pushwire.server.TlsConfig;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What an engine serves, whichever engine it is: one port on one host, the hub's endpoints, its
 * health check and optionally static files.
 *
 * @param host the host to bind, exactly (0.0.0.0 only when asked for)
 * @param port the port, 0 for a free one
 * @param hub the hub; {@code GET /health} answers from {@link Hub#isAccepting()} and {@link Hub#stats()}
 * @param endpoints the endpoints, each served on every one of its {@link TransportEndpoint#paths()}
 * @param staticFolder serve the files under this folder at {@code /}, or null
 * @param staticResourcePrefix serve the class-path resources under this prefix (such as
 *     {@code "/web/"}) at {@code /}, or null; ignored when {@code staticFolder} is set
 * @param maxMessageBytes the largest inbound message the engine buffers (its fragments joined);
 *     a larger one is closed by the engine with 1009. Kept above the hub's own
 *     {@code Limits#maxFrameBytes()}, so that messages between the two reach the hub's check and
 *     get its answer, also 1009, with its counters
 * @param tls serve {@code wss://} with this, or null for plain {@code ws://}; an engine that cannot
 *     must refuse to start rather than serve plain text
 * @param handshakeTimeout how long a socket may take from its accept to its upgrade
 * @param maxPendingSockets how many sockets not yet upgraded the engine holds at most
 * @param permessageDeflate whether to offer permessage-deflate (bounded to the hub's frame limit);
 *     an engine that cannot must refuse to start
 * @param edge where the engine reports what it refuses or times out at its edge, and asks whether
 *     an address is throttled; null means {@link EdgeEvents#NONE}
 * @param ioThreads how many threads serve the sockets (an engine's event loops or selectors),
 *     0 for the engine's own default
 */
public record EngineConfig(String host, int port, Hub hub, List<TransportEndpoint> endpoints, Path staticFolder,
    String staticResourcePrefix, int maxMessageBytes, TlsConfig tls, Duration handshakeTimeout, int maxPendingSockets,
    boolean permessageDeflate, EdgeEvents edge, int ioThreads) {

  /** The most {@link #ioThreads} an engine is asked for. */
  public static final int MAX_IO_THREADS = 1_024;

  public EngineConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(hub, "hub");
    endpoints = List.copyOf(endpoints);
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("an engine needs at least one endpoint");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0-65535, got " + port);
    }
    if (maxMessageBytes <= 0) {
      throw new IllegalArgumentException("maxMessageBytes must be > 0, got " + maxMessageBytes);
    }
    if (ioThreads < 0 || ioThreads > MAX_IO_THREADS) {
      throw new IllegalArgumentException("ioThreads must be 0-" + MAX_IO_THREADS + ", got " + ioThreads);
    }
    edge = edge == null ? EdgeEvents.NONE : edge;
  }
}
