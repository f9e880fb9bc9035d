package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * {@code subscribe}: one record reads both seed shapes. Seed 001 names what it wants in
 * {@code events} (e.g. {@code alert.cpu}, with optional {@code filters} such as
 * {@code {"level":["warning","critical"]}}); seed 003 names it in {@code topics} (e.g.
 * {@code task:progress}). The record writes back whichever of the two it was given.
 *
 * @param events seed 001's names, or {@code null}
 * @param topics seed 003's names, or {@code null}
 * @param filters field name to accepted values; a message passes when, for every filtered field,
 *     its value is one of the accepted ones
 * @param positions Pushwire extension: {@code true} asks that pushes on these topics carry their
 *     stream position ({@code pos}) and that the {@code ack} says where each topic stood;
 *     {@code null} (left out) otherwise
 * @param since Pushwire extension: topic to the last position the client saw; the server replays
 *     what its history still holds after it, then goes live, and says in the {@code ack} whether
 *     the recovery was complete. Implies {@code positions}. {@code null} (left out) otherwise
 */
public record Subscribe(
    @JsonProperty("events") List<String> events,
    @JsonProperty("topics") List<String> topics,
    @JsonProperty("filters") Map<String, List<String>> filters,
    @JsonProperty("positions") Boolean positions,
    @JsonProperty("since") Map<String, Position> since) implements ClientMessage {

  public Subscribe {
    events = events == null ? null : List.copyOf(events);
    topics = topics == null ? null : List.copyOf(topics);
    filters = filters == null ? null : Map.copyOf(filters);
    if (since != null) {
      java.util.Map<String, Position> copy = new java.util.LinkedHashMap<>();
      since.forEach((topic, position) -> {
        if (position == null) {
          throw new IllegalArgumentException("since." + topic + " must be a position {offset, epoch}");
        }
        copy.put(topic, position.withoutTopic());
      });
      since = java.util.Collections.unmodifiableMap(copy);
    }
  }

  /** The seed shapes, without the Pushwire extensions. */
  public Subscribe(List<String> events, List<String> topics, Map<String, List<String>> filters) {
    this(events, topics, filters, null, null);
  }

  /** This subscribe asking for positions on pushes. */
  public Subscribe withPositions() {
    return new Subscribe(events, topics, filters, Boolean.TRUE, since);
  }

  /** This subscribe resuming from {@code positions} (topic to last position seen); empty: none. */
  public Subscribe withSince(Map<String, Position> positions) {
    return new Subscribe(events, topics, filters, Boolean.TRUE, positions.isEmpty() ? null : positions);
  }

  /** Whether the client asked for positions, explicitly or by giving {@code since}. */
  public boolean wantsPositions() {
    return Boolean.TRUE.equals(positions) || since != null;
  }

  /** The position to resume {@code topic} from, or {@code null}. */
  public Position sinceFor(String topic) {
    return since == null ? null : since.get(topic);
  }

  /** Seed 003's shape: {@code {"topics":[...]}}. */
  public static Subscribe topics(List<String> topics) {
    return new Subscribe(null, topics, null);
  }

  /** Seed 001's shape: {@code {"events":[...],"filters":{...}}}. */
  public static Subscribe events(List<String> events, Map<String, List<String>> filters) {
    return new Subscribe(events, null, filters);
  }

  /** The names asked for, whichever field carried them (both, if a client sent both). */
  public List<String> names() {
    return concat(events, topics);
  }

  /** The filters, never {@code null}. */
  public Map<String, List<String>> filtersOrEmpty() {
    return filters == null ? Map.of() : filters;
  }

  static List<String> concat(List<String> a, List<String> b) {
    if (a == null) {
      return b == null ? List.of() : b;
    }
    if (b == null) {
      return a;
    }
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
