package io.pushwire.server.netty;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.handler.ssl.SslHandler;
import io.pushwire.server.TlsConfig;
import io.pushwire.server.transport.EngineConfig;
import io.pushwire.server.transport.RunningEngine;
import io.pushwire.server.transport.ServerEngine;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * The Netty engine, {@code "netty"}: one NIO event loop group (two threads per core) accepts and
 * serves every connection. Per connection: TLS when configured, the handshake deadline and the cap
 * on sockets not yet upgraded ({@link HandshakeDeadline}), HTTP/1.1 until an endpoint's handshake,
 * decided on a small pool off the loops, upgrades it ({@link HttpRouter}), optionally
 * permessage-deflate ({@link PermessageDeflate}), then WebSocket frames to the hub ({@link WebSocketHandler}) and pre-framed
 * publications from it ({@link NettyTransport}). Registered for {@link java.util.ServiceLoader};
 * chosen with {@code PushServer.builder().engine("netty")} or {@code -Dpushwire.engine=netty}.
 * Stateless.
 */
public final class NettyEngine implements ServerEngine {

  /** The engine's name. */
  public static final String NAME = "netty";

  /**
   * A connection's outbound buffer in Netty: past the high mark the channel is unwritable, and the
   * hub's queue holds what follows (and closes the connection as a slow consumer when that fills);
   * below the low mark it is writable again.
   */
  static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 128 * 1024);
  /**
   * Threads deciding handshakes off the event loops: enough that a few slow authenticator calls
   * do not hold up the rest, few enough to stay a small fixed cost.
   */
  static final int HANDSHAKE_THREADS = Math.max(8, 2 * Runtime.getRuntime().availableProcessors());
  /** The largest HTTP request (headers aside) the engine reads; a larger one gets 413. */
  static final int MAX_HTTP_CONTENT = 64 * 1024;

  /** Used by {@link java.util.ServiceLoader}. */
  public NettyEngine() {
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public RunningEngine start(EngineConfig config) throws IOException {
    // 0: Netty's default, two loops per core (or the io.netty.eventLoopThreads system property).
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(config.ioThreads(), new DefaultThreadFactory("pushwire-netty"),
        NioIoHandler.newFactory());
    ThreadPoolExecutor decisions = handshakePool(config.maxPendingSockets());
    HttpRouter router = new HttpRouter(config, decisions);
    HandshakeDeadline.Sockets sockets = new HandshakeDeadline.Sockets(config.handshakeTimeout(),
        config.maxPendingSockets(), config.edge());
    SSLContext tls = config.tls() == null ? null : config.tls().context();
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ChannelPipeline p = ch.pipeline();
            if (tls != null) {
              SslHandler ssl = new SslHandler(serverEngine(tls));
              // One deadline for the whole way to the upgrade, TLS included, counted as the hub's:
              // the guard's, not SslHandler's own.
              ssl.setHandshakeTimeoutMillis(0);
              p.addLast("tls", ssl);
            }
            p.addLast(HandshakeDeadline.NAME, new HandshakeDeadline(sockets));
            p.addLast("http", new HttpServerCodec());
            p.addLast("aggregator", new HttpObjectAggregator(MAX_HTTP_CONTENT));
            p.addLast(HttpRouter.NAME, router);
          }
        });
    ChannelFuture bound = bootstrap.bind(new InetSocketAddress(config.host(), config.port())).awaitUninterruptibly();
    if (!bound.isSuccess()) {
      decisions.shutdownNow();
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
      Throwable cause = bound.cause();
      throw new IOException("cannot bind " + config.host() + ":" + config.port() + ": " + cause, cause);
    }
    return new Running(group, bound.channel(), decisions, sockets);
  }

  /**
   * The pool that decides handshakes (origin, credentials: an endpoint's {@code Authenticator} may
   * block on a database), so that the event loops never wait for it: {@link #HANDSHAKE_THREADS}
   * threads, idle ones ending after a minute; decisions waiting for a thread are bounded by the
   * sockets not yet upgraded ({@code maxPendingSockets}), and one beyond that is answered 503.
   */
  private static ThreadPoolExecutor handshakePool(int maxPendingSockets) {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(HANDSHAKE_THREADS, HANDSHAKE_THREADS, 60, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(Math.max(1, maxPendingSockets)), new DefaultThreadFactory("pushwire-netty-handshake", true));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /** A server-side TLS engine of {@code context}, limited to {@link TlsConfig#PROTOCOLS} as on the Tyrus engine. */
  private static SSLEngine serverEngine(SSLContext context) {
    SSLEngine engine = context.createSSLEngine();
    engine.setUseClientMode(false);
    engine.setEnabledProtocols(TlsConfig.PROTOCOLS.stream()
        .filter(java.util.Arrays.asList(engine.getSupportedProtocols())::contains).toArray(String[]::new));
    return engine;
  }

  /** A started engine. */
  private static final class Running implements RunningEngine {
    private final EventLoopGroup group;
    private final Channel server;
    private final int port;
    private final ThreadPoolExecutor decisions;
    private final HandshakeDeadline.Sockets sockets;

    Running(EventLoopGroup group, Channel server, ThreadPoolExecutor decisions, HandshakeDeadline.Sockets sockets) {
      this.group = group;
      this.server = server;
      this.port = ((InetSocketAddress) server.localAddress()).getPort();
      this.decisions = decisions;
      this.sockets = sockets;
    }

    @Override
    public int port() {
      return port;
    }

    @Override
    public int pendingSockets() {
      return sockets.pending.get();
    }

    @Override
    public void close() {
      server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
      // The loops close every channel they still serve as they stop.
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
      decisions.shutdownNow();
    }
  }
}
