package io.pushwire.server.monitoring;

/**
 * A snapshot of what {@link Monitoring} holds and has done, so its bounds can be watched.
 *
 * @param samplesTaken system samples taken and published since install
 * @param sampleFailures system samples lost because the source (or a rule) threw
 * @param customMetrics custom metric names kept in the history now
 * @param refusedMetricNames new custom metric names not kept because the bound was reached
 * @param activeAlerts alerts active now
 * @param statusComponents components whose latest status is kept now
 */
public record MonitoringStats(
    long samplesTaken,
    long sampleFailures,
    int customMetrics,
    long refusedMetricNames,
    int activeAlerts,
    int statusComponents) {
}
