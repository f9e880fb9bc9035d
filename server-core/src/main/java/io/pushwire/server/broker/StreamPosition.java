package io.pushwire.server.broker;

/**
 * A place in one channel's stream: an offset that only grows, and the epoch it belongs to.
 *
 * <p>Why an epoch as well as an offset: a broker that loses its history (an in-memory broker
 * restarted, a Redis stream deleted) starts counting offsets again. A client that remembered
 * offset 900 must not be told "nothing after 900" by a stream now at 12; the changed epoch tells
 * it the history it knew is gone.
 *
 * @param offset the offset of the publication (the first publication on a channel has offset 1)
 * @param epoch identifies one unbroken history of the channel
 */
public record StreamPosition(long offset, String epoch) {

  public StreamPosition {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0, got " + offset);
    }
    java.util.Objects.requireNonNull(epoch, "epoch");
  }
}
