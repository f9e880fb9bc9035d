package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Network counters of a {@link SystemMetrics} sample (seed 001 {@code network_io}).
 *
 * @param bytesSent bytes sent since the counters started
 * @param bytesRecv bytes received since the counters started
 */
public record NetworkIo(
    @JsonProperty(value = "bytes_sent", required = true) long bytesSent,
    @JsonProperty(value = "bytes_recv", required = true) long bytesRecv) {
}
