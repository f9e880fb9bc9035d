package io.pushwire.server.monitoring.alerts;

import io.pushwire.protocol.AlertLevel;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What an application asks {@link AlertManager#trigger} to raise, or to update if it is active.
 *
 * <pre>{@code
 * alerts.trigger(AlertRequest.builder("cpu-high", "cpu", AlertLevel.WARNING)
 *     .title("CPU使用率过高")
 *     .message("CPU使用率达到 85%，建议检查进程")
 *     .value(85.2).threshold(80.0)
 *     .metadata(Map.of("suggestion", "检查高CPU使用率进程"))
 *     .build());
 * }</pre>
 *
 * @param key the application's name for the condition; triggering the same key while it is
 *     active updates that alert, keeping its {@code alert_id}
 * @param type the alert's subject, e.g. {@code cpu}; it is published on {@code alert.<type>}
 * @param level its severity
 * @param title short title, or {@code null}
 * @param message description, or {@code null}
 * @param value the observed value, or {@code null}
 * @param threshold the threshold it crossed, or {@code null}
 * @param metadata free-form details, or {@code null}
 */
public record AlertRequest(String key, String type, AlertLevel level, String title, String message,
    Double value, Double threshold, Map<String, Object> metadata) {

  /** Longest alert type accepted; {@code alert.<type>} must stay a valid topic name. */
  public static final int MAX_TYPE_LENGTH = 100;

  public AlertRequest {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(level, "level");
    if (type.isEmpty() || type.length() > MAX_TYPE_LENGTH || type.indexOf('*') >= 0 || type.indexOf('?') >= 0
        || type.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("an alert type is 1-" + MAX_TYPE_LENGTH
          + " characters without wildcards or control characters, got \"" + type + "\"");
    }
    if ((value != null && !Double.isFinite(value)) || (threshold != null && !Double.isFinite(threshold))) {
      throw new IllegalArgumentException("value and threshold must be finite numbers: JSON has no NaN or infinity");
    }
    metadata = metadata == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }

  /** Starts a request for the condition {@code key}, of {@code type}, at {@code level}. */
  public static Builder builder(String key, String type, AlertLevel level) {
    return new Builder(key, type, level);
  }

  /** Builds an {@link AlertRequest}. Not thread-safe. */
  public static final class Builder {
    private final String key;
    private final String type;
    private final AlertLevel level;
    private String title;
    private String message;
    private Double value;
    private Double threshold;
    private Map<String, Object> metadata;

    private Builder(String key, String type, AlertLevel level) {
      this.key = key;
      this.type = type;
      this.level = level;
    }

    /** A short title. */
    public Builder title(String title) {
      this.title = title;
      return this;
    }

    /** A description. */
    public Builder message(String message) {
      this.message = message;
      return this;
    }

    /** The observed value. */
    public Builder value(double value) {
      this.value = value;
      return this;
    }

    /** The threshold the value crossed. */
    public Builder threshold(double threshold) {
      this.threshold = threshold;
      return this;
    }

    /** Free-form details, written as the alert's {@code metadata}. */
    public Builder metadata(Map<String, Object> metadata) {
      this.metadata = metadata;
      return this;
    }

    /** Builds the request. */
    public AlertRequest build() {
      return new AlertRequest(key, type, level, title, message, value, threshold, metadata);
    }
  }
}
