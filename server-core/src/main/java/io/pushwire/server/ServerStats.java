package io.pushwire.server;

/**
 * A snapshot of a hub's counters. Counters only grow, except the two "current" gauges.
 *
 * @param connections connections open now
 * @param subscriptions subscriptions held now, over all connections (each one counted already receives publications)
 * @param connectionsOpened connections opened since start
 * @param framesIn frames received
 * @param framesOut frames queued for sending (each then goes to the container in order)
 * @param dropped droppable frames dropped because a queue was full
 * @param closedSlow connections closed as slow consumers
 * @param rejectedFrames inbound frames answered with an error (bad JSON, unknown type, rate limit, ...)
 * @param authFailures refused credentials
 */
public record ServerStats(
    int connections,
    int subscriptions,
    long connectionsOpened,
    long framesIn,
    long framesOut,
    long dropped,
    long closedSlow,
    long rejectedFrames,
    long authFailures) {
}
