package io.pushwire.client;

import java.util.concurrent.ThreadFactory;

/** Names the client's threads so a thread dump shows whose they are. */
final class ClientThreads {

  private ClientThreads() {
  }

  /** A factory of daemon threads called {@code name}: daemon, so a forgotten client never keeps a JVM alive. */
  static ThreadFactory named(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
