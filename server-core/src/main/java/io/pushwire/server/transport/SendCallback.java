package io.pushwire.server.transport;

/** Told when a {@link Transport} can take the next frame. */
@FunctionalInterface
public interface SendCallback {

  /**
   * The frame was accepted ({@code failure} is null) or could not be sent ({@code failure} says
   * why; the connection is then unusable). Must not block.
   */
  void done(Throwable failure);
}
