package io.pushwire.protocol.codec;

/**
 * Where a message's body sits in its JSON frame. The seeds use four shapes; the codec reads all
 * of them for every type, so one endpoint can serve clients written to different documents.
 */
public enum Envelope {
  /** Body fields beside {@code type} (seed 000, seed 002): {@code {"type":"auth","token":".."}}. */
  FLAT(null),
  /** Body under {@code data} (seeds 001 and 003): {@code {"type","id","timestamp","data":{..}}}. */
  DATA("data"),
  /** Body under {@code payload} (seed 004): {@code {"type","timestamp","payload":{..}}}. */
  PAYLOAD("payload"),
  /** An {@code error} body under {@code error} (seed 003): {@code {"type":"error","error":{..}}}. */
  ERROR("error");

  private final String field;

  Envelope(String field) {
    this.field = field;
  }

  /** The name of the field that holds the body, or {@code null} for {@link #FLAT}. */
  public String field() {
    return field;
  }
}
