package io.pushwire.benchmarks.load;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The anchor, "the JVM's limit": a minimal Netty 4.2 WebSocket server that does the least work
 * a broadcast can. Each publication is framed <b>once</b> into a pooled direct buffer (the
 * RFC 6455 text-frame header and the payload), and every recipient gets a
 * {@code retainedDuplicate()} of that same buffer: no per-recipient encoding, copy or frame
 * object. Writes happen on the event loops: per publication, one task per event loop writes to
 * every channel of that loop, and one flush task per loop follows the publications queued
 * before it, so a burst of publications leaves in one {@code writev} per channel. The publisher
 * never touches a socket and no set is shared between threads.
 *
 * <p>What it leaves out, on purpose: auth, topics, a bound per connection (a slow client's
 * writes queue in Netty's outbound buffer, as the raw Tyrus baseline's do in Grizzly's), and
 * anything else a real server needs. Handshake, close and ping are Netty's
 * {@link WebSocketServerProtocolHandler}; its greeting is the same {@code ack} frame as the
 * JSR-356 endpoint's.
 */
final class PlainNettyTarget implements Target {

  private static final String PATH = "/netty";
  private static final long CLOSE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final String pad;
  /** The open channels of each event loop; the map only gains loops (until a stop clears it). */
  private final Map<EventLoop, LoopChannels> channelsByLoop = new ConcurrentHashMap<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final LongAdder failed = new LongAdder();
  /** Replaced by every start; only the command thread touches these. */
  private EventLoopGroup boss;
  private EventLoopGroup workers;
  private Channel listener;
  private int port;

  PlainNettyTarget(String pad) {
    this.pad = pad;
  }

  @Override
  public String name() {
    return "netty";
  }

  @Override
  public void start(int requestedPort) throws IOException {
    boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    workers = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
    WebSocketServerProtocolConfig config = WebSocketServerProtocolConfig.newBuilder()
        .websocketPath(PATH)
        .checkStartsWith(true) // the request target carries a query string
        .maxFramePayloadLength(1 << 20)
        .build();
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(boss, workers)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 4096)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(
                new HttpServerCodec(),
                new HttpObjectAggregator(8192),
                new WebSocketServerProtocolHandler(config),
                new Subscriber());
          }
        });
    try {
      listener = bootstrap.bind(new InetSocketAddress("127.0.0.1", requestedPort)).sync().channel();
    } catch (Exception e) {
      stopLoops();
      throw new IOException("Netty did not bind 127.0.0.1:" + requestedPort, e);
    }
    port = ((InetSocketAddress) listener.localAddress()).getPort();
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public String requestTargetPrefix() {
    return PATH + "?client_id=load-";
  }

  @Override
  public void publish(long seq, long sentNanos) {
    ByteBuf frame = frame(Ticks.frame(seq, sentNanos, System.currentTimeMillis(), pad));
    try {
      for (Map.Entry<EventLoop, LoopChannels> loop : channelsByLoop.entrySet()) {
        LoopChannels channels = loop.getValue();
        ByteBuf shared = frame.retain();
        loop.getKey().execute(() -> channels.write(shared));
      }
    } finally {
      frame.release();
    }
  }

  /** One unmasked, final text frame (RFC 6455 section 5.2) of an ASCII payload, in a pooled direct buffer. */
  static ByteBuf frame(String text) {
    int length = text.length();
    int head = length < 126 ? 2 : length < 65_536 ? 4 : 10;
    ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(head + length);
    buf.writeByte(0x81);
    if (length < 126) {
      buf.writeByte(length);
    } else if (length < 65_536) {
      buf.writeByte(126).writeShort(length);
    } else {
      buf.writeByte(127).writeLong(length);
    }
    buf.writeCharSequence(text, StandardCharsets.US_ASCII);
    return buf;
  }

  /** One event loop's channels and its pending flush; touched only by that loop's thread. */
  private static final class LoopChannels {
    private final EventLoop loop;
    private final List<Channel> channels = new ArrayList<>();
    private final Runnable flushAll = this::flushAll;
    /** Whether a flush task is queued behind the writes; this loop's thread only. */
    private boolean flushQueued;

    LoopChannels(EventLoop loop) {
      this.loop = loop;
    }

    /** Writes a duplicate of the frame to every channel (and releases the caller's reference). */
    void write(ByteBuf frame) {
      try {
        // Netty fires channelInactive later, not inside a write; size() is read each time anyway.
        for (int i = 0; i < channels.size(); i++) {
          Channel ch = channels.get(i);
          ch.write(frame.retainedDuplicate(), ch.voidPromise());
        }
      } finally {
        frame.release();
      }
      if (!flushQueued) {
        flushQueued = true;
        loop.execute(flushAll); // behind every publication already queued on this loop
      }
    }

    private void flushAll() {
      flushQueued = false;
      for (int i = 0; i < channels.size(); i++) {
        channels.get(i).flush();
      }
    }
  }

  @Override
  public int connections() {
    return connections.get();
  }

  @Override
  public long failedSends() {
    return failed.sum();
  }

  @Override
  public void stop() {
    for (Map.Entry<EventLoop, LoopChannels> loop : channelsByLoop.entrySet()) {
      LoopChannels channels = loop.getValue();
      loop.getKey().execute(() -> {
        for (Channel ch : new ArrayList<>(channels.channels)) {
          ch.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE, "restart"));
        }
      });
    }
    long deadline = System.nanoTime() + CLOSE_WAIT_NANOS;
    while (connections.get() > 0 && System.nanoTime() - deadline < 0) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
    listener.close().syncUninterruptibly();
    stopLoops();
    channelsByLoop.clear();
    connections.set(0);
  }

  private void stopLoops() {
    boss.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** Greets a connection once its handshake is done and keeps it in its loop's list until it closes. */
  private final class Subscriber extends SimpleChannelInboundHandler<WebSocketFrame> {
    /** Whether this channel is in its loop's list; its loop only. */
    private boolean listed;

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
      if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
        // Listed before the ack goes out: once a client has its ack, the next publication reaches
        // it. A publication's task runs on this loop after this one, so the ack still comes first.
        channelsByLoop.computeIfAbsent(ctx.channel().eventLoop(), LoopChannels::new).channels.add(ctx.channel());
        listed = true;
        connections.incrementAndGet();
        ctx.writeAndFlush(new TextWebSocketFrame(Jsr356Broadcast.ACK), ctx.voidPromise());
      } else {
        super.userEventTriggered(ctx, event);
      }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
      // clients of this harness send only close and pong, which the protocol handler answers
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      if (listed) {
        listed = false;
        channelsByLoop.get(ctx.channel().eventLoop()).channels.remove(ctx.channel());
        connections.decrementAndGet();
      }
      super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      failed.increment();
      ctx.close();
    }
  }
}
