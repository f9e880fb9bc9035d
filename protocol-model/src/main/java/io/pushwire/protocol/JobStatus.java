package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * State of the subtitle scan job board (seed 000): running, or waiting for the next run. The seed spells waiting {@code waitting} and closes the set ("either running or waiting").
 */
public enum JobStatus implements WireEnum {
  RUNNING("running"),
  WAITING("waitting");

  private final String wire;

  JobStatus(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }

  /** Reads a wire value; the seed closes this set, so any other value is rejected. */
  @JsonCreator
  public static JobStatus fromWire(String wire) {
    return WireEnum.fromWire(JobStatus.class, wire, null);
  }
}
