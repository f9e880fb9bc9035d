package io.pushwire.server;

/** What may happen to a pushed message when a recipient's outbound queue is full. */
public enum Delivery {
  /** The recipient is closed as a slow consumer (4000) rather than miss the message. */
  RELIABLE,
  /** The message is dropped for that recipient (and counted); the connection stays. Use for samples that the next one supersedes. */
  DROPPABLE
}
