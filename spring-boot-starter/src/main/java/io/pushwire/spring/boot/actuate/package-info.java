/** Spring Boot Actuator support: the Micrometer auto-configuration and the health indicator. */
package io.pushwire.spring.boot.actuate;
