package io.pushwire.client;

import io.pushwire.protocol.ErrorCode;
import io.pushwire.protocol.ErrorMessage;
import java.util.Objects;

/** The server answered a request (or a subscribe) with an {@code error} frame carrying its id. */
public final class RequestFailedException extends PushClientException {

  private final transient ErrorMessage error;

  RequestFailedException(String requestId, ErrorMessage error) {
    super(requestId + " failed: " + error.code().wire()
        + (error.message() == null ? "" : ": " + error.message()), null);
    this.error = Objects.requireNonNull(error, "error");
  }

  /** The server's error, with its details and {@code retry_after}. */
  public ErrorMessage error() {
    return error;
  }

  /** The error code, for a {@code switch}. */
  public ErrorCode code() {
    return error.code();
  }
}
