package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * {@code sub_download_jobs} (seed 000): the subtitle scan job board.
 *
 * @param jobs the board
 */
public record SubDownloadJobs(@JsonProperty(value = "jobs", required = true) DownloadJobs jobs)
    implements ServerMessage {

  public SubDownloadJobs {
    Objects.requireNonNull(jobs, "jobs");
  }
}
