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
 *   <li>a binary message: close 1003 (unsupported data), since every Pushwire wire format is text.
 * </ul>
 *
 * <p>Each close goes out as a close frame after whatever the connection had queued, and the
 * connection is closed then. {@link TransportListener#onClosed} is called once, when the channel
 * becomes inactive. Per connection; its callbacks run on the channel's event loop, which is the
 * only thread that touches its fields.
 */
final class WebSocketHandler extends ChannelInboundHandlerAdapter {

  /** The handler's name in the pipeline. */
  static final String NAME = "websocket";
  private static final Logger log = LoggerFactory.getLogger(WebSocketHandler.class);

  private final TransportEndpoint endpoint;
  private final Handshake handshake;
  private final HandshakeOutcome outcome;
  /** Event loop only. Set by {@link #open}; null before. */
  private NettyTransport transport;
  /** Event loop only. The hub's side, set by {@link #open}; null before. */
  private TransportListener listener;
  /** Event loop only. Whether the listener was told of the close. */
  private boolean closeTold;

  WebSocketHandler(TransportEndpoint endpoint, Handshake handshake, HandshakeOutcome outcome) {
    this.endpoint = endpoint;
    this.handshake = handshake;
    this.outcome = outcome;
  }

  /** The handshake's response is out: the hub gets the connection. On the event loop. */
  void open(Channel channel) {
    transport = new NettyTransport(channel);
    listener = endpoint.open(transport, handshake, outcome);
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
        if (!transport.isClosing()) {
          ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()), ctx.voidPromise());
        }
      } else if (msg instanceof PongWebSocketFrame) {
        listener.onPong();
      } else if (msg instanceof CloseWebSocketFrame close) {
        transport.closeReceived(close.statusCode(), close.reasonText());
      } else if (msg instanceof BinaryWebSocketFrame) {
        transport.closeAfterViolation(NettyTransport.UNSUPPORTED_DATA, "binary frames are not supported");
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
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
      transport.closeAfterViolation(corrupt.closeStatus().code(), corrupt.closeStatus().reasonText());
    } else if (cause instanceof TooLongFrameException) {
      transport.closeAfterViolation(NettyTransport.TOO_BIG, "message too big");
    } else {
      log.debug("connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
      ctx.close();
    }
  }
}
