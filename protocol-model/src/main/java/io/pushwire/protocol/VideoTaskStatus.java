package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * Video task status as seed 004 spells it: {@code QUEUED | PROCESSING | COMPLETED | FAILED}. Open.
 */
public enum VideoTaskStatus implements WireEnum {
  QUEUED("QUEUED"),
  PROCESSING("PROCESSING"),
  COMPLETED("COMPLETED"),
  FAILED("FAILED"),
  UNKNOWN("UNKNOWN");

  private final String wire;

  VideoTaskStatus(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }

  /** Reads a wire value; a value this version does not know becomes {@link #UNKNOWN}. */
  @JsonCreator
  public static VideoTaskStatus fromWire(String wire) {
    return WireEnum.fromWire(VideoTaskStatus.class, wire, UNKNOWN);
  }
}
