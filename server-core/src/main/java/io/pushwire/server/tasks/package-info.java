/**
 * Task progress and status tracking (seeds 002, 003 and 004).
 *
 * <ul>
 *   <li>{@link io.pushwire.server.tasks.TaskRegistry}: the bounded store of
 *       {@link io.pushwire.server.tasks.Task} snapshots with their canonical
 *       {@link io.pushwire.server.tasks.TaskPhase}; applications create and update tasks here.
 *   <li>{@link io.pushwire.server.tasks.TaskFeature}: puts a registry on a hub, speaking each
 *       document's {@link io.pushwire.server.tasks.TaskVocabulary} on the
 *       {@link io.pushwire.server.tasks.TaskTopics}.
 *   <li>{@link io.pushwire.server.tasks.TaskStatusSource}: an external system asked for a live
 *       task's status on request; {@link io.pushwire.server.tasks.HttpStatusSource} asks an HTTP
 *       JSON API.
 * </ul>
 *
 * <p>The frames on the wire, per document, are in {@code docs/tasks.md}.
 */
package io.pushwire.server.tasks;
