package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code unsubscribe}: seed 001 names {@code events}, seed 003 names {@code topics}; one record
 * reads both and writes back whichever it was given.
 *
 * @param events seed 001's names, or {@code null}
 * @param topics seed 003's names, or {@code null}
 */
public record Unsubscribe(
    @JsonProperty("events") List<String> events,
    @JsonProperty("topics") List<String> topics) implements ClientMessage {

  public Unsubscribe {
    events = events == null ? null : List.copyOf(events);
    topics = topics == null ? null : List.copyOf(topics);
  }

  /** Seed 003's shape. */
  public static Unsubscribe topics(List<String> topics) {
    return new Unsubscribe(null, topics);
  }

  /** Seed 001's shape. */
  public static Unsubscribe events(List<String> events) {
    return new Unsubscribe(events, null);
  }

  /** The names, whichever field carried them. */
  public List<String> names() {
    return Subscribe.concat(events, topics);
  }
}
