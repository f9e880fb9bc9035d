package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * A place in one topic's stream: the offset of a publication, and the epoch of the history it
 * belongs to (a server that loses a topic's history starts a new epoch, so an offset is only
 * comparable within its epoch). On a pushed frame it is the envelope-level field {@code pos}
 * ({@code {"topic","offset","epoch"}}), written only to clients that asked for positions; in a
 * {@code subscribe}'s {@code since} it is keyed by topic and {@code topic} is left out.
 *
 * @param topic the topic, or {@code null} where the position is keyed by topic already
 * @param offset the publication's offset, {@code >= 0} (0: before the first publication)
 * @param epoch the history's epoch, non-empty
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Position(
    @JsonProperty("topic") String topic,
    @JsonProperty(value = "offset", required = true) long offset,
    @JsonProperty(value = "epoch", required = true) String epoch) {

  /** Malformed positions are refused here, so the codec reports them as the sender's error. */
  public Position {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0, got " + offset);
    }
    Objects.requireNonNull(epoch, "epoch");
    if (epoch.isEmpty()) {
      throw new IllegalArgumentException("epoch must not be empty");
    }
  }

  /** A position without a topic, as in a {@code since} map. */
  public static Position of(long offset, String epoch) {
    return new Position(null, offset, epoch);
  }

  /** This position without its topic. */
  public Position withoutTopic() {
    return topic == null ? this : new Position(null, offset, epoch);
  }
}
