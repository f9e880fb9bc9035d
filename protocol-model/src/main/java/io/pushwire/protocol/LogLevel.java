package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * Level of a running-log line (seed 000). Open: a level this version does not know reads as {@link #UNKNOWN}.
 */
public enum LogLevel implements WireEnum {
  TRACE("TRACE"),
  DEBUG("DEBUG"),
  INFO("INFO"),
  WARNING("WARNING"),
  ERROR("ERROR"),
  FATAL("FATAL"),
  PANIC("PANIC"),
  UNKNOWN("UNKNOWN");

  private final String wire;

  LogLevel(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }

  /** Reads a wire value; a value this version does not know becomes {@link #UNKNOWN}. */
  @JsonCreator
  public static LogLevel fromWire(String wire) {
    if ("WARN".equals(wire)) {
      return WARNING; // SLF4J, Logback and java.util.logging say WARN
    }
    return WireEnum.fromWire(LogLevel.class, wire, UNKNOWN);
  }
}
