package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * One topic's entry in the {@code positions} of a subscribe's {@link Ack}: where the topic's
 * stream stood when the subscription went live, and, for a subscription that asked to resume
 * ({@code since}), whether every publication after that position was replayed before it.
 *
 * @param offset the offset of the last publication delivered before live ones (replayed or not)
 * @param epoch the topic's epoch
 * @param recovered {@code null} when the subscribe gave no {@code since}; {@code true} when every
 *     publication after {@code since} was replayed; {@code false} when some were not, and the
 *     client must reload state
 * @param reason why {@code recovered} is false (a {@link RecoveryReason} wire name), or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StreamState(
    @JsonProperty(value = "offset", required = true) long offset,
    @JsonProperty(value = "epoch", required = true) String epoch,
    @JsonProperty("recovered") Boolean recovered,
    @JsonProperty("reason") String reason) {

  public StreamState {
    Objects.requireNonNull(epoch, "epoch");
  }

  /** A live start without recovery. */
  public static StreamState live(long offset, String epoch) {
    return new StreamState(offset, epoch, null, null);
  }

  /** The live start of a recovery that replayed everything after {@code since}. */
  public static StreamState recovered(long offset, String epoch) {
    return new StreamState(offset, epoch, true, null);
  }

  /** The live start of a recovery that could not replay everything, and why. */
  public static StreamState incomplete(long offset, String epoch, RecoveryReason reason) {
    return new StreamState(offset, epoch, false, reason.wireName());
  }
}
