package io.pushwire.client;

import io.pushwire.protocol.Position;
import io.pushwire.protocol.RecoveryReason;

/**
 * A topic the server could not resume completely: publications after {@code lastSeen} up to
 * {@code resumedAt} were missed, all of them or some: the server's history may have been trimmed
 * while it was replaying a large gap in pages, after an unbroken run right after
 * {@code lastSeen} was delivered; and a connection lost before the server's answer to a
 * resubscription leaves the client resuming from the same {@code lastSeen} again, so pushes of
 * that range delivered in between were delivered once and are not repeated. Live delivery
 * continues after {@code resumedAt}; reload the topic's state.
 *
 * @param topic the topic
 * @param reason why the server could not replay the gap
 * @param lastSeen the last position the client had seen on the topic
 * @param resumedAt where the topic's stream stood when it went live again
 */
public record RecoveryIncomplete(String topic, RecoveryReason reason, Position lastSeen, Position resumedAt) {
}
