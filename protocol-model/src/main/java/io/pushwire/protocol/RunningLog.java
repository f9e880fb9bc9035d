package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * {@code running_log} (seed 000): a batch of running-log lines the client must acknowledge with
 * {@link CommonReply#OK} before the server sends the next one.
 *
 * @param log the batch
 */
public record RunningLog(@JsonProperty(value = "log", required = true) LogBatch log)
    implements ServerMessage {

  public RunningLog {
    Objects.requireNonNull(log, "log");
  }
}
