package io.pushwire.server;

import io.pushwire.protocol.CloseCode;
import java.util.concurrent.TimeUnit;

/**
 * The container's sessions as a shutdown sees them: how many are open (opened and not yet reported
 * closed, whether or not they became connections), and while a shutdown runs, the close code that
 * sessions opening meanwhile are sent away with at once. A client reconnecting during a graceful
 * shutdown must not land on the server that is going away. Thread-safe.
 */
final class SessionGate {

  /** Guards every field below; {@link #awaitAllClosed} waits on it. */
  private final Object lock = new Object();
  /** Guarded by lock. Sessions the container opened and has not reported closed. */
  private int open;
  /** Guarded by lock. While a shutdown runs, and for good once the hub is closed, the code new sessions get; else null. */
  private CloseCode sendingAway;
  /** Guarded by lock. Set once when the hub closes: from then on every new session is sent away with 1001. */
  private boolean closedForGood;

  /**
   * Counts a session the container opened.
   *
   * @return null to welcome it, or the code to close it with at once
   */
  CloseCode enter() {
    synchronized (lock) {
      open++;
      return sendingAway;
    }
  }

  /** The container reported a session closed. */
  void left() {
    synchronized (lock) {
      open--;
      lock.notifyAll();
    }
  }

  /** Until {@link #endSendingAway()}, new sessions are closed with {@code code}. */
  void sendAway(CloseCode code) {
    synchronized (lock) {
      sendingAway = code;
    }
  }

  /** New sessions are welcome again, unless the hub is closed. */
  void endSendingAway() {
    synchronized (lock) {
      sendingAway = closedForGood ? CloseCode.GOING_AWAY : null;
    }
  }

  /** From now on, every new session is closed with 1001. */
  void closeForGood() {
    synchronized (lock) {
      closedForGood = true;
      sendingAway = CloseCode.GOING_AWAY;
    }
  }

  /** Whether new sessions are sent away now: during a shutdown, and for good once the hub is closed. */
  boolean sendingAway() {
    synchronized (lock) {
      return sendingAway != null;
    }
  }

  /** Waits until no session is open, or until {@code deadlineNanos} ({@code System.nanoTime()}); returns whether none is. */
  boolean awaitAllClosed(long deadlineNanos) {
    synchronized (lock) {
      while (open > 0) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }
  }
}
