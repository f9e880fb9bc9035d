package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * Task status as seed 003 spells it on the wire ({@code completed}, ...). Open.
 */
public enum TaskState implements WireEnum {
  PENDING("pending"),
  RUNNING("running"),
  COMPLETED("completed"),
  FAILED("failed"),
  CANCELLED("cancelled"),
  UNKNOWN("unknown");

  private final String wire;

  TaskState(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }

  /** Reads a wire value; a value this version does not know becomes {@link #UNKNOWN}. */
  @JsonCreator
  public static TaskState fromWire(String wire) {
    return WireEnum.fromWire(TaskState.class, wire, UNKNOWN);
  }
}
