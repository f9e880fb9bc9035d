/**
 * The running log of seed 000: a {@link io.pushwire.server.logs.LogStream} the application
 * appends to (directly or through {@link io.pushwire.server.logs.LogStreamHandler}), and
 * {@link io.pushwire.server.logs.RunningLogFeature}, which streams it to clients in acknowledged
 * batches that can be resumed by offset and epoch. Built on the hub's public API only; the wire
 * frames are in {@code docs/logs.md}.
 */
package io.pushwire.server.logs;
