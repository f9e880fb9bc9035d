package io.pushwire.server.monitoring.alerts;

import io.pushwire.protocol.AlertTriggered;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates {@link ThresholdRule}s against the samples of their metrics and raises and resolves
 * their alerts in an {@link AlertManager}, under the rule's name as the alert key.
 *
 * <p>Whether a rule's alert is active is read from the manager, so an alert someone resolved by
 * hand is raised again only after a fresh run of {@code samplesToRaise} bad samples. A rule that
 * cannot raise its alert (the manager is at its active-alert bound) logs a warning and tries
 * again on its next bad sample.
 *
 * <p>Thread-safe: {@link #observe} takes one lock, so samples of one metric recorded from several
 * threads are counted one at a time.
 */
public final class ThresholdRules {

  private static final Logger log = LoggerFactory.getLogger(ThresholdRules.class);

  /** Who resolves the alerts of rules, as written in {@code resolved_by}. */
  public static final String RESOLVED_BY = "system";

  private final AlertManager alerts;
  /** The rules by metric name. Immutable after construction. */
  private final Map<String, List<ThresholdRule>> byMetric;
  /** Each rule's run counts, by rule name: [bad run, clear run]. Guarded by this; one entry per rule. */
  private final Map<String, int[]> runs = new HashMap<>();

  /**
   * Rules raising alerts in {@code alerts}.
   *
   * @throws IllegalArgumentException if two rules share a name
   */
  public ThresholdRules(List<ThresholdRule> rules, AlertManager alerts) {
    this.alerts = Objects.requireNonNull(alerts, "alerts");
    Map<String, List<ThresholdRule>> grouped = new LinkedHashMap<>();
    Set<String> names = new HashSet<>();
    for (ThresholdRule rule : rules) {
      if (!names.add(rule.name())) {
        throw new IllegalArgumentException("two threshold rules are named \"" + rule.name() + "\"; give one another name()");
      }
      grouped.computeIfAbsent(rule.metric(), m -> new ArrayList<>()).add(rule);
      runs.put(rule.name(), new int[2]);
    }
    grouped.replaceAll((metric, list) -> List.copyOf(list));
    this.byMetric = Map.copyOf(grouped);
  }

  /** Counts one sample of {@code metric} towards every rule on it, raising or resolving alerts as they say. */
  public synchronized void observe(String metric, double value) {
    for (ThresholdRule rule : byMetric.getOrDefault(metric, List.of())) {
      int[] run = runs.get(rule.name());
      boolean active = alerts.active(rule.name()).isPresent();
      if (!active) {
        run[1] = 0;
        run[0] = rule.breaches(value) ? run[0] + 1 : 0;
        if (run[0] >= rule.samplesToRaise() && raise(rule, value)) {
          run[0] = 0;
        }
      } else {
        run[0] = 0;
        run[1] = rule.clears(value) ? run[1] + 1 : 0;
        if (run[1] >= rule.samplesToClear()) {
          run[1] = 0;
          alerts.resolve(rule.name(), String.format(Locale.ROOT, "%s back %s %s for %d samples", rule.metric(),
              rule.direction() == ThresholdRule.Direction.ABOVE ? "below" : "above",
              ThresholdRule.format(rule.clearThreshold()), rule.samplesToClear()), RESOLVED_BY);
        }
      }
    }
  }

  private boolean raise(ThresholdRule rule, double value) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    if (rule.metadata() != null) {
      metadata.putAll(rule.metadata());
    }
    metadata.put("metric", rule.metric());
    metadata.put("rule", rule.name());
    metadata.put("samples", rule.samplesToRaise());
    String message = String.format(Locale.ROOT, "%s is %s, %s %s for %d samples", rule.metric(),
        ThresholdRule.format(value), rule.direction() == ThresholdRule.Direction.ABOVE ? "above" : "below",
        ThresholdRule.format(rule.threshold()), rule.samplesToRaise());
    try {
      AlertTriggered raised = alerts.trigger(AlertRequest.builder(rule.name(), rule.type(), rule.level())
          .title(rule.title()).message(message).value(value).threshold(rule.threshold()).metadata(metadata).build());
      return raised != null;
    } catch (IllegalStateException | IllegalArgumentException e) {
      log.warn("threshold rule {} could not raise its alert: {}", rule.name(), e.getMessage());
      return false;
    }
  }
}
