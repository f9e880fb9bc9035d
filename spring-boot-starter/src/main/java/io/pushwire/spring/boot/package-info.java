/**
 * Spring Boot auto-configuration for Pushwire: a hub from {@code pushwire.*} properties, its
 * endpoints deployed in the application's own servlet container, the application's beans
 * (authenticator, topic authorizer, request handlers, listeners) handed to it, and a graceful
 * shutdown with the context. See {@code docs/spring-boot.md}.
 */
package io.pushwire.spring.boot;
