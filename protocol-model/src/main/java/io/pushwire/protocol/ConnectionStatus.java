package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * Status in a {@code connection} message (seed 001). Open.
 */
public enum ConnectionStatus implements WireEnum {
  CONNECTED("connected"),
  ERROR("error"),
  UNKNOWN("unknown");

  private final String wire;

  ConnectionStatus(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }

  /** Reads a wire value; a value this version does not know becomes {@link #UNKNOWN}. */
  @JsonCreator
  public static ConnectionStatus fromWire(String wire) {
    return WireEnum.fromWire(ConnectionStatus.class, wire, UNKNOWN);
  }
}
