package io.pushwire.client;

/**
 * A request was refused at once because the client already had its maximum of requests waiting
 * for replies (see {@link PushClient.Builder#maxPendingRequests(int)}).
 */
public final class TooManyPendingRequestsException extends PushClientException {

  private final int limit;

  TooManyPendingRequestsException(int limit) {
    super(limit + " requests are already waiting for replies", null);
    this.limit = limit;
  }

  /** The limit. */
  public int limit() {
    return limit;
  }
}
