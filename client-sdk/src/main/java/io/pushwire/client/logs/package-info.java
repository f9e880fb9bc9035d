/**
 * Following the server's running log (seed 000) from the Java client: {@link
 * io.pushwire.client.logs.LogTail} resumes by offset and epoch after every reconnect, so its
 * {@link io.pushwire.client.logs.RunningLogListener} sees each line once, in order, or an explicit
 * {@link io.pushwire.client.logs.LogGap}. See {@code docs/client.md} and {@code docs/logs.md} §3.
 */
package io.pushwire.client.logs;
