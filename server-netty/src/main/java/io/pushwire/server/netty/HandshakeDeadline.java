package io.pushwire.server.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.ScheduledFuture;
import io.pushwire.server.transport.EdgeEvents;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Guards one socket until it becomes a WebSocket connection, where no hub limit sees it yet: a
 * socket not upgraded within the handshake deadline is closed, and a socket accepted while
 * {@link Sockets#max} others are still waiting to upgrade is closed at once. So half a request line,
 * a stalled TLS hello, or nothing at all holds a socket for the deadline at most, and a flood of
 * them cannot take more than the cap. Both are reported to the hub's {@link EdgeEvents}.
 *
 * <p>It sits right after TLS (so it sees the server's plain-text responses) and before the HTTP
 * codec. The socket leaves the guard when the server writes {@code HTTP/1.1 101} on it; any other
 * response (a health check, a static file, a refused handshake) gives it a fresh deadline, so an
 * idle HTTP keep-alive connection is closed once it has been idle that long, while one that only
 * trickles a request in never gets one. The same rules as the Tyrus engine's guard.
 *
 * <p>One per socket; every callback runs on the channel's event loop, the only thread that touches
 * its fields.
 */
final class HandshakeDeadline extends ChannelDuplexHandler {

  static final String NAME = "handshake-deadline";
  private static final byte[] SWITCHING = "HTTP/1.1 101".getBytes(StandardCharsets.US_ASCII);

  /** What every socket of one engine shares: the deadline, the cap, and the count of sockets waiting to upgrade. */
  static final class Sockets {
    final long deadlineNanos;
    final int max;
    final EdgeEvents events;
    /** Sockets accepted and not yet upgraded or closed; the cap is checked on it atomically. */
    final AtomicInteger pending = new AtomicInteger();

    Sockets(Duration deadline, int max, EdgeEvents events) {
      this.deadlineNanos = deadline.toNanos();
      this.max = max;
      this.events = events;
    }
  }

  private final Sockets sockets;
  /** Event loop only. Whether this socket counts in {@link Sockets#pending}: from its admission to its upgrade or close. */
  private boolean held;
  /** Event loop only. The deadline's timer while held; replaced by each renewal. */
  private ScheduledFuture<?> timer;

  HandshakeDeadline(Sockets sockets) {
    this.sockets = sockets;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (sockets.pending.incrementAndGet() > sockets.max) {
      sockets.pending.decrementAndGet();
      sockets.events.socketRefused(peer(ctx), sockets.max);
      ctx.close();
      return;
    }
    held = true;
    arm(ctx);
    ctx.fireChannelActive();
  }

  private void arm(ChannelHandlerContext ctx) {
    if (timer != null) {
      timer.cancel(false);
    }
    timer = ctx.executor().schedule(() -> expire(ctx), sockets.deadlineNanos, TimeUnit.NANOSECONDS);
  }

  private void expire(ChannelHandlerContext ctx) {
    if (held) {
      release();
      sockets.events.handshakeTimedOut(peer(ctx));
      ctx.close();
    }
  }

  private void release() {
    if (held) {
      held = false;
      sockets.pending.decrementAndGet();
      if (timer != null) {
        timer.cancel(false);
        timer = null;
      }
    }
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
    if (held && msg instanceof ByteBuf bytes && bytes.isReadable()) {
      if (startsWith(bytes, SWITCHING)) {
        release();
        ctx.pipeline().remove(this);
      } else {
        arm(ctx);
      }
    }
    ctx.write(msg, promise);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    release();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    release();
  }

  private static boolean startsWith(ByteBuf bytes, byte[] prefix) {
    if (bytes.readableBytes() < prefix.length) {
      return false;
    }
    int at = bytes.readerIndex();
    for (int i = 0; i < prefix.length; i++) {
      if (bytes.getByte(at + i) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static String peer(ChannelHandlerContext ctx) {
    return String.valueOf(ctx.channel().remoteAddress());
  }
}
