package io.pushwire.spring.boot;

import io.pushwire.protocol.ClientMessage;
import io.pushwire.server.ConnectionListener;
import io.pushwire.server.Hub;
import io.pushwire.server.requests.RequestHandler;
import io.pushwire.server.topics.SubscriptionListener;
import java.lang.reflect.Modifier;
import java.util.List;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.ResolvableType;

/**
 * Hands the application's beans to the hub once every singleton exists, and before the web server
 * accepts a connection: each {@code RequestHandler<M>} bean serves requests of its type {@code M}
 * (read from the bean's declared type: a {@code @Bean} method returning
 * {@code RequestHandler<GetTask>}, or a class implementing it), and every
 * {@link ConnectionListener} and {@link SubscriptionListener} bean is added.
 */
public final class PushwireBeanRegistrar implements SmartInitializingSingleton {

  private final ConfigurableListableBeanFactory beans;
  private final Hub hub;
  private final List<PushwireInstrumentation> instrumentations;

  /**
   * @param beans where the application's beans are
   * @param hub the hub they are handed to
   * @param instrumentations applied to every request handler, in order
   */
  public PushwireBeanRegistrar(ConfigurableListableBeanFactory beans, Hub hub,
      List<PushwireInstrumentation> instrumentations) {
    this.beans = beans;
    this.hub = hub;
    this.instrumentations = List.copyOf(instrumentations);
  }

  @Override
  public void afterSingletonsInstantiated() {
    for (String name : beans.getBeanNamesForType(RequestHandler.class)) {
      register(name, beans.getBean(name, RequestHandler.class));
    }
    beans.getBeanProvider(ConnectionListener.class).orderedStream().forEach(hub::addConnectionListener);
    beans.getBeanProvider(SubscriptionListener.class).orderedStream().forEach(hub::addSubscriptionListener);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void register(String name, RequestHandler<?> handler) {
    Class<? extends ClientMessage> type = requestType(name, handler);
    RequestHandler instrumented = handler;
    for (PushwireInstrumentation instrumentation : instrumentations) {
      instrumented = instrumentation.instrument((Class) type, instrumented);
    }
    hub.onRequest((Class) type, instrumented);
  }

  /**
   * The {@code M} of the bean's {@code RequestHandler<M>}: from the bean's class (a class that
   * implements {@code RequestHandler<GetTask>}), else from its definition (a {@code @Bean} method
   * returning {@code RequestHandler<GetTask>}, where the instance is a lambda whose class says
   * nothing). Fails with advice when neither names a concrete request type.
   */
  private Class<? extends ClientMessage> requestType(String name, RequestHandler<?> handler) {
    Class<?> type = ResolvableType.forInstance(handler).as(RequestHandler.class).resolveGeneric(0);
    if (!isConcreteRequest(type)) {
      BeanDefinition definition = beans.getMergedBeanDefinition(name);
      if (definition instanceof RootBeanDefinition root) {
        type = root.getResolvableType().as(RequestHandler.class).resolveGeneric(0);
      }
    }
    if (!isConcreteRequest(type)) {
      throw new IllegalStateException("Pushwire cannot tell which request the RequestHandler bean '" + name
          + "' serves (found " + type + "): declare the bean as RequestHandler<YourRequest>, where YourRequest is"
          + " a concrete ClientMessage type such as GetTask");
    }
    return type.asSubclass(ClientMessage.class);
  }

  private static boolean isConcreteRequest(Class<?> type) {
    return type != null && ClientMessage.class.isAssignableFrom(type) && !type.isInterface()
        && !Modifier.isAbstract(type.getModifiers());
  }
}
