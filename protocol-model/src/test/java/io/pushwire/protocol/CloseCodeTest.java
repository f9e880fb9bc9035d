package io.pushwire.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The close-code table a client consults before reconnecting. */
class CloseCodeTest {

  @ParameterizedTest
  @ValueSource(ints = {4000, 4001, 4002, 4003, 4100, 4499})
  void codesFrom4000To4499Reconnect(int code) {
    assertTrue(CloseCode.shouldReconnect(code));
  }

  @ParameterizedTest
  @ValueSource(ints = {4500, 4501, 4502, 4750, 4999})
  void codesFrom4500To4999DoNotReconnect(int code) {
    assertFalse(CloseCode.shouldReconnect(code));
  }

  @Test
  void aNormalCloseDoesNotReconnect() {
    assertFalse(CloseCode.shouldReconnect(1000));
  }

  @ParameterizedTest
  @ValueSource(ints = {1001, 1006})
  void goingAwayAndAbnormalClosureReconnect(int code) {
    assertTrue(CloseCode.shouldReconnect(code));
  }

  @ParameterizedTest
  @EnumSource(CloseCode.class)
  void everyConstantIsFoundByItsCode(CloseCode constant) {
    assertEquals(constant, CloseCode.of(constant.code()).orElseThrow());
    assertEquals(constant.reconnect(), CloseCode.shouldReconnect(constant.code()));
  }
}
