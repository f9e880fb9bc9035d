package io.pushwire.protocol;

/**
 * {@code performance} (seed 001) in either of its two forms: {@link SystemMetrics} or
 * {@link CustomMetric}. The codec tells them apart by the presence of {@code metric_name}.
 */
public sealed interface Performance extends ServerMessage permits SystemMetrics, CustomMetric {
}
