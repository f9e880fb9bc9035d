package io.pushwire.server.tasks;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a task produced, as seed 002's video card describes it. Every field may be {@code null}
 * while the task runs; the update that ends a task carries whatever is here in full. Seed 004
 * writes {@link #videoUrl()} as {@code taskUpdated.videoUrl}; seed 003 has no place for a result.
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

  /** A result that is only a URL (seed 004's {@code videoUrl}). */
  public static TaskResult ofVideoUrl(String videoUrl) {
    return EMPTY.withVideoUrl(videoUrl);
  }

  /** This result with another {@code videoUrl}. */
  public TaskResult withVideoUrl(String newVideoUrl) {
    return new TaskResult(title, description, thumbnailUrl, newVideoUrl, extra);
  }
}
