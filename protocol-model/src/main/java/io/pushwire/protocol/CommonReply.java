package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * {@code common_reply} (seed 000), sent by both sides: the server answers {@code auth} with
 * {@code "auth ok"} or {@code "auth error"}, the client acknowledges every {@code running_log}
 * with {@code "ok"}.
 *
 * @param message the reply text
 */
public record CommonReply(@JsonProperty(value = "message", required = true) String message)
    implements ClientMessage, ServerMessage {

  /** The client's acknowledgement of a {@code running_log} batch. */
  public static final CommonReply OK = new CommonReply("ok");
  /** The server's answer to a valid {@code auth}. */
  public static final CommonReply AUTH_OK = new CommonReply("auth ok");
  /** The server's answer to an invalid {@code auth}, followed by a close. */
  public static final CommonReply AUTH_ERROR = new CommonReply("auth error");

  public CommonReply {
    Objects.requireNonNull(message, "message");
  }

  /** Whether this is the {@code "ok"} acknowledgement. Not a wire field: the seed's reply has only {@code message}. */
  @JsonIgnore
  public boolean isOk() {
    return OK.message.equals(message);
  }
}
