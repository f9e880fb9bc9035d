package io.pushwire.server.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.pushwire.protocol.CustomEvent;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A {@link ForwardingBroker} that overrides nothing is its delegate: every call, the default
 * methods included, reaches the delegate and comes back with its answer.
 */
class ForwardingBrokerTest {

  /** A wrapper that changes nothing. */
  private static final class Plain extends ForwardingBroker {
    Plain(Broker delegate) {
      super(delegate);
    }
  }

  @Test
  void everyMethodOfBrokerIsForwardedIncludingTheDefaults() {
    List<String> missing = Arrays.stream(Broker.class.getMethods())
        .filter(m -> !Modifier.isStatic(m.getModifiers()))
        .filter(m -> declaringClassOfOverride(m) != ForwardingBroker.class)
        .map(Method::getName)
        .toList();
    assertEquals(List.of(), missing, "Broker methods ForwardingBroker does not forward");
  }

  @Test
  void answersAreTheDelegates() {
    Broker delegate = mock(Broker.class);
    PresenceStore presence = mock(PresenceStore.class);
    CompletableFuture<Void> subscribed = new CompletableFuture<>();
    CompletableFuture<Void> unsubscribed = new CompletableFuture<>();
    CompletableFuture<StreamPosition> published = new CompletableFuture<>();
    CompletableFuture<HistoryResult> history = new CompletableFuture<>();
    CustomEvent<String> message = new CustomEvent<>("tick", "x");
    Broker.LiveStart start = h -> { };
    Broker.Handler handler = p -> { };
    when(delegate.presence()).thenReturn(presence);
    when(delegate.subscribe("t")).thenReturn(subscribed);
    when(delegate.unsubscribe("t")).thenReturn(unsubscribed);
    when(delegate.publish("t", message, true)).thenReturn(published);
    when(delegate.history("t", null, 5)).thenReturn(history);
    when(delegate.goLive(eq("t"), any(), eq(5), any())).thenReturn(true);

    Plain broker = new Plain(delegate);
    broker.start(handler);

    assertSame(delegate, broker.delegate());
    assertSame(presence, broker.presence(), "presence must not fall back to node-local");
    assertSame(subscribed, broker.subscribe("t"));
    assertSame(unsubscribed, broker.unsubscribe("t"));
    assertSame(published, broker.publish("t", message, true));
    assertSame(history, broker.history("t", null, 5));
    assertTrue(broker.goLive("t", null, 5, start), "recovery must not be refused by the wrapper");
    verify(delegate).start(handler);
    verify(delegate).goLive("t", null, 5, start);
    broker.close();
    verify(delegate).close();
  }

  private static Class<?> declaringClassOfOverride(Method m) {
    try {
      return ForwardingBroker.class.getMethod(m.getName(), m.getParameterTypes()).getDeclaringClass();
    } catch (NoSuchMethodException e) {
      return null;
    }
  }
}
