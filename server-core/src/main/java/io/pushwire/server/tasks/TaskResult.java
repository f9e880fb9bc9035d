package io.pushwire.server.tasks;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a task produced, as a video card describes it ({@code videoCardData}: title, description,
 * thumbnail, video). Every field may be {@code null} until it is known; a {@link TaskChange}
 * carrying a result fills in its non-null fields and keeps the others ({@link #updatedWith}), so a
 * card created with its title and thumbnail keeps them when the video URL arrives. The
 * {@code taskUpdated} style writes {@link #videoUrl()} as {@code taskUpdated.videoUrl}; the task
 * topics style has no place for a result.
 *
 * @param title title
 * @param description description
 * @param thumbnailUrl thumbnail URL
 * @param videoUrl the result's URL
 * @param extra further card fields, written flat beside the named ones in {@code videoCardData};
 *     values must be JSON-serialisable (strings, numbers, booleans, lists, maps). Never {@code null}
 */
public record TaskResult(
    String title,
    String description,
    String thumbnailUrl,
    String videoUrl,
    Map<String, Object> extra) {

  /** An empty result. */
  public static final TaskResult EMPTY = new TaskResult(null, null, null, null, Map.of());

  public TaskResult {
    extra = extra == null || extra.isEmpty()
        ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
  }

  /**
   * A card whose title, description and thumbnail are known before the video is: what a video
   * task usually knows at creation ({@link NewTask#withResult(TaskResult)}).
   */
  public static TaskResult card(String title, String description, String thumbnailUrl) {
    return new TaskResult(title, description, thumbnailUrl, null, Map.of());
  }

  /** A result that is only a URL (the {@code taskUpdated} style's {@code videoUrl}). */
  public static TaskResult ofVideoUrl(String videoUrl) {
    return EMPTY.withVideoUrl(videoUrl);
  }

  /** This result with another {@code videoUrl}. */
  public TaskResult withVideoUrl(String newVideoUrl) {
    return new TaskResult(title, description, thumbnailUrl, newVideoUrl, extra);
  }

  /**
   * This result with {@code update}'s non-null fields in place of its own, and {@code update}'s
   * {@code extra} entries added to (or replacing) its own: how a {@link TaskChange} applies a
   * result to a task.
   */
  public TaskResult updatedWith(TaskResult update) {
    if (update == null) {
      return this;
    }
    Map<String, Object> mergedExtra = extra;
    if (!update.extra.isEmpty()) {
      mergedExtra = new LinkedHashMap<>(extra);
      mergedExtra.putAll(update.extra);
    }
    return new TaskResult(
        update.title != null ? update.title : title,
        update.description != null ? update.description : description,
        update.thumbnailUrl != null ? update.thumbnailUrl : thumbnailUrl,
        update.videoUrl != null ? update.videoUrl : videoUrl,
        mergedExtra);
  }
}
