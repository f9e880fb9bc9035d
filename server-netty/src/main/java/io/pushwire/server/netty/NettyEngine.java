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
import io.pushwire.server.transport.EngineConfig;
import io.pushwire.server.transport.RunningEngine;
import io.pushwire.server.transport.ServerEngine;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The Netty engine, {@code "netty"}: one NIO event loop group (two threads per core) accepts and
 * serves every connection. Per connection: HTTP/1.1 until an endpoint's handshake upgrades it
 * ({@link HttpRouter}), then WebSocket frames to the hub ({@link WebSocketHandler}) and pre-framed
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
    if (config.tls() != null || config.permessageDeflate()) {
      // Never serve plain text where TLS was asked for, nor silently drop a negotiated option.
      throw new IllegalStateException("the netty engine does not support TLS or permessage-deflate yet; use the tyrus engine");
    }
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory("pushwire-netty"),
        NioIoHandler.newFactory());
    HttpRouter router = new HttpRouter(config);
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
            p.addLast("http", new HttpServerCodec());
            p.addLast("aggregator", new HttpObjectAggregator(MAX_HTTP_CONTENT));
            p.addLast(HttpRouter.NAME, router);
          }
        });
    ChannelFuture bound = bootstrap.bind(new InetSocketAddress(config.host(), config.port())).awaitUninterruptibly();
    if (!bound.isSuccess()) {
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
      Throwable cause = bound.cause();
      throw new IOException("cannot bind " + config.host() + ":" + config.port() + ": " + cause, cause);
    }
    return new Running(group, bound.channel());
  }

  /** A started engine. */
  private static final class Running implements RunningEngine {
    private final EventLoopGroup group;
    private final Channel server;
    private final int port;

    Running(EventLoopGroup group, Channel server) {
      this.group = group;
      this.server = server;
      this.port = ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public int port() {
      return port;
    }

    @Override
    public void close() {
      server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
      // The loops close every channel they still serve as they stop.
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
  }
}
