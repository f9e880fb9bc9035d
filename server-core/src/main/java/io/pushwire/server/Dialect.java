package io.pushwire.server;

import io.pushwire.protocol.codec.Envelope;
import io.pushwire.protocol.codec.TimestampFormat;
import java.util.List;
import java.util.Objects;

/**
 * How an endpoint writes frames: the timestamp format, whether pushed frames in an envelope get a
 * generated {@code id} and a {@code timestamp}, and where {@code error} bodies go. Message bodies
 * go in their type's envelope (flat, {@code data} or {@code payload}); an {@code ack} follows the
 * envelope of the request it answers. Replies carry the request's {@code id}. Every dialect reads
 * both timestamp forms.
 *
 * <p>New applications pick {@link #STANDARD}. The other constants exist so that a client written
 * to an existing hand-made protocol works unchanged; {@code docs/protocol.md} maps each kind of
 * client to its dialect.
 *
 * @param name a label for logs, docs and configuration ({@link #named(String)})
 * @param timestamps how timestamps are written
 * @param stampFrames whether frames get a generated {@code id} (when they have none) and a
 *     {@code timestamp}; flat frames never do
 * @param errorEnvelope where {@code error} bodies go: {@code data}, {@code error}, {@code payload}
 *     or flat
 */
public record Dialect(String name, TimestampFormat timestamps, boolean stampFrames, Envelope errorEnvelope) {

  /** Flat frames ({@code {"type":"auth","token":...}}), no ids or timestamps, flat errors. */
  public static final Dialect FLAT = new Dialect("flat", TimestampFormat.ISO_8601, false, Envelope.FLAT);
  /** {@code data} envelopes with ids and ISO-8601 timestamps; errors under {@code data}. */
  public static final Dialect ENVELOPE_ISO = new Dialect("envelope-iso", TimestampFormat.ISO_8601, true, Envelope.DATA);
  /** {@code data} envelopes with ids and epoch-millisecond timestamps; errors under {@code error}. */
  public static final Dialect ENVELOPE_MILLIS =
      new Dialect("envelope-millis", TimestampFormat.EPOCH_MILLIS, true, Envelope.ERROR);
  /** {@code payload} envelopes with epoch-millisecond timestamps; errors under {@code payload}. */
  public static final Dialect PAYLOAD_MILLIS =
      new Dialect("payload-millis", TimestampFormat.EPOCH_MILLIS, true, Envelope.PAYLOAD);
  /**
   * The default for new applications and for endpoints that name no dialect: the wire of
   * {@link #ENVELOPE_MILLIS}. Epoch milliseconds are what every language's clock reads without a
   * parser, and errors under their own {@code error} key never collide with a message's body.
   */
  public static final Dialect STANDARD = ENVELOPE_MILLIS;

  private static final List<Dialect> ALL = List.of(FLAT, ENVELOPE_ISO, ENVELOPE_MILLIS, PAYLOAD_MILLIS);

  public Dialect {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(timestamps, "timestamps");
    Objects.requireNonNull(errorEnvelope, "errorEnvelope");
  }

  /** The built-in dialects, in the order of this class. */
  public static List<Dialect> builtIn() {
    return ALL;
  }

  /**
   * The built-in dialect with this {@link #name()} ({@code flat}, {@code envelope-iso},
   * {@code envelope-millis}, {@code payload-millis}) or {@code standard}.
   *
   * @throws IllegalArgumentException for any other name, listing the known ones
   */
  public static Dialect named(String name) {
    Objects.requireNonNull(name, "name");
    if (name.equals("standard")) {
      return STANDARD;
    }
    for (Dialect d : ALL) {
      if (d.name.equals(name)) {
        return d;
      }
    }
    throw new IllegalArgumentException("no dialect named '" + name + "'; known: standard, "
        + ALL.stream().map(Dialect::name).collect(java.util.stream.Collectors.joining(", ")));
  }

  /** Small index for per-publication encoding caches: one slot per distinct wire output. */
  int cacheSlot() {
    return timestamps.ordinal() * 2 + (stampFrames ? 1 : 0);
  }

  static final int CACHE_SLOTS = TimestampFormat.values().length * 2;
}
