package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * Error codes carried by {@code error} messages, spelled as the seeds spell them (seeds 001 and 003), plus Pushwire's own. Open: a code this version does not know reads as {@link #UNKNOWN}.
 */
public enum ErrorCode implements WireEnum {
  INVALID_MESSAGE("INVALID_MESSAGE"),
  UNAUTHORIZED("UNAUTHORIZED"),
  FORBIDDEN("FORBIDDEN"),
  TOPIC_NOT_FOUND("TOPIC_NOT_FOUND"),
  TASK_NOT_FOUND("TASK_NOT_FOUND"),
  /** A {@code request_data} named a metric the server does not know (Pushwire extension). */
  METRIC_NOT_FOUND("METRIC_NOT_FOUND"),
  SERVER_ERROR("SERVER_ERROR"),
  CONNECTION_FAILED("CONNECTION_FAILED"),
  AUTHENTICATION_FAILED("AUTHENTICATION_FAILED"),
  AUTH_FAILED("AUTH_FAILED"),
  RATE_LIMIT_EXCEEDED("RATE_LIMIT_EXCEEDED"),
  SUBSCRIPTION_LIMIT_EXCEEDED("SUBSCRIPTION_LIMIT_EXCEEDED"),
  UNSUPPORTED_REQUEST("UNSUPPORTED_REQUEST"),
  TIMEOUT("TIMEOUT"),
  UNKNOWN("UNKNOWN");

  private final String wire;

  ErrorCode(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }

  /** Reads a wire value; a value this version does not know becomes {@link #UNKNOWN}. */
  @JsonCreator
  public static ErrorCode fromWire(String wire) {
    return WireEnum.fromWire(ErrorCode.class, wire, UNKNOWN);
  }
}
