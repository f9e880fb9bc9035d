package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * Life-cycle state of an alert (seed 001). Open.
 */
public enum AlertStatus implements WireEnum {
  ACTIVE("active"),
  ACKNOWLEDGED("acknowledged"),
  RESOLVED("resolved"),
  UNKNOWN("unknown");

  private final String wire;

  AlertStatus(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }

  /** Reads a wire value; a value this version does not know becomes {@link #UNKNOWN}. */
  @JsonCreator
  public static AlertStatus fromWire(String wire) {
    return WireEnum.fromWire(AlertStatus.class, wire, UNKNOWN);
  }
}
