package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code progress} object of {@code task_progress} (seed 003).
 *
 * @param total units of work in all
 * @param completed units done
 * @param failed units that failed
 * @param current what is being worked on now, e.g. {@code 处理 BTCUSDT}
 * @param percentage 0-100
 * @param status free text, e.g. {@code Downloading 2024-01-01}
 */
public record Progress(
    @JsonProperty("total") long total,
    @JsonProperty("completed") long completed,
    @JsonProperty("failed") long failed,
    @JsonProperty("current") String current,
    @JsonProperty("percentage") double percentage,
    @JsonProperty("status") String status) {
}
