package io.pushwire.client;

import java.time.Duration;

/**
 * No reply arrived within the request timeout (counted from the call, time in the outbox
 * included). A reply that arrives later is dropped.
 */
public final class RequestTimeoutException extends PushClientException {

  private final Duration timeout;

  RequestTimeoutException(String requestId, Duration timeout) {
    super(requestId + ": no reply within " + timeout.toMillis() + " ms", null);
    this.timeout = timeout;
  }

  /** The timeout that passed. */
  public Duration timeout() {
    return timeout;
  }
}
