package io.pushwire.spring.boot;

import io.pushwire.server.EndpointSpec;
import io.pushwire.server.Hub;
import io.pushwire.server.auth.Authenticator;
import io.pushwire.server.auth.TokenAuthenticator;
import io.pushwire.server.broker.Broker;
import io.pushwire.server.topics.TopicAuthorizer;
import jakarta.websocket.server.ServerContainer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Builds a Pushwire {@link Hub} from the {@code pushwire.*} properties and the application's
 * beans, deploys its endpoints in the application's servlet container, and closes it with the
 * context. Active in servlet web applications whose container has JSR-356 WebSocket support
 * (Tomcat, Jetty and Undertow, as Spring Boot packages them); {@code pushwire.enabled=false} turns
 * it off.
 *
 * <p>Beans the application may define, each optional:
 * <ul>
 *   <li>{@link Authenticator}: who may connect (else the {@code pushwire.auth.tokens}, else nobody);</li>
 *   <li>{@link TopicAuthorizer}: who may subscribe to what (else everyone to everything);</li>
 *   <li>{@link Broker}: replaces the {@code pushwire.broker} choice;</li>
 *   <li>{@code RequestHandler<M>}: serves requests of type {@code M};</li>
 *   <li>{@code ConnectionListener}, {@code SubscriptionListener}: added to the hub;</li>
 *   <li>{@link EndpointSpec}: deployed beside the {@code pushwire.endpoints};</li>
 *   <li>{@link PushwireHubCustomizer}: last word on the hub's builder;</li>
 *   <li>{@link Hub}: replaces the hub altogether (its endpoints are still deployed).</li>
 * </ul>
 */
@AutoConfiguration
@ConditionalOnClass({Hub.class, ServerContainer.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(prefix = "pushwire", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(PushwireProperties.class)
public class PushwireAutoConfiguration {

  /** The hub. Built when the servlet container starts (its endpoints are deployed then). */
  @Bean
  @ConditionalOnMissingBean
  public Hub pushwireHub(PushwireProperties properties, ObjectProvider<Authenticator> authenticator,
      ObjectProvider<TopicAuthorizer> topicAuthorizer, ObjectProvider<Broker> broker,
      ObjectProvider<PushwireInstrumentation> instrumentations, ObjectProvider<PushwireHubCustomizer> customizers) {
    Broker chosen = broker.getIfAvailable(properties.getBroker()::create);
    for (PushwireInstrumentation instrumentation : instrumentations.orderedStream().toList()) {
      chosen = instrumentation.instrument(chosen);
    }
    Hub.Builder builder = Hub.builder()
        .limits(properties.toLimits())
        .broker(chosen)
        .authenticator(authenticator.getIfAvailable(() -> tokenAuthenticator(properties)));
    topicAuthorizer.ifAvailable(builder::topicAuthorizer);
    customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
    return builder.build();
  }

  /** The {@code pushwire.auth.tokens}, or an authenticator that refuses everyone when there are none. */
  private static Authenticator tokenAuthenticator(PushwireProperties properties) {
    Map<String, String> userByToken = new LinkedHashMap<>();
    properties.getAuth().getTokens().forEach((user, token) -> {
      if (userByToken.put(token, user) != null) {
        throw new IllegalStateException("pushwire.auth.tokens: two users share one token");
      }
    });
    if (userByToken.isEmpty()) {
      return credentials -> java.util.Optional.empty();
    }
    return TokenAuthenticator.of(userByToken);
  }

  /** Deploys the configured endpoints and every {@link EndpointSpec} bean in the servlet container. */
  @Bean
  public PushwireEndpointRegistrar pushwireEndpointRegistrar(ObjectProvider<Hub> hub, PushwireProperties properties,
      ObjectProvider<EndpointSpec> specBeans) {
    return new PushwireEndpointRegistrar(hub::getObject, () -> {
      List<EndpointSpec> specs = new ArrayList<>();
      properties.getEndpoints().forEach(endpoint -> specs.add(endpoint.toSpec()));
      specBeans.orderedStream().forEach(specs::add);
      return specs;
    });
  }

  /** Hands request handler and listener beans to the hub. */
  @Bean
  public PushwireBeanRegistrar pushwireBeanRegistrar(ConfigurableListableBeanFactory beans, Hub hub,
      ObjectProvider<PushwireInstrumentation> instrumentations) {
    return new PushwireBeanRegistrar(beans, hub, instrumentations.orderedStream().toList());
  }

  /** Closes every connection with 1001, then the hub, when the context closes. */
  @Bean
  public PushwireLifecycle pushwireLifecycle(Hub hub, PushwireProperties properties) {
    return new PushwireLifecycle(hub, properties.getShutdown().getTimeout());
  }
}
