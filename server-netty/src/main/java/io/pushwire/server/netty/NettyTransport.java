package io.pushwire.server.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.pushwire.server.transport.DeliveryLoop;
import io.pushwire.server.transport.OutboundFrame;
import io.pushwire.server.transport.SendCallback;
import io.pushwire.server.transport.Transport;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

/**
 * A Netty channel as the hub's {@link Transport}. A frame goes out as its pre-made WebSocket bytes
 * ({@link OutboundFrame#wireFrame()}, copied once per frame into a direct buffer kept on the
 * frame), each recipient writing a duplicate of the same buffer, so a publication to 10,000
 * connections is framed and encoded once. Every write, whatever thread makes it, goes through the
 * channel's loop's {@link LoopOutbox}: one task on the loop writes a burst for all its channels
 * and flushes each once, and frames, pings and the close frame leave in the order they were sent.
 * The hub queues this connection's publications on that loop ({@link #deliveryLoop}), where a
 * send is written at once when the outbox holds nothing before it.
 *
 * <p>Back-pressure: {@link #send}'s callback is called at once while the channel has room (Netty's
 * outbound buffer under {@link NettyEngine#WATER_MARK}'s high mark and less than that in the
 * outbox), else when both are under the low mark again, or with the failure when it closes. Until
 * then the hub's bounded queue holds what follows, and closes a client that stops reading as a
 * slow consumer when it fills: the engine's own buffers stay bounded by the high mark plus a frame.
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
  /** Where every write to this channel goes: its loop's outbox, written and flushed by one task per burst. */
  private final LoopOutbox outbox;
  private static final AtomicLongFieldUpdater<NettyTransport> QUEUED_BYTES =
      AtomicLongFieldUpdater.newUpdater(NettyTransport.class, "queuedBytes");
  private static final AtomicReferenceFieldUpdater<NettyTransport, SendCallback> WAITING =
      AtomicReferenceFieldUpdater.newUpdater(NettyTransport.class, SendCallback.class, "waiting");
  /**
   * Bytes handed to the outbox and not yet written to the channel; any thread adds, the loop
   * subtracts, atomically by {@link #QUEUED_BYTES}. A field, not an {@code AtomicLong}: every send
   * reads it, and a fan-out to thousands of channels should not touch one more object per channel.
   */
  private volatile long queuedBytes;
  /** Whether the running drain already wrote to this channel and will flush it; loop only. */
  private boolean flushPending;
  /**
   * The callback of the send that made the channel unwritable, until it is writable again or
   * closed; set and taken atomically, by {@link #WAITING}.
   */
  private volatile SendCallback waiting;
  /** Whether a close frame was sent or received: then nothing more is sent, and the next close frame ends the connection. */
  private final AtomicBoolean closing = new AtomicBoolean();

  NettyTransport(Channel channel, boolean deflate) {
    this.channel = channel;
    this.deflate = deflate;
    this.outbox = LoopOutbox.of(channel);
  }

  /**
   * The frame's shared buffer, made once per frame: a direct copy of its wire bytes, so no write
   * copies it again (a heap buffer is copied into a direct one by every channel that writes it).
   * Never released: the JDK frees its memory when the frame is gone.
   */
  private static ByteBuf wire(OutboundFrame frame) {
    ByteBuffer bytes = frame.wireFrame();
    ByteBuffer direct = ByteBuffer.allocateDirect(bytes.remaining());
    direct.put(bytes.duplicate()).flip();
    return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(direct));
  }

  @Override
  public void send(OutboundFrame frame, SendCallback whenReady) {
    if (!channel.isActive()) {
      whenReady.done(new ClosedChannelException());
      return;
    }
    // Either way the bytes are made once per frame and shared by every recipient: the whole frame,
    // or with permessage-deflate the compressed payload, which the frame encoder frames.
    Object out;
    int size;
    if (deflate) {
      TextWebSocketFrame compressed = PermessageDeflate.textFrame(frame);
      out = compressed;
      size = compressed.content().readableBytes();
    } else {
      ByteBuf shared = frame.attachment(ByteBuf.class, NettyTransport::wire);
      out = shared.duplicate();
      size = shared.readableBytes();
    }
    if (!outbox.writeInBatch(this, out)) {
      QUEUED_BYTES.addAndGet(this, size);
      outbox.add(new LoopOutbox.Entry(this, out, size));
    }
    if (hasRoom(NettyEngine.WATER_MARK.high())) {
      whenReady.done(null);
      return;
    }
    waiting = whenReady;
    // The room may have come back (or the channel closed) between the check and the set, and
    // its event already passed: look again, and whoever takes the callback calls it.
    if (hasRoom(NettyEngine.WATER_MARK.low()) || !channel.isActive()) {
      release();
    }
  }

  /** Whether Netty's buffer is under its high mark and the outbox holds less than {@code bytes} for this channel. */
  private boolean hasRoom(int bytes) {
    return channel.isWritable() && queuedBytes < bytes;
  }

  /**
   * Writes one of this channel's entries, without flushing; on the loop. Answers whether the
   * channel still needs its flush (the first write of this drain).
   */
  boolean writeOnLoop(LoopOutbox.Entry entry) {
    QUEUED_BYTES.addAndGet(this, -entry.bytes());
    return write(entry.message());
  }

  /**
   * Writes {@code message} without flushing; on the loop. Answers whether the channel still needs
   * its flush (the first write since the last flush).
   */
  boolean write(Object message) {
    if (message instanceof CloseWebSocketFrame) {
      channel.write(message).addListener((ChannelFutureListener) f -> {
        if (!f.isSuccess()) {
          channel.close();
        }
      });
    } else {
      channel.write(message, channel.voidPromise());
    }
    if (flushPending) {
      return false;
    }
    flushPending = true;
    return true;
  }

  /** Flushes what this drain wrote, and frees a waiting send if there is room again; on the loop. */
  void flushOnLoop() {
    flushPending = false;
    channel.flush();
    if (hasRoom(NettyEngine.WATER_MARK.low()) || !channel.isActive()) {
      release();
    }
  }

  /** Netty's buffer is under its low mark again: a waiting send goes on once the outbox is too. */
  void writable() {
    if (queuedBytes < NettyEngine.WATER_MARK.low()) {
      release();
    }
  }

  /** The channel is closed: a send waiting for writability fails. */
  void inactive() {
    closing.set(true);
    release();
  }

  private void release() {
    SendCallback c = WAITING.getAndSet(this, null);
    if (c != null) {
      c.done(channel.isActive() ? null : new ClosedChannelException());
    }
  }

  @Override
  public void ping() {
    if (channel.isActive() && !closing.get()) {
      outbox.add(new LoopOutbox.Entry(this, new PingWebSocketFrame(), 0));
    }
  }

  /**
   * Sends a close frame after whatever is queued, then closes the socket when the client answers
   * with its own, or after {@link #CLOSE_GRACE_MILLIS} (a client that stopped reading never does).
   */
  @Override
  public void close(int code, String reason) {
    if (!closing.compareAndSet(false, true) || !channel.isActive() || channel.eventLoop().isShuttingDown()) {
      return; // closed, or about to be by its stopping loop
    }
    // Behind every frame sent before it: through the outbox, or on the loop right after writing
    // out what the outbox holds, so that a violation the loop reads next finds it sent.
    LoopOutbox.Entry entry = new LoopOutbox.Entry(this, closeFrame(code, reason), 0);
    if (!outbox.writeNowIfOnLoop(entry)) {
      outbox.add(entry);
    }
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
    return hasRoom(NettyEngine.WATER_MARK.high());
  }

  /** The channel's loop: the hub queues this connection's publications there. */
  @Override
  public DeliveryLoop deliveryLoop() {
    return outbox;
  }
}
