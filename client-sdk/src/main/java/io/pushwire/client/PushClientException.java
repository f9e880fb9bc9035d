package io.pushwire.client;

/**
 * Every failure a {@link PushClient} reports, usually as the cause of a failed
 * {@code CompletableFuture}. Sealed: a {@code switch} over the subtypes covers every case.
 */
public abstract sealed class PushClientException extends RuntimeException
    permits AuthenticationFailedException, DisconnectedException, RequestFailedException,
        RequestTimeoutException, UnexpectedReplyException, OutboxFullException,
        TooManyPendingRequestsException {

  PushClientException(String message, Throwable cause) {
    super(message, cause);
  }
}
