package io.pushwire.server.transport;

import java.io.IOException;

/**
 * A standalone engine: something that binds a port and serves a hub's endpoints, its health check
 * and static files on it. {@link io.pushwire.server.PushServer} runs on one. Engines are found with
 * {@link java.util.ServiceLoader}: an engine's artifact lists its implementation in
 * {@code META-INF/services/io.pushwire.server.transport.ServerEngine}. Tyrus, built into
 * {@code pushwire-server}, is used when present and nothing else is asked for; {@code
 * pushwire-server-netty} registers {@code "netty"}.
 *
 * <p>Implementations are stateless and thread-safe; each {@link #start} returns a new listener.
 */
public interface ServerEngine {

  /** The name {@code PushServer.Builder#engine} and the system property {@code pushwire.engine} ask for, such as {@code "netty"}. */
  String name();

  /**
   * Binds {@code config.host()}:{@code config.port()} and starts serving.
   *
   * @throws IOException if the port cannot be bound or an endpoint cannot be deployed
   */
  RunningEngine start(EngineConfig config) throws IOException;
}
