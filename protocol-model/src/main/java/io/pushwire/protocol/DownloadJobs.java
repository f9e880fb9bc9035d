package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDateTime;
import java.util.Objects;

/**
 * The {@code jobs} object of {@code sub_download_jobs} (seed 000).
 *
 * @param status running, or waiting for the next run
 * @param startedTime while running, when the run began (at or before now); while waiting, when
 *     the next run will begin (at or after now: a countdown). Written {@code yyyy-MM-dd HH:mm:ss}
 * @param workingUnitIndex the movie or series being processed
 * @param unitCount how many movies and series there are
 * @param workingUnitName name of the movie or series
 * @param workingVideoIndex the video being processed
 * @param videoCount how many videos there are
 * @param workingVideoName name of the video (a movie, or one episode of a season)
 */
public record DownloadJobs(
    @JsonProperty(value = "status", required = true) JobStatus status,
    @JsonProperty(value = "started_time", required = true) LocalDateTime startedTime,
    @JsonProperty("working_unit_index") int workingUnitIndex,
    @JsonProperty("unit_count") int unitCount,
    @JsonProperty("working_unit_name") String workingUnitName,
    @JsonProperty("working_video_index") int workingVideoIndex,
    @JsonProperty("video_count") int videoCount,
    @JsonProperty("working_video_name") String workingVideoName) {

  public DownloadJobs {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(startedTime, "startedTime");
  }
}
