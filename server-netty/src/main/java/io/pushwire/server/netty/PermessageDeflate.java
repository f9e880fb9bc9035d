package io.pushwire.server.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.pushwire.server.transport.OutboundFrame;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * {@code permessage-deflate} (RFC 7692) on the Netty engine, with a bound on what a message may
 * inflate to, the same terms as the Tyrus engine's: negotiated only when the server has it on and
 * the client offers it, always without context takeover on either side (the answer declares
 * {@code server_no_context_takeover; client_no_context_takeover} whatever window the client offered),
 * so each message is compressed and inflated on its own and an idle connection holds no zlib state.
 *
 * <p>Inbound ({@link Inflating}, one per connection, in the pipeline right after the frame decoder):
 * a compressed message (RSV1 on its first frame) is inflated frame by frame; once it passes
 * {@code maxInflatedBytes} the rest is not inflated and the connection is closed with 1009, so a few
 * kilobytes of zeros cannot become gigabytes. RSV1 on a control or continuation frame, RSV2 or RSV3,
 * or data that is not deflate: 1002.
 *
 * <p>Outbound ({@link #compressed}): a frame's payload compressed once per frame (kept on the
 * {@link OutboundFrame}, since without context takeover every connection would send the same bytes),
 * sent as a text frame with RSV1 set.
 */
final class PermessageDeflate {

  static final String NAME = "permessage-deflate";
  /** The answer to an offer: the extension, with no context takeover on either side. */
  static final String RESPONSE = NAME + "; server_no_context_takeover; client_no_context_takeover";
  private static final byte[] TAIL = {0x00, 0x00, (byte) 0xff, (byte) 0xff};
  private static final int RSV1 = 0b100;

  private PermessageDeflate() {
  }

  /** Whether the request's {@code Sec-WebSocket-Extensions} offers permessage-deflate (with any parameters). */
  static boolean offered(HttpHeaders headers) {
    for (String value : headers.getAll(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS)) {
      for (String extension : value.split(",")) {
        String name = extension.split(";", 2)[0].trim();
        if (NAME.equalsIgnoreCase(name)) {
          return true;
        }
      }
    }
    return false;
  }

  /** {@code frame}'s payload deflated as RFC 7692 sends it, made once per frame and shared read-only. */
  static ByteBuf compressed(OutboundFrame frame) {
    return frame.attachment(Compressed.class, Compressed::of).bytes();
  }

  /** A text frame with RSV1 set, carrying {@code frame}'s compressed payload (a duplicate of the shared buffer). */
  static TextWebSocketFrame textFrame(OutboundFrame frame) {
    return new TextWebSocketFrame(true, RSV1, compressed(frame).duplicate());
  }

  /** One frame's compressed payload; an unreleasable heap buffer, freed with the frame. */
  private record Compressed(ByteBuf bytes) {
    static Compressed of(OutboundFrame frame) {
      ByteBuffer utf8 = frame.utf8();
      byte[] input = new byte[utf8.remaining()];
      utf8.duplicate().get(input);
      Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
      try {
        deflater.setInput(input);
        ByteArrayOutputStream out = new ByteArrayOutputStream(input.length / 2 + 16);
        byte[] chunk = new byte[8192];
        int n;
        while ((n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH)) > 0) {
          out.write(chunk, 0, n);
        }
        byte[] all = out.toByteArray();
        int length = endsWithTail(all) ? all.length - TAIL.length : all.length;
        return new Compressed(Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(all, 0, length)));
      } finally {
        deflater.end();
      }
    }
  }

  private static boolean endsWithTail(byte[] bytes) {
    return bytes.length >= TAIL.length
        && Arrays.equals(bytes, bytes.length - TAIL.length, bytes.length, TAIL, 0, TAIL.length);
  }

  /**
   * Inflates one connection's compressed messages. Per connection; event loop only. A violation is
   * passed on as a {@link CorruptedWebSocketFrameException}, which {@link WebSocketHandler} answers
   * with its code and counts; everything after it is dropped.
   */
  static final class Inflating extends ChannelInboundHandlerAdapter {
    static final String NAME = "inflate";

    private final int maxInflatedBytes;
    /** Event loop only. The inflater of the compressed message in progress, or null between messages. */
    private Inflater inflater;
    /** Event loop only. Bytes the message in progress inflated to so far. */
    private long inflatedSoFar;
    /** Event loop only. Set by a violation: nothing more is passed on. */
    private boolean failed;

    Inflating(int maxInflatedBytes) {
      this.maxInflatedBytes = maxInflatedBytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (!(msg instanceof WebSocketFrame frame)) {
        ctx.fireChannelRead(msg);
        return;
      }
      if (failed) {
        ReferenceCountUtil.release(msg);
        return;
      }
      int rsv = frame.rsv();
      boolean data = frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame;
      boolean continuation = frame instanceof ContinuationWebSocketFrame;
      if ((rsv & ~RSV1) != 0 || (rsv != 0 && !data)) {
        fail(ctx, frame, WebSocketCloseStatus.PROTOCOL_ERROR, "reserved bits set");
        return;
      }
      boolean starts = data && rsv == RSV1;
      if (!starts && !(continuation && inflater != null)) {
        ctx.fireChannelRead(msg); // an uncompressed message, or a control frame
        return;
      }
      if (starts) {
        end();
        inflater = new Inflater(true);
        inflatedSoFar = 0;
      }
      byte[] inflated;
      try {
        inflated = inflate(frame.content(), frame.isFinalFragment());
      } catch (DataFormatException e) {
        fail(ctx, frame, WebSocketCloseStatus.PROTOCOL_ERROR, "bad deflate data");
        return;
      }
      if (inflated == null) {
        fail(ctx, frame, WebSocketCloseStatus.MESSAGE_TOO_BIG, "message inflates past " + maxInflatedBytes + " bytes");
        return;
      }
      boolean fin = frame.isFinalFragment();
      ByteBuf payload = Unpooled.wrappedBuffer(inflated);
      WebSocketFrame plain = continuation ? new ContinuationWebSocketFrame(fin, 0, payload)
          : frame instanceof TextWebSocketFrame ? new TextWebSocketFrame(fin, 0, payload)
          : new BinaryWebSocketFrame(fin, 0, payload);
      frame.release();
      if (fin) {
        end();
      }
      ctx.fireChannelRead(plain);
    }

    /** The frame's inflated bytes, or null once the message passes the bound. */
    private byte[] inflate(ByteBuf compressed, boolean last) throws DataFormatException {
      byte[] input = ByteBufUtil.getBytes(compressed);
      inflater.setInput(last ? concat(input, TAIL) : input);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] chunk = new byte[8192];
      while (true) {
        int n = inflater.inflate(chunk);
        if (n > 0) {
          inflatedSoFar += n;
          if (inflatedSoFar > maxInflatedBytes) {
            return null;
          }
          out.write(chunk, 0, n);
        } else if (inflater.needsDictionary()) {
          throw new DataFormatException("a preset dictionary is not part of permessage-deflate");
        } else if (inflater.needsInput() || inflater.finished()) {
          return out.toByteArray();
        }
      }
    }

    private static byte[] concat(byte[] a, byte[] b) {
      byte[] all = Arrays.copyOf(a, a.length + b.length);
      System.arraycopy(b, 0, all, a.length, b.length);
      return all;
    }

    private void fail(ChannelHandlerContext ctx, WebSocketFrame frame, WebSocketCloseStatus status, String reason) {
      frame.release();
      failed = true;
      end();
      ctx.fireExceptionCaught(new CorruptedWebSocketFrameException(status, reason));
    }

    private void end() {
      if (inflater != null) {
        inflater.end();
        inflater = null;
      }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
      end();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      end();
      ctx.fireChannelInactive();
    }
  }
}
