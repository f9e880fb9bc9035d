package io.pushwire.server.requests;

import io.pushwire.protocol.ErrorCode;
import io.pushwire.protocol.ErrorMessage;
import java.util.Map;
import java.util.Objects;

/**
 * Thrown by a request handler to answer with a typed error ({@code TASK_NOT_FOUND},
 * {@code FORBIDDEN}, ...) instead of a reply. Any other exception becomes {@code SERVER_ERROR}.
 */
public class RequestException extends Exception {

  private final ErrorCode code;
  private final Map<String, Object> details;

  /** An error with a code and a message for the client's developer. */
  public RequestException(ErrorCode code, String message) {
    this(code, message, null);
  }

  /** An error with details (for example the rejected ids). */
  public RequestException(ErrorCode code, String message, Map<String, Object> details) {
    super(message, null, false, false);
    this.code = Objects.requireNonNull(code, "code");
    this.details = details == null ? null : Map.copyOf(details);
  }

  /** The error code. */
  public ErrorCode code() {
    return code;
  }

  /** The error as a message. */
  public ErrorMessage toMessage() {
    return new ErrorMessage(code, getMessage(), details, null);
  }
}
