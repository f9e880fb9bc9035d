package io.pushwire.server.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.pushwire.server.transport.OutboundFrame;
import io.pushwire.server.transport.SendCallback;
import io.pushwire.server.transport.Transport;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A Netty channel as the hub's {@link Transport}. A frame goes out as its pre-made WebSocket bytes
 * ({@link OutboundFrame#wireFrame()}, wrapped once per frame in a buffer kept on the frame), each
 * recipient writing a duplicate of the same buffer, so a publication to 10,000 connections is
 * framed and encoded once. Writes are made on the channel's event loop (Netty hands a write from
 * another thread to it, in order; a send made on the loop itself is queued behind those, so frames
 * leave in the order the hub sent them whatever thread sent them).
 *
 * <p>Back-pressure: {@link #send}'s callback is called at once while the channel is writable (its
 * outbound buffer below {@link NettyEngine#WATER_MARK}'s high mark), else when it becomes writable
 * again, or with the failure when it closes. Until then the hub's bounded queue holds what follows,
 * and closes a client that stops reading as a slow consumer when it fills: the engine's own buffer
 * stays bounded by the high mark plus one frame.
 *
 * <p>Thread-safe: the hub sends, pings and closes from any thread.
 */
final class NettyTransport implements Transport {

  /** Close code: a message larger than the engine buffers. */
  static final int TOO_BIG = 1009;
  /** Close code: the client broke the protocol. */
  static final int PROTOCOL_ERROR = 1002;
  /** Close code: a policy broken (pings too fast). */
  static final int POLICY_VIOLATION = 1008;
  /** Close code: a frame type Pushwire does not take (binary). */
  static final int UNSUPPORTED_DATA = 1003;
  /** How long a close waits for the client's close frame (or for its own to get out) before it closes the socket. */
  static final long CLOSE_GRACE_MILLIS = 2_000;
  private static final int MAX_REASON_BYTES = 123;

  private final Channel channel;
  /** Whether permessage-deflate was negotiated: frames then go out compressed, as text frames with RSV1. */
  private final boolean deflate;
  /** The callback of the send that made the channel unwritable, until it is writable again or closed; set and taken atomically. */
  private final AtomicReference<SendCallback> waiting = new AtomicReference<>();
  /** Whether a close frame was sent or received: then nothing more is sent, and the next close frame ends the connection. */
  private final AtomicBoolean closing = new AtomicBoolean();

  NettyTransport(Channel channel, boolean deflate) {
    this.channel = channel;
    this.deflate = deflate;
  }

  /** The frame's shared buffer: made once per frame and never released (it is a heap buffer, freed with the frame). */
  private static ByteBuf wire(OutboundFrame frame) {
    ByteBuffer bytes = frame.wireFrame();
    return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(bytes));
  }

  @Override
  public void send(OutboundFrame frame, SendCallback whenReady) {
    if (!channel.isActive()) {
      whenReady.done(new ClosedChannelException());
      return;
    }
    // Either way the bytes are made once per frame and shared by every recipient: the whole frame,
    // or with permessage-deflate the compressed payload, which the frame encoder frames.
    Object out = deflate ? PermessageDeflate.textFrame(frame)
        : frame.attachment(ByteBuf.class, NettyTransport::wire).duplicate();
    if (channel.eventLoop().inEventLoop()) {
      // On the loop a write would go out at once, ahead of writes other threads handed the loop
      // and it has not run yet: queue this one behind them instead, so frames keep their order.
      channel.eventLoop().execute(() -> write(out, whenReady));
    } else {
      write(out, whenReady);
    }
  }

  /**
   * Writes {@code message} (the frame's bytes, or a compressed frame); from another thread Netty hands the write to the loop, counting its
   * bytes against the water mark at once.
   */
  private void write(Object message, SendCallback whenReady) {
    channel.writeAndFlush(message, channel.voidPromise());
    if (channel.isWritable()) {
      whenReady.done(null);
      return;
    }
    waiting.set(whenReady);
    // The channel may have turned writable (or closed) between the check and the set, and its
    // event already passed: look again, and whoever takes the callback calls it.
    if (channel.isWritable() || !channel.isActive()) {
      release();
    }
  }

  /** The channel is writable again. */
  void writable() {
    release();
  }

  /** The channel is closed: a send waiting for writability fails. */
  void inactive() {
    closing.set(true);
    release();
  }

  private void release() {
    SendCallback c = waiting.getAndSet(null);
    if (c != null) {
      c.done(channel.isActive() ? null : new ClosedChannelException());
    }
  }

  @Override
  public void ping() {
    if (channel.isActive() && !closing.get()) {
      channel.writeAndFlush(new PingWebSocketFrame(), channel.voidPromise());
    }
  }

  /**
   * Sends a close frame after whatever is queued, then closes the socket when the client answers
   * with its own, or after {@link #CLOSE_GRACE_MILLIS} (a client that stopped reading never does).
   */
  @Override
  public void close(int code, String reason) {
    if (!closing.compareAndSet(false, true) || !channel.isActive()) {
      return;
    }
    channel.writeAndFlush(closeFrame(code, reason)).addListener((ChannelFutureListener) f -> {
      if (!f.isSuccess()) {
        channel.close();
      }
    });
    channel.eventLoop().schedule(() -> {
      channel.close();
    }, CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
  }

  /**
   * The client broke the protocol (or sent what Pushwire does not take): a close frame with
   * {@code code}, as {@link #close} sends it. The socket stays open for the close's grace, reading
   * and dropping what the client still sends, so that the client, which may still be writing, sees
   * the close frame rather than a reset.
   */
  void closeAfterViolation(int code, String reason) {
    if (closing.get()) {
      channel.close();
    } else {
      close(code, reason);
    }
  }

  /** The client's close frame arrived: the answer to ours, or its own close, which is echoed. On the event loop. */
  void closeReceived(int code, String reason) {
    if (!closing.compareAndSet(false, true)) {
      channel.close(); // it answered ours
      return;
    }
    CloseWebSocketFrame echo = code < 0 ? new CloseWebSocketFrame() : closeFrame(code, "");
    channel.writeAndFlush(echo).addListener(ChannelFutureListener.CLOSE);
  }

  /** Whether a close frame was sent or received. */
  boolean isClosing() {
    return closing.get();
  }

  private static CloseWebSocketFrame closeFrame(int code, String reason) {
    int wireCode = WebSocketCloseStatus.isValidStatusCode(code) ? code : WebSocketCloseStatus.INTERNAL_SERVER_ERROR.code();
    return new CloseWebSocketFrame(wireCode, truncate(reason == null ? "" : reason));
  }

  /** {@code reason} cut to at most 123 bytes of UTF-8, on a character boundary. */
  static String truncate(String reason) {
    if (reason.length() * 3 <= MAX_REASON_BYTES || reason.getBytes(StandardCharsets.UTF_8).length <= MAX_REASON_BYTES) {
      return reason;
    }
    int end = reason.length();
    while (end > 0 && reason.substring(0, end).getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES) {
      end--;
      if (end > 0 && Character.isLowSurrogate(reason.charAt(end)) && Character.isHighSurrogate(reason.charAt(end - 1))) {
        end--;
      }
    }
    return reason.substring(0, end);
  }

  @Override
  public boolean isOpen() {
    return channel.isActive() && !closing.get();
  }

  @Override
  public boolean isWritable() {
    return channel.isWritable();
  }
}
