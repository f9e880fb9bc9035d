package io.pushwire.client;

import io.pushwire.protocol.Progress;
import io.pushwire.protocol.TaskProgress;

/** Test messages. */
final class Messages {

  private Messages() {
  }

  /** A progress push for {@code taskId}, {@code completed} of 10 done. */
  static TaskProgress progress(String taskId, long completed) {
    return new TaskProgress(taskId, new Progress(10, completed, 0, null, completed * 10.0, "running"));
  }
}
