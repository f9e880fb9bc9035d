package io.pushwire.server.broker;

import java.util.List;

/**
 * The answer to {@link Broker#history}.
 *
 * @param publications the retained publications after the requested position, oldest first
 * @param latest the channel's current position
 * @param complete {@code false} when some publications after the requested position had already
 *     left the history (or the epoch changed): the caller has a gap and must say so
 */
public record HistoryResult(List<Publication> publications, StreamPosition latest, boolean complete) {

  public HistoryResult {
    publications = List.copyOf(publications);
  }
}
