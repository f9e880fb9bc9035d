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
import io.netty.handler.codec.http.FullHttpResponse;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection's HTTP side, before any upgrade: every request goes to an endpoint's handshake, the
 * health check, the static files or a 404, by path, on one port.
 *
 * <ul>
 *   <li>An endpoint path: a request without the WebSocket upgrade headers gets 400 (a WebSocket
 *       version other than 13 gets 426) and the connection stays usable. Otherwise the endpoint's
 *       {@link TransportEndpoint#handshake} is asked <em>before</em> upgrading: a refusal is answered
 *       with its status (401, 403, 429) and {@code Content-Length: 0}, and the connection closed;
 *       an acceptance is upgraded (RFC 6455, version 13, no extension), after which
 *       {@link WebSocketHandler} takes the connection over.
 *   <li>{@code GET /health} (and {@code HEAD}): 200 with {@code {"status":"UP","connections":N,
 *       "subscriptions":M}} while the hub accepts connections, 503 with {@code {"status":"DOWN"}}
 *       while it shuts down, as the Tyrus engine answers.
 *   <li>Anything else: {@link StaticFiles}, else 404.
 * </ul>
 *
 * <p>Shared by every connection; stateless past construction. Runs on the event loops; an
 * endpoint's handshake (its authenticator included) is called there too, so it must not block.
 */
@ChannelHandler.Sharable
final class HttpRouter extends SimpleChannelInboundHandler<FullHttpRequest> {

  /** The handler's name in the pipeline. */
  static final String NAME = "router";
  private static final String HEALTH = "/health";
  private static final Logger log = LoggerFactory.getLogger(HttpRouter.class);

  private final Hub hub;
  /** Every endpoint path, each to its endpoint. */
  private final Map<String, TransportEndpoint> endpoints = new HashMap<>();
  private final StaticFiles files;
  private final int maxMessageBytes;
  private final WebSocketDecoderConfig decoderConfig;

  HttpRouter(EngineConfig config) {
    this.hub = config.hub();
    for (TransportEndpoint endpoint : config.endpoints()) {
      for (String path : endpoint.paths()) {
        if (endpoints.putIfAbsent(path, endpoint) != null) {
          throw new IllegalArgumentException("two endpoints on " + path);
        }
      }
    }
    this.files = StaticFiles.of(config.staticFolder(), config.staticResourcePrefix());
    this.maxMessageBytes = config.maxMessageBytes();
    this.decoderConfig = WebSocketDecoderConfig.newBuilder()
        .maxFramePayloadLength(maxMessageBytes)
        .allowExtensions(false)
        .expectMaskedFrames(true)
        .allowMaskMismatch(false)
        // WebSocketHandler answers every violation itself, with its close code.
        .closeOnProtocolViolation(false)
        .build();
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
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
    WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(
        "ws://" + request.headers().get(HttpHeaderNames.HOST, "localhost") + uri.path(), null, decoderConfig)
        .newHandshaker(request);
    if (handshaker == null) {
      WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
      return;
    }
    Handshake handshake = new Handshake(headers(request), uri.parameters(), remoteAddress(ctx.channel()));
    HandshakeOutcome outcome;
    try {
      outcome = endpoint.handshake(handshake);
    } catch (RuntimeException e) {
      log.warn("handshake on {} failed", uri.path(), e);
      respond(ctx, request, HttpResponseStatus.INTERNAL_SERVER_ERROR, false);
      return;
    }
    if (outcome instanceof HandshakeOutcome.Refuse refuse) {
      respond(ctx, request, HttpResponseStatus.valueOf(refuse.status()), false);
      return;
    }
    Channel channel = ctx.channel();
    ChannelPipeline pipeline = ctx.pipeline();
    WebSocketHandler socket = new WebSocketHandler(endpoint, handshake, outcome);
    try {
      handshaker.handshake(channel, request).addListener((ChannelFutureListener) done -> {
        if (!done.isSuccess() || !channel.isActive()) {
          channel.close();
          return;
        }
        // The handshaker put its frame decoder and encoder where the HTTP codec was, and took the
        // codec and the aggregator out; frames now reach the handlers that follow.
        pipeline.replace(this, WebSocketHandler.NAME, socket);
        pipeline.addBefore(WebSocketHandler.NAME, "utf8", new Utf8FrameValidator(false));
        pipeline.addBefore(WebSocketHandler.NAME, "fragments", new WebSocketFrameAggregator(maxMessageBytes));
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
