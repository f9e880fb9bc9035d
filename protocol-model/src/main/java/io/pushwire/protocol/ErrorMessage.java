package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import java.util.Objects;

/**
 * {@code error}: a typed error. Seed 003 carries it under {@code error}
 * ({@code {"type":"error","id":..,"error":{"code","message","details"}}}); seed 001 under
 * {@code data} ({@code {"type":"error","data":{"code","message","retry_after"}}}). The codec reads
 * both; which one it writes is the frame's {@link io.pushwire.protocol.codec.Envelope}.
 *
 * @param code the error code
 * @param message what went wrong, for a developer
 * @param details free-form details
 * @param retryAfter milliseconds to wait before retrying ({@code RATE_LIMIT_EXCEEDED},
 *     {@code CONNECTION_FAILED}), or {@code null}
 */
public record ErrorMessage(
    @JsonProperty(value = "code", required = true) ErrorCode code,
    @JsonProperty("message") String message,
    @JsonProperty("details") Map<String, Object> details,
    @JsonProperty("retry_after") Long retryAfter) implements ServerMessage {

  public ErrorMessage {
    Objects.requireNonNull(code, "code");
  }

  /** An error with a code and message only. */
  public static ErrorMessage of(ErrorCode code, String message) {
    return new ErrorMessage(code, message, null, null);
  }
}
