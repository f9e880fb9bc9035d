package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDateTime;
import java.util.Objects;

/**
 * One line of a running log (seed 000), e.g.
 * {@code {"level":"INFO","date_time":"2022-02-11 08:51:16","content":"Need do Setup"}}.
 *
 * @param level the line's level
 * @param dateTime local time, written {@code yyyy-MM-dd HH:mm:ss} as the seed does
 * @param content the text
 */
public record LogLine(
    @JsonProperty(value = "level", required = true) LogLevel level,
    @JsonProperty(value = "date_time", required = true) LocalDateTime dateTime,
    @JsonProperty(value = "content", required = true) String content) {

  public LogLine {
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(dateTime, "dateTime");
    Objects.requireNonNull(content, "content");
  }
}
