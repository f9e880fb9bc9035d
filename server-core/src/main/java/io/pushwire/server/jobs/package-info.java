/**
 * The scan job board of seed 000 ({@code sub_download_jobs}):
 * {@link io.pushwire.server.jobs.JobBoard} publishes the application's latest board, coalesced,
 * to the clients subscribed to its topic. Built on the hub's public API only.
 */
package io.pushwire.server.jobs;
