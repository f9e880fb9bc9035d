package io.pushwire.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushwire.protocol.GetTasks;
import io.pushwire.protocol.TaskList;
import io.pushwire.server.Hub;
import io.pushwire.server.Limits;
import io.pushwire.server.broker.Broker;
import io.pushwire.server.broker.InMemoryBroker;
import io.pushwire.server.requests.RequestContext;
import io.pushwire.server.requests.RequestHandler;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/**
 * The auto-configuration's decisions, without a web server: which hub it builds from which
 * properties and beans, and what it refuses.
 */
class PushwireAutoConfigurationTest {

  private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(PushwireAutoConfiguration.class));

  @Test
  void withNoPropertiesTheHubHasTheLibrarysDefaults() {
    runner.run(context -> {
      Limits limits = context.getBean(Hub.class).limits();
      Limits defaults = Limits.defaults();
      assertThat(limits).usingRecursiveComparison().isEqualTo(defaults);
      assertThat(context.getBean(Hub.class).broker()).isInstanceOf(InMemoryBroker.class);
    });
  }

  @Test
  void limitsAndHeartbeatComeFromProperties() {
    runner.withPropertyValues("pushwire.limits.max-connections=20000", "pushwire.limits.max-frame-size=16KB",
        "pushwire.limits.messages-per-second=5", "pushwire.limits.message-burst=7",
        "pushwire.heartbeat.ping-interval=10s", "pushwire.heartbeat.idle-timeout=45s").run(context -> {
          Limits limits = context.getBean(Hub.class).limits();
          assertThat(limits.maxConnections()).isEqualTo(20_000);
          assertThat(limits.maxFrameBytes()).isEqualTo(16 * 1024);
          assertThat(limits.messagesPerSecond()).isEqualTo(5.0);
          assertThat(limits.messageBurst()).isEqualTo(7);
          assertThat(limits.pingInterval()).isEqualTo(Duration.ofSeconds(10));
          assertThat(limits.idleTimeout()).isEqualTo(Duration.ofSeconds(45));
        });
  }

  @Test
  void anUnknownDialectStopsTheApplicationNamingTheKnownOnes() {
    runner.withPropertyValues("pushwire.endpoints[0].path=/ws", "pushwire.endpoints[0].dialect=seed-003")
        .run(context -> assertThat(context).hasFailed().getFailure()
            .rootCause().hasMessageContaining("no dialect named 'seed-003'")
            .hasMessageContaining("envelope-millis"));
  }

  @Test
  void endpointPropertiesBecomeSpecs() {
    PushwireProperties.Endpoint endpoint = new PushwireProperties.Endpoint();
    endpoint.setPath("/ws/task");
    endpoint.setAuth(List.of(io.pushwire.server.auth.AuthMode.QUERY_PARAMETER,
        io.pushwire.server.auth.AuthMode.FIRST_MESSAGE));
    endpoint.setDialect("payload-millis");
    endpoint.setSocketIo(true);
    endpoint.setAutoSubscribe(List.of("task:*"));
    io.pushwire.server.EndpointSpec spec = endpoint.toSpec();
    assertThat(spec.path()).isEqualTo("/ws/task");
    assertThat(spec.authModes()).containsExactlyInAnyOrder(io.pushwire.server.auth.AuthMode.QUERY_PARAMETER,
        io.pushwire.server.auth.AuthMode.FIRST_MESSAGE);
    assertThat(spec.dialect()).isEqualTo(io.pushwire.server.Dialect.PAYLOAD_MILLIS);
    assertThat(spec.socketIo()).isTrue();
    assertThat(spec.declaredTopics()).isNull();
    assertThat(spec.autoSubscribe()).containsExactly("task:*");
  }

  @Test
  void pushwireEnabledFalseTurnsItOff() {
    runner.withPropertyValues("pushwire.enabled=false").run(context -> assertThat(context).doesNotHaveBean(Hub.class));
  }

  @Test
  void aBrokerBeanReplacesTheConfiguredOne() {
    InMemoryBroker mine = new InMemoryBroker(5, 5);
    runner.withBean(Broker.class, () -> mine)
        .run(context -> assertThat(context.getBean(Hub.class).broker()).isSameAs(mine));
  }

  @Test
  void aHandlerClassNamesItsRequestTypeByImplementingTheInterface() {
    runner.withBean(TaskListHandler.class).run(context -> assertThat(context).hasNotFailed());
  }

  @Test
  void aHandlerBeanWhoseRequestTypeCannotBeSeenStopsTheApplication() {
    runner.withBean("vague", RequestHandler.class, () -> (request, context) -> { })
        .run(context -> assertThat(context).hasFailed().getFailure()
            .hasMessageContaining("RequestHandler bean 'vague'")
            .hasMessageContaining("declare the bean as RequestHandler<YourRequest>"));
  }

  /** A handler declared as a class. */
  static final class TaskListHandler implements RequestHandler<GetTasks> {
    @Override
    public void handle(GetTasks request, RequestContext context) {
      context.reply(new TaskList(List.of()));
    }
  }
}
