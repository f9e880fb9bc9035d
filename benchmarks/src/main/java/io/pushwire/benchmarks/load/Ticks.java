package io.pushwire.benchmarks.load;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The test message both servers push, and how the client reads it back without decoding it.
 *
 * <p>A tick is a {@code bench_tick} frame in seed 003's shape:
 * {@code {"type":"bench_tick","id":"bench_tick_7","timestamp":1700000000000,"data":{"seq":7,"sent":123456789,"pad":"xxx…"}}}.
 * {@code seq} numbers the publications of one server process from 1 up, so a client sees gaps
 * and reordering; {@code sent} is the {@link System#nanoTime()} the publication was due, so the
 * client can compute publish-to-receive latency; {@code pad} brings the frame to the configured
 * size (1 KiB by default). Pushwire writes it with its codec; the baseline concatenates the same
 * text.
 */
final class Ticks {

  /** The message type, registered with the Pushwire hub. */
  static final String TYPE = "bench_tick";
  /** The one topic every subscriber of the harness joins. */
  static final String TOPIC = "bench";
  /** The token the Pushwire target accepts; it is only ever used on 127.0.0.1. */
  static final String TOKEN = "bench-token";

  private static final byte[] SEQ_KEY = "\"seq\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SENT_KEY = "\"sent\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ACK_TYPE = "\"type\":\"ack\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ERROR_TYPE = "\"type\":\"error\"".getBytes(StandardCharsets.US_ASCII);
  /** Every field the client looks for sits in the first bytes of a frame: never scan the padding. */
  private static final int SCAN_LIMIT = 192;

  /** The body of a tick. Serialized by the Pushwire codec as {@code {"seq":..,"sent":..,"pad":".."}}. */
  record BenchTick(long seq, long sent, String pad) {
  }

  private Ticks() {
  }

  /**
   * Padding that brings a frame to about {@code frameBytes}: the frame without padding, with
   * numbers of typical width, is {@link #frame} of an empty pad.
   */
  static String pad(int frameBytes) {
    int bare = frame(1_000_000, System.nanoTime(), System.currentTimeMillis(), "").length();
    return "x".repeat(Math.max(0, frameBytes - bare));
  }

  /** The baseline's text of a tick: the same shape and field order as Pushwire's ENVELOPE_MILLIS frame. */
  static String frame(long seq, long sentNanos, long timestampMillis, String pad) {
    return new StringBuilder(96 + pad.length())
        .append("{\"type\":\"").append(TYPE).append("\",\"id\":\"").append(TYPE).append('_').append(seq)
        .append("\",\"timestamp\":").append(timestampMillis)
        .append(",\"data\":{\"seq\":").append(seq).append(",\"sent\":").append(sentNanos)
        .append(",\"pad\":\"").append(pad).append("\"}}")
        .toString();
  }

  /** The {@code seq} of a tick whose UTF-8 text is {@code buf[from, to)}, or -1 if it is not a tick. */
  static long seq(ByteBuffer buf, int from, int to) {
    return longAfter(buf, from, to, SEQ_KEY);
  }

  /** The {@code sent} nanos of a tick, or -1. */
  static long sent(ByteBuffer buf, int from, int to) {
    return longAfter(buf, from, to, SENT_KEY);
  }

  /** Whether the frame is an {@code ack} (the answer to a subscription, or the baseline's greeting). */
  static boolean isAck(ByteBuffer buf, int from, int to) {
    return indexOf(buf, from, to, ACK_TYPE) >= 0;
  }

  /** Whether the frame is an {@code error}. */
  static boolean isError(ByteBuffer buf, int from, int to) {
    return indexOf(buf, from, to, ERROR_TYPE) >= 0;
  }

  private static long longAfter(ByteBuffer buf, int from, int to, byte[] key) {
    int at = indexOf(buf, from, to, key);
    if (at < 0) {
      return -1;
    }
    long value = 0;
    int digits = 0;
    for (int i = at + key.length; i < to; i++) {
      int b = buf.get(i);
      if (b < '0' || b > '9') {
        break;
      }
      value = value * 10 + (b - '0');
      digits++;
    }
    return digits == 0 ? -1 : value;
  }

  private static int indexOf(ByteBuffer buf, int from, int to, byte[] key) {
    int last = Math.min(to, from + SCAN_LIMIT) - key.length;
    outer:
    for (int i = from; i <= last; i++) {
      for (int k = 0; k < key.length; k++) {
        if (buf.get(i + k) != key[k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
