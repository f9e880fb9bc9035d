/**
 * Micrometer meters for a Pushwire hub. Needs micrometer-core only, not Spring: usable with a hub
 * built by hand.
 */
package io.pushwire.spring.boot.metrics;
