package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The system-metrics form of {@code performance} (seed 001). Any figure the host does not expose
 * is {@code null} and left out of the frame.
 *
 * @param cpuPercent CPU use, 0-100
 * @param memoryPercent memory use, 0-100
 * @param diskUsagePercent disk use, 0-100
 * @param networkIo network counters
 * @param processCount number of processes
 */
public record SystemMetrics(
    @JsonProperty("cpu_percent") Double cpuPercent,
    @JsonProperty("memory_percent") Double memoryPercent,
    @JsonProperty("disk_usage_percent") Double diskUsagePercent,
    @JsonProperty("network_io") NetworkIo networkIo,
    @JsonProperty("process_count") Integer processCount) implements Performance {
}
