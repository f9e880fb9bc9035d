package io.pushwire.client;

/** Told about every {@link StateChange}, in order, on the client's callback executor. */
@FunctionalInterface
public interface StateListener {

  /** Called once per transition. An exception thrown here is logged and otherwise ignored. */
  void onStateChange(StateChange change);
}
