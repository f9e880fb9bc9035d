package io.pushwire.client;

import io.pushwire.protocol.Position;
import io.pushwire.protocol.RecoveryReason;

/**
 * A topic the server could not resume completely: publications after {@code lastSeen} up to
 * {@code resumedAt} were missed (all of them, or some: the server replays nothing when it cannot
 * replay everything). Live delivery continues after {@code resumedAt}.
 *
 * @param topic the topic
 * @param reason why the server could not replay the gap
 * @param lastSeen the last position the client had seen on the topic
 * @param resumedAt where the topic's stream stood when it went live again
 */
public record RecoveryIncomplete(String topic, RecoveryReason reason, Position lastSeen, Position resumedAt) {
}
