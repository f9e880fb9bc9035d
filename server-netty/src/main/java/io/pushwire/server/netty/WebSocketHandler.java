package io.pushwire.server.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.pushwire.server.transport.EdgeEvents;
import io.pushwire.server.transport.Handshake;
import io.pushwire.server.transport.HandshakeOutcome;
import io.pushwire.server.transport.TransportEndpoint;
import io.pushwire.server.transport.TransportListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upgraded connection's inbound side: whole text messages (fragments joined, UTF-8 checked
 * before) to the hub's {@link TransportListener}, pongs to it too, pings answered with pongs, and
 * the close handshake. What the engine answers itself, before the hub sees anything:
 *
 * <ul>
 *   <li>a message larger than the engine's buffer ({@code maxMessageBytes}): close 1009;
 *   <li>a text message that is not UTF-8: close 1007;
 *   <li>any other protocol error (an unmasked frame, a bad opcode or length, a fragmented control
 *       frame, a reserved bit set): close 1002 (the code the decoder names);
 *   <li>a binary message: close 1003 (unsupported data), since every Pushwire wire format is text;
 *   <li>WebSocket pings faster than {@value #PINGS_PER_SECOND} a second (bursts of {@value #PING_BURST},
 *       as on the Tyrus engine): close 1008. A ping is answered with a pong only while the channel is
 *       writable (RFC 6455 §5.5.3 lets a server answer only the latest), so a client that pings but
 *       never reads cannot grow the server's buffers past the channel's water mark.
 * </ul>
 *
 * <p>Each of these is reported to the hub's {@link EdgeEvents}: 1008 and 1009 as limit closes, the
 * others as protocol errors, so {@code hub.stats().security()} counts them as on the Tyrus engine.
 *
 * <p>Each close goes out as a close frame after whatever the connection had queued, and the
 * connection is closed then. {@link TransportListener#onClosed} is called once, when the channel
 * becomes inactive. Per connection; its callbacks run on the channel's event loop, which is the
 * only thread that touches its fields.
 */
final class WebSocketHandler extends ChannelInboundHandlerAdapter {

  /** The handler's name in the pipeline. */
  static final String NAME = "websocket";
  /** Pings a client may send per second, on average. */
  static final int PINGS_PER_SECOND = 10;
  /** Pings a client may send at once after a quiet spell. */
  static final int PING_BURST = 50;
  /** The first close code past the ones RFC 6455 lets a peer send (4999 is the last private one). */
  private static final int MAX_CLOSE_CODE = 5000;
  private static final Logger log = LoggerFactory.getLogger(WebSocketHandler.class);

  private final TransportEndpoint endpoint;
  /**
   * Event loop only. The handshake until {@link #open} hands it to the hub; null after, so an idle
   * connection does not keep its request headers.
   */
  private Handshake handshake;
  /** Event loop only. The handshake's decision until {@link #open}; null after. */
  private HandshakeOutcome outcome;
  private final EdgeEvents edge;
  /** Whether permessage-deflate was negotiated for this connection. */
  private final boolean deflate;
  /** Event loop only. The ping token bucket: pings the client may still send now. */
  private double pingTokens = PING_BURST;
  /** Event loop only. When the bucket was last refilled ({@code System.nanoTime()}). */
  private long pingRefillNanos = System.nanoTime();
  /** Event loop only. Set by {@link #open}; null before. */
  private NettyTransport transport;
  /** Event loop only. The hub's side, set by {@link #open}; null before. */
  private TransportListener listener;
  /** Event loop only. Whether the listener was told of the close. */
  private boolean closeTold;

  WebSocketHandler(TransportEndpoint endpoint, Handshake handshake, HandshakeOutcome outcome, EdgeEvents edge,
      boolean deflate) {
    this.endpoint = endpoint;
    this.handshake = handshake;
    this.outcome = outcome;
    this.edge = edge;
    this.deflate = deflate;
  }

  /** The handshake's response is out: the hub gets the connection. On the event loop. */
  void open(Channel channel) {
    transport = new NettyTransport(channel, deflate);
    listener = endpoint.open(transport, handshake, outcome);
    handshake = null;
    outcome = null;
    if (!channel.isActive()) { // closed during open, before this handler could see it
      tellClosed();
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (listener == null) {
        return; // nothing arrives before open; a client that sends early is ignored
      }
      if (msg instanceof TextWebSocketFrame text) {
        if (!transport.isClosing()) {
          listener.onText(text.text());
        }
      } else if (msg instanceof PingWebSocketFrame ping) {
        if (transport.isClosing()) {
          return;
        }
        if (!takePingToken()) {
          refuse(ctx, NettyTransport.POLICY_VIOLATION, "more than " + PINGS_PER_SECOND + " pings per second", true);
        } else if (ctx.channel().isWritable()) {
          ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()), ctx.voidPromise());
        }
      } else if (msg instanceof PongWebSocketFrame) {
        listener.onPong();
      } else if (msg instanceof CloseWebSocketFrame close) {
        if (close.statusCode() >= MAX_CLOSE_CODE) {
          // The decoder checks the other ranges; RFC 6455 §7.4 defines no code from 5000 up.
          refuse(ctx, NettyTransport.PROTOCOL_ERROR, "close code " + close.statusCode() + " is not defined", false);
        } else {
          transport.closeReceived(close.statusCode(), close.reasonText());
        }
      } else if (msg instanceof BinaryWebSocketFrame) {
        refuse(ctx, NettyTransport.UNSUPPORTED_DATA, "binary frames are not supported", false);
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  /** Refills the ping bucket for the time passed, and takes a token from it if there is one. */
  private boolean takePingToken() {
    long now = System.nanoTime();
    pingTokens = Math.min(PING_BURST, pingTokens + (now - pingRefillNanos) / 1e9 * PINGS_PER_SECOND);
    pingRefillNanos = now;
    if (pingTokens < 1) {
      return false;
    }
    pingTokens -= 1;
    return true;
  }

  /**
   * Closes the connection with {@code code} for what the client sent, and reports it (once: a
   * connection already closing is only closed).
   */
  private void refuse(ChannelHandlerContext ctx, int code, String reason, boolean limit) {
    if (!transport.isClosing()) {
      String peer = String.valueOf(ctx.channel().remoteAddress());
      if (limit) {
        edge.frameRefused(peer, code, reason);
      } else {
        edge.frameProtocolError(peer, code, reason);
      }
    }
    transport.closeAfterViolation(code, reason);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (transport != null && ctx.channel().isWritable()) {
      transport.writable();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (transport != null) {
      tellClosed();
      transport.inactive();
    }
    ctx.fireChannelInactive();
  }

  private void tellClosed() {
    if (!closeTold) {
      closeTold = true;
      listener.onClosed();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (transport == null) {
      ctx.close();
    } else if (cause instanceof CorruptedWebSocketFrameException corrupt) {
      // The decoder's own code: 1009 for a frame over the limit, 1007 for text that is not UTF-8,
      // 1002 for the rest.
      int code = corrupt.closeStatus().code();
      refuse(ctx, code, corrupt.closeStatus().reasonText(), code == NettyTransport.TOO_BIG);
    } else if (cause instanceof TooLongFrameException) {
      refuse(ctx, NettyTransport.TOO_BIG, "message too big", true);
    } else {
      log.debug("connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
      ctx.close();
    }
  }
}
