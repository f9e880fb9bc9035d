package io.pushwire.spring.boot;

/** The starter in a Spring Boot application on Jetty. */
class JettyStarterTest extends StarterContract {

  @Override
  BootApps.Container container() {
    return BootApps.Container.JETTY;
  }
}
