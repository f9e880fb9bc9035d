package io.pushwire.server;

import io.pushwire.protocol.codec.Envelope;
import io.pushwire.protocol.codec.TimestampFormat;
import java.util.Objects;

/**
 * How an endpoint writes frames, so clients written to one seed document get that document's
 * shapes: the timestamp format, and whether pushed frames in an envelope get a generated
 * {@code id} and a {@code timestamp}. Message bodies go in their type's seed envelope (flat,
 * {@code data} or {@code payload}); {@code error} bodies go where the dialect says; an
 * {@code ack} follows the envelope of the request it answers. Replies carry the request's
 * {@code id}.
 *
 * @param name a label for logs and docs
 * @param timestamps how timestamps are written
 * @param stampFrames whether frames get a generated {@code id} (when they have none) and a
 *     {@code timestamp}; flat frames never do
 * @param errorEnvelope where {@code error} bodies go: {@code data} (seed 001), {@code error}
 *     (seed 003), {@code payload} (seed 004) or flat (seed 000)
 */
public record Dialect(String name, TimestampFormat timestamps, boolean stampFrames, Envelope errorEnvelope) {

  /** Seed 000: flat frames, no ids or timestamps. */
  public static final Dialect SEED_000 = new Dialect("seed-000", TimestampFormat.ISO_8601, false, Envelope.FLAT);
  /** Seed 001: {@code data} envelopes with ids and ISO-8601 timestamps; errors under {@code data}. */
  public static final Dialect SEED_001 = new Dialect("seed-001", TimestampFormat.ISO_8601, true, Envelope.DATA);
  /** Seed 003: envelopes with ids and epoch-millisecond timestamps; errors under {@code error}. */
  public static final Dialect SEED_003 = new Dialect("seed-003", TimestampFormat.EPOCH_MILLIS, true, Envelope.ERROR);
  /** Seed 004: {@code payload} envelopes with epoch-millisecond timestamps; errors under {@code payload}. */
  public static final Dialect SEED_004 = new Dialect("seed-004", TimestampFormat.EPOCH_MILLIS, true, Envelope.PAYLOAD);

  public Dialect {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(timestamps, "timestamps");
    Objects.requireNonNull(errorEnvelope, "errorEnvelope");
  }

  /** Small index for per-publication encoding caches: one slot per distinct wire output. */
  int cacheSlot() {
    return timestamps.ordinal() * 2 + (stampFrames ? 1 : 0);
  }

  static final int CACHE_SLOTS = TimestampFormat.values().length * 2;
}
