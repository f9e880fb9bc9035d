package io.pushwire.server.topics;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A per-subscription filter on a message's body fields, as seed 001 sends it:
 * {@code {"level": ["warning", "critical"]}} passes messages whose {@code level} is one of those.
 * Every named field must pass; a message without a filtered field does not pass; an array field
 * passes if any element does. An empty filter passes everything. Immutable.
 */
public final class MessageFilter {

  /** The filter that passes everything. */
  public static final MessageFilter NONE = new MessageFilter(Map.of());

  /** Most fields one filter may name. */
  public static final int MAX_FIELDS = 16;
  /** Most accepted values per field. */
  public static final int MAX_VALUES = 64;

  private final Map<String, Set<String>> accepted;

  private MessageFilter(Map<String, Set<String>> accepted) {
    this.accepted = accepted;
  }

  /**
   * A filter from seed 001's {@code filters} object.
   *
   * @throws IllegalArgumentException if it names more than {@value #MAX_FIELDS} fields or more
   *     than {@value #MAX_VALUES} values for one
   */
  public static MessageFilter of(Map<String, List<String>> filters) {
    if (filters == null || filters.isEmpty()) {
      return NONE;
    }
    if (filters.size() > MAX_FIELDS) {
      throw new IllegalArgumentException("a filter may name at most " + MAX_FIELDS + " fields");
    }
    Map<String, Set<String>> accepted = filters.entrySet().stream()
        .peek(e -> {
          if (e.getValue() == null || e.getValue().size() > MAX_VALUES) {
            throw new IllegalArgumentException("filter field \"" + e.getKey() + "\" needs 1-" + MAX_VALUES + " values");
          }
        })
        .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> Set.copyOf(e.getValue())));
    return new MessageFilter(accepted);
  }

  /** Whether this filter passes everything. */
  public boolean isEmpty() {
    return accepted.isEmpty();
  }

  /** Whether a message whose body is {@code body} passes. */
  public boolean test(JsonNode body) {
    for (Map.Entry<String, Set<String>> entry : accepted.entrySet()) {
      JsonNode value = body.get(entry.getKey());
      if (value == null || !passes(value, entry.getValue())) {
        return false;
      }
    }
    return true;
  }

  private static boolean passes(JsonNode value, Set<String> accepted) {
    if (value.isArray()) {
      for (JsonNode element : value) {
        if (element.isValueNode() && accepted.contains(element.asText())) {
          return true;
        }
      }
      return false;
    }
    return value.isValueNode() && accepted.contains(value.asText());
  }

  @Override
  public String toString() {
    return accepted.toString();
  }
}
