package io.pushwire.protocol.codec;

import io.pushwire.protocol.ErrorCode;

/**
 * A frame the codec could not turn into a message. It carries the reason as a typed
 * {@link Kind}, the protocol {@link ErrorCode} to answer with ({@code INVALID_MESSAGE} for all of
 * them), the frame's type and id when they could be read (so the error reply can be correlated),
 * and a message a developer can act on. Never wraps a raw Jackson stack trace in its message.
 */
public final class DecodeException extends Exception {

  /** Why a frame could not be decoded. */
  public enum Kind {
    /** The text is not JSON. */
    NOT_JSON,
    /** The JSON is not an object. */
    NOT_AN_OBJECT,
    /** The object has no textual {@code type}. */
    MISSING_TYPE,
    /** No message type of that name is known to this codec. */
    UNKNOWN_TYPE,
    /** A required field is absent or null. */
    MISSING_FIELD,
    /** A field has the wrong JSON type, or a value outside a closed set. */
    WRONG_TYPE,
    /** The frame is longer than the codec accepts. */
    TOO_LARGE,
    /** The JSON nests deeper than the codec accepts. */
    TOO_DEEP
  }

  private final Kind kind;
  private final String type;
  private final String id;

  DecodeException(Kind kind, String type, String id, String message) {
    super(message, null, false, false);
    this.kind = kind;
    this.type = type;
    this.id = id;
  }

  /** The reason. */
  public Kind kind() {
    return kind;
  }

  /** The protocol error code to answer with. */
  public ErrorCode errorCode() {
    return ErrorCode.INVALID_MESSAGE;
  }

  /** The frame's {@code type}, or {@code null} if it could not be read. */
  public String type() {
    return type;
  }

  /** The frame's {@code id}, or {@code null} if it had none or could not be read. */
  public String id() {
    return id;
  }
}
