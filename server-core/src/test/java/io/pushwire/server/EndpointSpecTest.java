package io.pushwire.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushwire.server.auth.AuthMode;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EndpointSpecTest {

  private static final EndpointSpec MONITOR = EndpointSpec.builder("/ws/monitor")
      .auth(AuthMode.BEARER_HEADER).dialect(Dialect.ENVELOPE_ISO).sendConnectionMessage(true)
      .declaredTopics(Set.of("performance", "alert.cpu")).autoSubscribe("performance")
      .topicsQueryParameter(true).socketIo(true).build();

  @Test
  void toBuilderStartsFromEverythingButThePath() {
    EndpointSpec copy = MONITOR.toBuilder("/ws/dashboard").build();

    assertEquals("/ws/dashboard", copy.path());
    assertEquals(MONITOR.authModes(), copy.authModes());
    assertEquals(MONITOR.dialect(), copy.dialect());
    assertEquals(MONITOR.declaredTopics(), copy.declaredTopics());
    assertEquals(MONITOR.autoSubscribe(), copy.autoSubscribe());
    assertEquals(MONITOR.sendConnectionMessage(), copy.sendConnectionMessage());
    assertEquals(MONITOR.topicsQueryParameter(), copy.topicsQueryParameter());
    assertEquals(MONITOR.socketIo(), copy.socketIo());
  }

  @Test
  void aVariantChangesOnlyWhatItSetsAndLeavesTheOriginalAlone() {
    EndpointSpec forBrowsers = MONITOR.toBuilder("/ws/dashboard").auth(AuthMode.QUERY_PARAMETER)
        .autoSubscribe("performance", "alert.*").build();

    assertEquals(Set.of(AuthMode.QUERY_PARAMETER), forBrowsers.authModes());
    assertEquals(List.of("performance", "alert.*"), forBrowsers.autoSubscribe());
    assertTrue(forBrowsers.sendConnectionMessage());
    assertEquals(Set.of(AuthMode.BEARER_HEADER), MONITOR.authModes());
    assertEquals(List.of("performance"), MONITOR.autoSubscribe());
  }

  @Test
  void aVariantsPathIsCheckedLikeAnyPath() {
    assertThrows(IllegalArgumentException.class, () -> MONITOR.toBuilder("ws/dashboard"));
  }
}
