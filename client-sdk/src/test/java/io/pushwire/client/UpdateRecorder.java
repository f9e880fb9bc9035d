package io.pushwire.client;

import io.pushwire.client.tasks.TaskUpdate;
import io.pushwire.client.tasks.TaskWatchListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records a task watch's updates and refusals, in order. Thread-safe. */
final class UpdateRecorder implements TaskWatchListener {

  private final List<TaskUpdate> updates = new CopyOnWriteArrayList<>();
  /** Refusals as "taskId: reason". */
  private final List<String> refusals = new CopyOnWriteArrayList<>();

  @Override
  public void onUpdate(TaskUpdate update) {
    updates.add(update);
  }

  @Override
  public void onRefused(String taskId, String reason) {
    refusals.add(taskId + ": " + reason);
  }

  List<TaskUpdate> updates() {
    return List.copyOf(updates);
  }

  List<String> refusals() {
    return List.copyOf(refusals);
  }

  int size() {
    return updates.size();
  }

  /** The phases seen, in order, with repeats removed (a reconnect re-sends the current state). */
  List<TaskUpdate.Phase> phases() {
    List<TaskUpdate.Phase> phases = new java.util.ArrayList<>();
    for (TaskUpdate update : updates) {
      if (phases.isEmpty() || phases.get(phases.size() - 1) != update.phase()) {
        phases.add(update.phase());
      }
    }
    return phases;
  }

  /** The last update, or null. */
  TaskUpdate last() {
    List<TaskUpdate> all = updates();
    return all.isEmpty() ? null : all.get(all.size() - 1);
  }

  /** The ids the updates were about, in order of first appearance. */
  List<String> taskIds() {
    return updates.stream().map(TaskUpdate::taskId).distinct().toList();
  }
}
