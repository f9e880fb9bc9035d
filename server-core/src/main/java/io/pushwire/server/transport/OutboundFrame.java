package io.pushwire.server.transport;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Function;

/**
 * One outbound text frame, made once and shared by every recipient: a publication to 10,000
 * subscribers of the same wire format and dialect is one {@code OutboundFrame}. Besides its text it
 * gives, each made on first need and then kept, its UTF-8 bytes, the whole server-to-client
 * WebSocket frame (header and payload, unmasked, no extension), and one engine-specific form (a
 * Netty buffer, say) through {@link #attachment}.
 *
 * <p>Thread-safe: the lazily made forms may be made by two threads at once, and are then equal;
 * either is kept.
 */
public final class OutboundFrame {

  private final String text;
  /** The UTF-8 length, or -1 until measured; racy but idempotent. */
  private volatile int utf8Length = -1;
  /** The UTF-8 bytes, made on first need; racy but idempotent. Never modified once set. */
  private volatile byte[] utf8;
  /** Header and payload of the WebSocket frame, made on first need; racy but idempotent. Never modified once set. */
  private volatile byte[] wire;
  /** One engine's own form of this frame, made on first need; racy but idempotent. */
  private volatile Object attachment;

  private OutboundFrame(String text) {
    this.text = text;
  }

  /** A frame of {@code text}. */
  public static OutboundFrame of(String text) {
    return new OutboundFrame(Objects.requireNonNull(text, "text"));
  }

  /** The frame's text. */
  public String text() {
    return text;
  }

  /**
   * How many bytes the text takes in UTF-8 (an unpaired surrogate counts as the one byte of the
   * {@code ?} the encoder writes for it). Counted without encoding when the bytes are not made yet.
   */
  public int utf8Length() {
    int n = utf8Length;
    if (n < 0) {
      byte[] bytes = utf8;
      n = bytes != null ? bytes.length : Utf8.length(text);
      utf8Length = n;
    }
    return n;
  }

  /** The text in UTF-8, read-only. */
  public ByteBuffer utf8() {
    return ByteBuffer.wrap(utf8Bytes()).asReadOnlyBuffer();
  }

  /**
   * The whole WebSocket text frame as a server sends it (FIN set, opcode 1, no mask, no extension),
   * read-only. An engine writes these bytes as they are, to every recipient.
   */
  public ByteBuffer wireFrame() {
    byte[] bytes = wire;
    if (bytes == null) {
      bytes = frame(utf8Bytes());
      wire = bytes;
    }
    return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
  }

  /**
   * An engine's own form of this frame, made by {@code make} on first need and then kept. One
   * engine per process uses it; {@code type} guards against a second engine's form.
   */
  public <T> T attachment(Class<T> type, Function<OutboundFrame, T> make) {
    Object a = attachment;
    if (!type.isInstance(a)) {
      a = make.apply(this);
      attachment = a;
    }
    return type.cast(a);
  }

  private byte[] utf8Bytes() {
    byte[] bytes = utf8;
    if (bytes == null) {
      bytes = text.getBytes(StandardCharsets.UTF_8);
      utf8 = bytes;
    }
    return bytes;
  }

  private static byte[] frame(byte[] payload) {
    int n = payload.length;
    int header = n < 126 ? 2 : n <= 0xFFFF ? 4 : 10;
    byte[] out = new byte[header + n];
    out[0] = (byte) 0x81; // FIN, text
    if (n < 126) {
      out[1] = (byte) n;
    } else if (n <= 0xFFFF) {
      out[1] = 126;
      out[2] = (byte) (n >>> 8);
      out[3] = (byte) n;
    } else {
      out[1] = 127;
      long len = n;
      for (int i = 0; i < 8; i++) {
        out[2 + i] = (byte) (len >>> (56 - 8 * i));
      }
    }
    System.arraycopy(payload, 0, out, header, n);
    return out;
  }

  @Override
  public String toString() {
    return "OutboundFrame[" + text.length() + " chars]";
  }
}
