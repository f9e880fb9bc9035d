package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * An enum whose constants keep the exact spelling a seed document uses on the wire, which is
 * not always a valid Java name ({@code "waitting"}, {@code "auth ok"}, lower case).
 */
public interface WireEnum {

  /** The exact spelling on the wire. */
  @JsonValue
  String wire();

  /**
   * Finds the constant of {@code type} spelled {@code wire} on the wire, or {@code fallback} when
   * none is (a newer peer's value in a set the seed leaves open).
   */
  static <E extends Enum<E> & WireEnum> E fromWire(Class<E> type, String wire, E fallback) {
    for (E constant : type.getEnumConstants()) {
      if (constant.wire().equals(wire)) {
        return constant;
      }
    }
    if (fallback == null) {
      throw new IllegalArgumentException(
          "'" + wire + "' is not a " + type.getSimpleName() + "; expected one of "
              + java.util.Arrays.stream(type.getEnumConstants()).map(WireEnum::wire).toList());
    }
    return fallback;
  }
}
