package io.pushwire.spring.boot.actuate;

import io.micrometer.core.instrument.MeterRegistry;
import io.pushwire.server.Hub;
import io.pushwire.server.broker.Broker;
import io.pushwire.spring.boot.PushwireAutoConfiguration;
import io.pushwire.spring.boot.PushwireInstrumentation;
import io.pushwire.spring.boot.metrics.PushwireMetrics;
import io.pushwire.spring.boot.metrics.TimedBroker;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer for the hub, when micrometer-core is on the class path and the application has a
 * {@link MeterRegistry} (Spring Boot Actuator makes one): the {@link PushwireMetrics} binder (which
 * also times every request, through the hub's request observer), and timings of the broker's
 * publishes. With Actuator the meters
 * show under {@code /actuator/metrics} and, with a Prometheus registry, {@code /actuator/prometheus}.
 */
@AutoConfiguration(after = PushwireAutoConfiguration.class,
    afterName = "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass({MeterRegistry.class, Hub.class})
@ConditionalOnBean({Hub.class, MeterRegistry.class})
public class PushwireMetricsAutoConfiguration {

  /** Gauges and counters from the hub's stats and listener hooks, and the request timer. */
  @Bean
  @ConditionalOnMissingBean
  public PushwireMetrics pushwireMetrics(Hub hub) {
    return new PushwireMetrics(hub);
  }

  /** Times publishes. */
  @Bean
  public MicrometerInstrumentation pushwireMicrometerInstrumentation(ObjectProvider<MeterRegistry> registry) {
    return new MicrometerInstrumentation(registry);
  }

  /**
   * Wraps the broker in its timed form. The hub is built while the servlet container starts,
   * before the registry should be: the registry is looked up once every singleton exists, and
   * nothing is timed before that. Requests are not wrapped here: {@link PushwireMetrics} times
   * all of them, beans or not, through the hub's request observer.
   */
  public static final class MicrometerInstrumentation implements PushwireInstrumentation, SmartInitializingSingleton {

    private final ObjectProvider<MeterRegistry> provider;
    /** Null until every singleton exists; then the application's registry. */
    private volatile MeterRegistry registry;

    MicrometerInstrumentation(ObjectProvider<MeterRegistry> provider) {
      this.provider = provider;
    }

    @Override
    public void afterSingletonsInstantiated() {
      registry = provider.getIfAvailable();
    }

    @Override
    public Broker instrument(Broker broker) {
      return new TimedBroker(broker, () -> registry);
    }
  }
}
