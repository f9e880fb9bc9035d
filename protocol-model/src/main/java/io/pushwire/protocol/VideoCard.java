package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code videoCardData} (seed 002): the full card of a generated video. The seed allows "other
 * video fields"; they travel in {@code extra}, written flat beside the named ones.
 *
 * @param generateId the generation task id
 * @param status the video's status
 * @param title title
 * @param description description
 * @param thumbnailUrl thumbnail URL
 * @param videoUrl video URL
 * @param createTime creation time, as the application writes it
 * @param updateTime update time, as the application writes it
 * @param extra further fields
 */
public record VideoCard(
    @JsonProperty("generateId") String generateId,
    @JsonProperty("status") String status,
    @JsonProperty("title") String title,
    @JsonProperty("description") String description,
    @JsonProperty("thumbnailUrl") String thumbnailUrl,
    @JsonProperty("videoUrl") String videoUrl,
    @JsonProperty("createTime") String createTime,
    @JsonProperty("updateTime") String updateTime,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  public VideoCard {
    extra = extra == null
        ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
  }
}
