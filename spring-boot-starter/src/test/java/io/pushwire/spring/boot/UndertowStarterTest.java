package io.pushwire.spring.boot;

/** The starter in a Spring Boot application on Undertow. */
class UndertowStarterTest extends StarterContract {

  @Override
  BootApps.Container container() {
    return BootApps.Container.UNDERTOW;
  }
}
