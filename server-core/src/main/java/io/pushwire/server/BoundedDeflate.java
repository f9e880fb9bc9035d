package io.pushwire.server;

import jakarta.websocket.Extension;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.glassfish.tyrus.core.TyrusExtension;
import org.glassfish.tyrus.core.extension.ExtendedExtension;
import org.glassfish.tyrus.core.frame.Frame;

/**
 * {@code permessage-deflate} (RFC 7692) for the standalone server, with a bound on what a message
 * may inflate to: a compression bomb inflates only up to {@code maxInflatedBytes + 1} bytes, and
 * the message then reaches the endpoint as that many spaces, which Tyrus and the hub refuse as too
 * big, closing with 1009. Without the bound, a few kilobytes of zeros inflate to gigabytes.
 *
 * <p>Both directions are negotiated without context takeover ({@code server_no_context_takeover},
 * {@code client_no_context_takeover}): each message is compressed and inflated on its own, with a
 * {@link Deflater} or {@link Inflater} made for it and ended after it, so an idle connection holds
 * no zlib state (a kept context costs some 300 KB of native memory per connection). Compression is
 * worth it for large, repetitive frames (log batches, task lists) and costs CPU per message: it is
 * off unless {@link PushServer.Builder#permessageDeflate(boolean)} turns it on.
 *
 * <p>State: the inflater of a fragmented message in progress lives in the connection's extension
 * context, touched only by Tyrus's reader for that connection. Otherwise stateless.
 */
final class BoundedDeflate implements ExtendedExtension {

  static final String NAME = "permessage-deflate";
  private static final byte[] TAIL = {0x00, 0x00, (byte) 0xff, (byte) 0xff};
  private static final String INFLATING = BoundedDeflate.class.getName() + ".inflating";

  private final int maxInflatedBytes;

  BoundedDeflate(int maxInflatedBytes) {
    this.maxInflatedBytes = maxInflatedBytes;
  }

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public List<Parameter> getParameters() {
    return List.of();
  }

  @Override
  public List<Parameter> onExtensionNegotiation(ExtensionContext context, List<Parameter> requested) {
    // Whatever window sizes the client offered, the server answers with the default window and no
    // context takeover on either side (RFC 7692 §7.1.1: a server may declare both unasked).
    return List.of(parameter("server_no_context_takeover"), parameter("client_no_context_takeover"));
  }

  @Override
  public void onHandshakeResponse(ExtensionContext context, List<Parameter> responseParameters) {
    // server side only
  }

  @Override
  public Frame processIncoming(ExtensionContext context, Frame frame) {
    if (frame.isControlFrame()) {
      return frame;
    }
    Inflating message = (Inflating) context.getProperties().get(INFLATING);
    if (message == null) {
      if (!frame.isRsv1()) {
        return frame; // an uncompressed message
      }
      message = new Inflating();
      context.getProperties().put(INFLATING, message);
    }
    try {
      byte[] inflated = message.inflate(frame.getPayloadData(), frame.isFin(), maxInflatedBytes);
      if (frame.isFin()) {
        message.end();
        context.getProperties().remove(INFLATING);
      }
      if (inflated == null) { // over the bound: refused downstream as too big
        message.end();
        context.getProperties().remove(INFLATING);
        byte[] tooBig = new byte[maxInflatedBytes + 1];
        Arrays.fill(tooBig, (byte) ' ');
        return Frame.builder(frame).rsv1(false).fin(true).payloadData(tooBig).payloadLength(tooBig.length).build();
      }
      return Frame.builder(frame).rsv1(false).payloadData(inflated).payloadLength(inflated.length).build();
    } catch (DataFormatException e) {
      message.end();
      context.getProperties().remove(INFLATING);
      throw new IllegalArgumentException("bad deflate data", e); // Tyrus then refuses the RSV1 frame: 1002
    }
  }

  @Override
  public Frame processOutgoing(ExtensionContext context, Frame frame) {
    if (frame.isControlFrame() || frame.getOpcode() == 0 || !frame.isFin() || frame.getPayloadLength() == 0) {
      return frame; // fragments and empty frames go uncompressed (Pushwire sends whole messages)
    }
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    try {
      deflater.setInput(frame.getPayloadData());
      ByteArrayOutputStream out = new ByteArrayOutputStream(frame.getPayloadData().length / 2 + 16);
      byte[] chunk = new byte[8192];
      int n;
      while ((n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH)) > 0) {
        out.write(chunk, 0, n);
      }
      byte[] compressed = out.toByteArray();
      int length = endsWithTail(compressed) ? compressed.length - TAIL.length : compressed.length;
      byte[] payload = Arrays.copyOf(compressed, length);
      return Frame.builder(frame).rsv1(true).payloadData(payload).payloadLength(payload.length).build();
    } finally {
      deflater.end();
    }
  }

  @Override
  public void destroy(ExtensionContext context) {
    Inflating message = (Inflating) context.getProperties().remove(INFLATING);
    if (message != null) {
      message.end();
    }
  }

  private static boolean endsWithTail(byte[] bytes) {
    if (bytes.length < TAIL.length) {
      return false;
    }
    for (int i = 0; i < TAIL.length; i++) {
      if (bytes[bytes.length - TAIL.length + i] != TAIL[i]) {
        return false;
      }
    }
    return true;
  }

  private static Parameter parameter(String name) {
    return new Parameter() {
      @Override
      public String getName() {
        return name;
      }

      @Override
      public String getValue() {
        return null;
      }
    };
  }

  /** What the server declares for an endpoint: the extension's name, for the handshake to match. */
  static Extension declared() {
    return new TyrusExtension(NAME);
  }

  /** One compressed message being inflated, across its fragments; the reader thread's alone. */
  private static final class Inflating {
    private final Inflater inflater = new Inflater(true);
    private long inflatedSoFar;

    /** The fragment's inflated bytes, or null once the message passes {@code max}. */
    byte[] inflate(byte[] compressed, boolean last, int max) throws DataFormatException {
      inflater.setInput(last ? concat(compressed, TAIL) : compressed);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] chunk = new byte[8192];
      while (true) {
        int n = inflater.inflate(chunk);
        if (n > 0) {
          inflatedSoFar += n;
          if (inflatedSoFar > max) {
            return null;
          }
          out.write(chunk, 0, n);
        } else if (inflater.needsInput() || inflater.finished()) {
          return out.toByteArray();
        } else if (inflater.needsDictionary()) {
          throw new DataFormatException("a preset dictionary is not part of permessage-deflate");
        }
      }
    }

    void end() {
      inflater.end();
    }

    private static byte[] concat(byte[] a, byte[] b) {
      byte[] all = Arrays.copyOf(a, a.length + b.length);
      System.arraycopy(b, 0, all, a.length, b.length);
      return all;
    }
  }
}
