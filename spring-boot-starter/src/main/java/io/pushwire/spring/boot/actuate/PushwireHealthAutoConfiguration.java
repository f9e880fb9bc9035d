package io.pushwire.spring.boot.actuate;

import io.pushwire.server.Hub;
import io.pushwire.spring.boot.PushwireAutoConfiguration;
import io.pushwire.spring.boot.PushwireLifecycle;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code pushwire} health contributor, with Spring Boot Actuator; turned off by
 * {@code management.health.pushwire.enabled=false}.
 */
@AutoConfiguration(after = PushwireAutoConfiguration.class)
@ConditionalOnClass({HealthIndicator.class, Hub.class, ConditionalOnEnabledHealthIndicator.class})
@ConditionalOnBean(PushwireLifecycle.class)
@ConditionalOnEnabledHealthIndicator("pushwire")
public class PushwireHealthAutoConfiguration {

  /** Reports the hub's state at {@code /actuator/health}. */
  @Bean
  @ConditionalOnMissingBean(name = "pushwireHealthIndicator")
  public PushwireHealthIndicator pushwireHealthIndicator(Hub hub, PushwireLifecycle lifecycle) {
    return new PushwireHealthIndicator(hub, lifecycle);
  }
}
