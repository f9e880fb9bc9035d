package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * Severity of an alert (seed 001). Open: a newer level reads as {@link #UNKNOWN}.
 */
public enum AlertLevel implements WireEnum {
  INFO("info"),
  WARNING("warning"),
  ERROR("error"),
  CRITICAL("critical"),
  UNKNOWN("unknown");

  private final String wire;

  AlertLevel(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }

  /** Reads a wire value; a value this version does not know becomes {@link #UNKNOWN}. */
  @JsonCreator
  public static AlertLevel fromWire(String wire) {
    return WireEnum.fromWire(AlertLevel.class, wire, UNKNOWN);
  }
}
