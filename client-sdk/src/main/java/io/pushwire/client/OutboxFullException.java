package io.pushwire.client;

/**
 * A message sent while disconnected did not fit in the outbox: the outbox already held its
 * capacity. The newest message is the one refused; those queued earlier keep their place.
 */
public final class OutboxFullException extends PushClientException {

  private final int capacity;

  OutboxFullException(int capacity) {
    super("outbox full: " + capacity + " messages already wait for a connection", null);
    this.capacity = capacity;
  }

  /** The outbox capacity. */
  public int capacity() {
    return capacity;
  }
}
