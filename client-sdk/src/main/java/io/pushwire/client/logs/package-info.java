/**
 * Following the server's running log (seed 000) from the Java client: {@link
 * io.pushwire.client.logs.LogTail} resumes by offset and epoch after every reconnect, so its
 * {@link io.pushwire.client.logs.RunningLogListener} sees each line once, in order, or an explicit
 * {@link io.pushwire.client.logs.LogGap}. {@link io.pushwire.client.logs.LogTailer} builds it on
 * the client's public API: it claims {@code running_log}, asks on every connection that opens, and
 * acknowledges each batch on the connection it came from. See {@code docs/client.md} and
 * {@code docs/logs.md} §3.
 */
package io.pushwire.client.logs;
