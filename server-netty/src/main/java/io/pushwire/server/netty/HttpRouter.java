package io.pushwire.server.netty;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AttributeKey;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.pushwire.server.Hub;
import io.pushwire.server.ServerStats;
import io.pushwire.server.transport.EdgeEvents;
import io.pushwire.server.transport.EngineConfig;
import io.pushwire.server.transport.Handshake;
import io.pushwire.server.transport.HandshakeOutcome;
import io.pushwire.server.transport.TransportEndpoint;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection's HTTP side, before any upgrade: every request goes to an endpoint's handshake, the
 * health check, the static files or a 404, by path, on one port.
 *
 * <ul>
 *   <li>An endpoint path: a request without the WebSocket upgrade headers gets 400 (a WebSocket
 *       version other than 13 gets 426) and the connection stays usable. An address the hub's auth
 *       throttle blocks gets 429 with {@code Retry-After}, before the endpoint sees anything.
 *       Otherwise the endpoint's {@link TransportEndpoint#handshake} is asked <em>before</em>
 *       upgrading, on the engine's handshake pool (never on an event loop, so an authenticator may
 *       block): a refusal is answered with its status (401, 403) and {@code Content-Length: 0}, and
 *       the connection closed; an acceptance is upgraded (RFC 6455, version 13, permessage-deflate
 *       when the server offers it and the client asks), after which {@link WebSocketHandler} takes
 *       the connection over. Every refusal is reported to the hub's {@link EdgeEvents}.
 *   <li>{@code GET /health} (and {@code HEAD}): 200 with {@code {"status":"UP","connections":N,
 *       "subscriptions":M}} while the hub accepts connections, 503 with {@code {"status":"DOWN"}}
 *       while it shuts down, as the Tyrus engine answers.
 *   <li>Anything else: {@link StaticFiles}, else 404.
 * </ul>
 *
 * <p>Shared by every connection; stateless past construction (a channel attribute marks a handshake
 * being decided). Runs on the event loops, except the endpoint's handshake decision.
 */
@ChannelHandler.Sharable
final class HttpRouter extends SimpleChannelInboundHandler<FullHttpRequest> {

  /** The handler's name in the pipeline. */
  static final String NAME = "router";
  private static final String HEALTH = "/health";
  private static final Logger log = LoggerFactory.getLogger(HttpRouter.class);

  /** Set on a channel while its handshake is being decided off the loop. */
  private static final AttributeKey<Boolean> DECIDING = AttributeKey.valueOf(HttpRouter.class, "deciding");

  private final Hub hub;
  private final EdgeEvents edge;
  /** Where handshakes are decided: bounded, see {@link NettyEngine}. */
  private final Executor decisions;
  private final boolean secure;
  private final boolean permessageDeflate;
  /** The hub's frame limit: a data frame declaring more is refused by its header; a message inflating past it too. */
  private final int maxFrameBytes;
  /** Every endpoint path, each to its endpoint. */
  private final Map<String, TransportEndpoint> endpoints = new HashMap<>();
  private final StaticFiles files;
  private final int maxMessageBytes;
  private final WebSocketDecoderConfig decoderConfig;
  /** {@link #decoderConfig} with RSV1 let through, for connections that negotiated permessage-deflate. */
  private final WebSocketDecoderConfig deflateDecoderConfig;

  HttpRouter(EngineConfig config, Executor decisions) {
    this.hub = config.hub();
    this.edge = config.edge();
    this.decisions = decisions;
    this.secure = config.tls() != null;
    this.permessageDeflate = config.permessageDeflate();
    this.maxFrameBytes = config.hub().limits().maxFrameBytes();
    for (TransportEndpoint endpoint : config.endpoints()) {
      for (String path : endpoint.paths()) {
        if (endpoints.putIfAbsent(path, endpoint) != null) {
          throw new IllegalArgumentException("two endpoints on " + path);
        }
      }
    }
    this.files = StaticFiles.of(config.staticFolder(), config.staticResourcePrefix());
    this.maxMessageBytes = config.maxMessageBytes();
    // A data frame declaring more than the hub's limit is refused with 1009 by its header, before
    // its payload is read (a header saying 2^62 bytes included); a message of several smaller
    // fragments is joined up to maxMessageBytes, and the hub checks it against its limit.
    this.decoderConfig = WebSocketDecoderConfig.newBuilder()
        .maxFramePayloadLength(Math.min(maxFrameBytes, maxMessageBytes))
        .allowExtensions(false)
        .expectMaskedFrames(true)
        .allowMaskMismatch(false)
        // WebSocketHandler answers every violation itself, with its close code.
        .closeOnProtocolViolation(false)
        .build();
    this.deflateDecoderConfig = decoderConfig.toBuilder().allowExtensions(true).build();
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    if (ctx.channel().hasAttr(DECIDING) && ctx.channel().attr(DECIDING).get() != null) {
      return; // a request pipelined behind a handshake being decided: the client must wait for its answer
    }
    if (!request.decoderResult().isSuccess()) {
      respond(ctx, request, HttpResponseStatus.BAD_REQUEST, false);
      return;
    }
    QueryStringDecoder uri = new QueryStringDecoder(request.uri());
    String path = uri.path();
    TransportEndpoint endpoint = endpoints.get(path);
    if (endpoint != null) {
      handshake(ctx, request, uri, endpoint);
    } else if (HEALTH.equals(path) && isGetOrHead(request)) {
      health(ctx, request);
    } else if (files == null || !isGetOrHead(request) || !files.serve(ctx, request, path)) {
      respond(ctx, request, HttpResponseStatus.NOT_FOUND, HttpUtil.isKeepAlive(request));
    }
  }

  private static boolean isGetOrHead(FullHttpRequest request) {
    return request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD;
  }

  private void handshake(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri,
      TransportEndpoint endpoint) {
    if (request.method() != HttpMethod.GET
        || !request.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
        || !request.headers().contains(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)
        || !request.headers().contains(HttpHeaderNames.SEC_WEBSOCKET_KEY)) {
      respond(ctx, request, HttpResponseStatus.BAD_REQUEST, HttpUtil.isKeepAlive(request));
      return;
    }
    if (!"13".equals(request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_VERSION))) {
      // Netty also speaks the drafts 7 and 8; Pushwire speaks RFC 6455 only.
      WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
      return;
    }
    Channel channel = ctx.channel();
    String address = remoteAddress(channel);
    String path = uri.path();
    long blocked = edge.blockedMillis(address);
    if (blocked > 0) {
      // Refused before the endpoint (and its authenticator) sees the request.
      FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
          HttpResponseStatus.TOO_MANY_REQUESTS, Unpooled.EMPTY_BUFFER);
      response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0)
          .set(HttpHeaderNames.RETRY_AFTER, Long.toString((blocked + 999) / 1000));
      edge.handshakeRefused(path, address, 429);
      send(ctx, response, false);
      return;
    }
    Handshake handshake = new Handshake(headers(request), uri.parameters(), address);
    // The endpoint's decision (its authenticator may look a token up in a database) runs on the
    // handshake pool, never on the event loop: a slow authenticator delays only its own socket.
    // The socket reads nothing meanwhile; the decision comes back to the loop to upgrade or refuse.
    request.retain();
    channel.config().setAutoRead(false);
    channel.attr(DECIDING).set(Boolean.TRUE);
    try {
      decisions.execute(() -> {
        HandshakeOutcome outcome;
        try {
          outcome = endpoint.handshake(handshake);
        } catch (RuntimeException e) {
          log.warn("handshake on {} failed", path, e);
          outcome = null;
        }
        HandshakeOutcome decided = outcome;
        try {
          channel.eventLoop().execute(() -> decided(ctx, request, path, endpoint, handshake, decided));
        } catch (RejectedExecutionException stopping) {
          request.release(); // the engine is stopping; its loops close the socket
        }
      });
    } catch (RejectedExecutionException e) {
      // Every handshake thread busy and the queue full (or the engine stopping): try again later.
      channel.attr(DECIDING).set(null);
      channel.config().setAutoRead(true);
      request.release();
      respond(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE, false);
    }
  }

  /** Back on the event loop with the endpoint's {@code outcome} (null: it failed): refuse, or upgrade. */
  private void decided(ChannelHandlerContext ctx, FullHttpRequest request, String path, TransportEndpoint endpoint,
      Handshake handshake, HandshakeOutcome outcome) {
    Channel channel = ctx.channel();
    try {
      channel.attr(DECIDING).set(null);
      channel.config().setAutoRead(true);
      if (!channel.isActive()) {
        return;
      }
      if (outcome == null) {
        respond(ctx, request, HttpResponseStatus.INTERNAL_SERVER_ERROR, false);
        return;
      }
      if (outcome instanceof HandshakeOutcome.Refuse refuse) {
        edge.handshakeRefused(path, handshake.remoteAddress(), refuse.status());
        respond(ctx, request, HttpResponseStatus.valueOf(refuse.status()), false);
        return;
      }
      upgrade(ctx, request, path, endpoint, handshake, outcome);
    } finally {
      request.release();
    }
  }

  private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request, String path, TransportEndpoint endpoint,
      Handshake handshake, HandshakeOutcome outcome) {
    boolean deflate = permessageDeflate && PermessageDeflate.offered(request.headers());
    WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(
        (secure ? "wss://" : "ws://") + request.headers().get(HttpHeaderNames.HOST, "localhost") + path, null,
        deflate ? deflateDecoderConfig : decoderConfig)
        .newHandshaker(request);
    if (handshaker == null) {
      WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
      return;
    }
    HttpHeaders extra = new DefaultHttpHeaders();
    if (deflate) {
      extra.set(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS, PermessageDeflate.RESPONSE);
    }
    Channel channel = ctx.channel();
    ChannelPipeline pipeline = ctx.pipeline();
    WebSocketHandler socket = new WebSocketHandler(endpoint, handshake, outcome, edge, deflate);
    try {
      handshaker.handshake(channel, request, extra, channel.newPromise()).addListener((ChannelFutureListener) done -> {
        if (!done.isSuccess() || !channel.isActive()) {
          channel.close();
          return;
        }
        // The handshaker put its frame decoder and encoder where the HTTP codec was, and took the
        // codec and the aggregator out; frames now reach the handlers that follow.
        pipeline.replace(this, WebSocketHandler.NAME, socket);
        pipeline.addBefore(WebSocketHandler.NAME, "utf8", new Utf8FrameValidator(false));
        pipeline.addBefore(WebSocketHandler.NAME, "fragments", new WebSocketFrameAggregator(maxMessageBytes));
        if (deflate) {
          pipeline.addBefore("utf8", PermessageDeflate.Inflating.NAME, new PermessageDeflate.Inflating(maxFrameBytes));
        }
        socket.open(channel);
      });
    } catch (WebSocketHandshakeException e) {
      respond(ctx, request, HttpResponseStatus.BAD_REQUEST, false);
    }
  }

  private static Map<String, List<String>> headers(FullHttpRequest request) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String name : request.headers().names()) {
      headers.put(name, request.headers().getAll(name));
    }
    return headers;
  }

  static String remoteAddress(Channel channel) {
    SocketAddress address = channel.remoteAddress();
    return address instanceof InetSocketAddress inet && inet.getAddress() != null
        ? inet.getAddress().getHostAddress() : null;
  }

  private void health(ChannelHandlerContext ctx, FullHttpRequest request) {
    boolean up = hub.isAccepting();
    ServerStats stats = up ? hub.stats() : null;
    String body = up
        ? "{\"status\":\"UP\",\"connections\":" + stats.connections() + ",\"subscriptions\":"
            + stats.subscriptions() + "}"
        : "{\"status\":\"DOWN\"}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    boolean head = request.method() == HttpMethod.HEAD;
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        up ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
        head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes));
    response.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, "application/json")
        .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
        .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
    send(ctx, response, HttpUtil.isKeepAlive(request));
  }

  /** Answers {@code status} with no body; closes the connection unless {@code keepAlive}. */
  static void respond(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status, boolean keepAlive) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
    send(ctx, response, keepAlive);
  }

  private static void send(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
    HttpUtil.setKeepAlive(response, keepAlive);
    if (keepAlive) {
      ctx.writeAndFlush(response, ctx.voidPromise());
    } else {
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("HTTP connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
