package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * {@code auth}: the first frame a client sends on a first-message-auth endpoint (seed 000, flat:
 * {@code {"type":"auth","token":"..."}}; seed 004 sends the same field under {@code payload}).
 *
 * @param token the credential; never logged by Pushwire
 */
public record Auth(@JsonProperty(value = "token", required = true) String token)
    implements ClientMessage {

  public Auth {
    Objects.requireNonNull(token, "token");
  }

  @Override
  public String toString() {
    return "Auth[token=<redacted>]";
  }
}
