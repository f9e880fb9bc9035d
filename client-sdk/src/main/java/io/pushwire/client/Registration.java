package io.pushwire.client;

/** A registered listener; {@link #cancel()} removes it. */
@FunctionalInterface
public interface Registration {

  /** Removes the listener: it receives nothing dispatched after this call returns. Idempotent. */
  void cancel();
}
