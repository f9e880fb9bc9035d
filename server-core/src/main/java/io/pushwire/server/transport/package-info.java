/**
 * The transport SPI: what the hub needs from a WebSocket connection, so that one hub runs on any
 * engine. An engine (the JSR-356 adapter in this artifact, or {@code pushwire-server-netty})
 * accepts the socket, asks the hub's {@link io.pushwire.server.transport.TransportEndpoint} whether
 * the handshake may upgrade, and after the upgrade hands the hub a {@link
 * io.pushwire.server.transport.Transport} to write to and feeds it the client's frames through the
 * returned {@link io.pushwire.server.transport.TransportListener}. Applications never use these
 * types unless they write an engine.
 */
package io.pushwire.server.transport;
