package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * Video generation status as seed 002 spells it: {@code generating | done | failed} (a closed TypeScript union).
 */
public enum GenerationStatus implements WireEnum {
  GENERATING("generating"),
  DONE("done"),
  FAILED("failed");

  private final String wire;

  GenerationStatus(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }

  /** Reads a wire value; the seed closes this set, so any other value is rejected. */
  @JsonCreator
  public static GenerationStatus fromWire(String wire) {
    return WireEnum.fromWire(GenerationStatus.class, wire, null);
  }
}
