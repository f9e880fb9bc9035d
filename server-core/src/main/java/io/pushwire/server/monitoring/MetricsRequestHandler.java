package io.pushwire.server.monitoring;

import io.pushwire.protocol.ErrorCode;
import io.pushwire.protocol.MetricsHistory;
import io.pushwire.protocol.RequestData;
import io.pushwire.server.monitoring.metrics.MetricHistory;
import io.pushwire.server.requests.RequestContext;
import io.pushwire.server.requests.RequestException;
import io.pushwire.server.requests.RequestHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Answers seed 001's {@code request_data} with a {@code metrics_history}: for each named metric,
 * its samples within {@code history_minutes} (capped at the history's retention), or its latest
 * sample when no {@code history_minutes} is given. Refuses the whole request with
 * {@code METRIC_NOT_FOUND} when a name is unknown, and with {@code INVALID_MESSAGE} when it names
 * no metric, more than {@value #MAX_METRICS_PER_REQUEST}, or a {@code history_minutes} below 1.
 * Stateless; runs on the connection's thread.
 */
final class MetricsRequestHandler implements RequestHandler<RequestData> {

  /** Most metrics one request may name, which bounds one reply to this many series. */
  static final int MAX_METRICS_PER_REQUEST = 16;

  private final MetricHistory history;
  private final Clock clock;

  MetricsRequestHandler(MetricHistory history, Clock clock) {
    this.history = history;
    this.clock = clock;
  }

  @Override
  public void handle(RequestData request, RequestContext context) throws RequestException {
    Set<String> names = new LinkedHashSet<>(request.metrics());
    if (names.isEmpty()) {
      throw new RequestException(ErrorCode.INVALID_MESSAGE, "request_data names no metrics");
    }
    if (names.size() > MAX_METRICS_PER_REQUEST) {
      throw new RequestException(ErrorCode.INVALID_MESSAGE,
          "request_data may name at most " + MAX_METRICS_PER_REQUEST + " metrics, got " + names.size(),
          Map.of("limit", MAX_METRICS_PER_REQUEST));
    }
    Integer minutes = request.historyMinutes();
    if (minutes != null && minutes < 1) {
      throw new RequestException(ErrorCode.INVALID_MESSAGE, "history_minutes must be at least 1, got " + minutes);
    }
    List<String> unknown = new ArrayList<>();
    for (String name : names) {
      if (!history.knows(name)) {
        unknown.add(name);
      }
    }
    if (!unknown.isEmpty()) {
      throw new RequestException(ErrorCode.METRIC_NOT_FOUND, "no such metric: " + String.join(", ", unknown),
          Map.of("metrics", unknown));
    }
    Integer window = minutes == null ? null : (int) Math.min(minutes, history.maxAge().toMinutes());
    Instant now = clock.instant();
    Map<String, MetricsHistory.Series> series = new LinkedHashMap<>();
    for (String name : names) {
      // A name can be forgotten between the check and here only if it aged out: answer it empty.
      MetricsHistory.Series empty = new MetricsHistory.Series(null, List.of(), false);
      series.put(name, (window == null
          ? history.latest(name)
          : history.window(name, now, Duration.ofMinutes(window))).orElse(empty));
    }
    context.reply(new MetricsHistory(window, series));
  }
}
