package io.pushwire.client;

import io.pushwire.protocol.Position;
import io.pushwire.protocol.RecoveryReason;

/**
 * A topic the server could not resume completely: publications after {@code lastSeen} up to
 * {@code resumedAt} were missed: all of them, or, when the server's history was trimmed while it
 * was replaying a large gap in pages, all but an unbroken run right after {@code lastSeen} that
 * was delivered first. Live delivery continues after {@code resumedAt}; reload the topic's state.
 *
 * @param topic the topic
 * @param reason why the server could not replay the gap
 * @param lastSeen the last position the client had seen on the topic
 * @param resumedAt where the topic's stream stood when it went live again
 */
public record RecoveryIncomplete(String topic, RecoveryReason reason, Position lastSeen, Position resumedAt) {
}
