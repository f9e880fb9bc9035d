package io.pushwire.examples.support;

import java.util.List;

/** A started example: where it listens, and how to stop it. */
public interface RunningExample extends AutoCloseable {

  /** What the READY line lists: the page to open first, then the WebSocket endpoints. */
  List<String> urls();

  /** Stops everything the example started. Must not throw. */
  @Override
  void close();
}
