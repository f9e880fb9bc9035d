package io.pushwire.server.netty;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Static files at {@code /}, from a folder or from class-path resources under a prefix, as the
 * Tyrus engine serves them: a path that names a folder serves its {@code index.html}; a path that
 * would leave the root ({@code ..}, once decoded) or names nothing gets 404. Files from a folder go
 * out as a zero-copy file region; a class-path resource is read whole, up to
 * {@value #MAX_RESOURCE_BYTES} bytes. Immutable; runs on the event loops.
 */
abstract class StaticFiles {

  /** The largest class-path resource served; a larger one gets 404, logged nowhere. */
  static final int MAX_RESOURCE_BYTES = 16 * 1024 * 1024;
  private static final String INDEX = "index.html";
  private static final Map<String, String> TYPES = Map.ofEntries(
      Map.entry("html", "text/html; charset=UTF-8"), Map.entry("htm", "text/html; charset=UTF-8"),
      Map.entry("css", "text/css; charset=UTF-8"), Map.entry("js", "text/javascript; charset=UTF-8"),
      Map.entry("mjs", "text/javascript; charset=UTF-8"), Map.entry("json", "application/json"),
      Map.entry("map", "application/json"), Map.entry("txt", "text/plain; charset=UTF-8"),
      Map.entry("xml", "application/xml"), Map.entry("svg", "image/svg+xml"), Map.entry("png", "image/png"),
      Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"), Map.entry("gif", "image/gif"),
      Map.entry("ico", "image/x-icon"), Map.entry("webp", "image/webp"), Map.entry("woff", "font/woff"),
      Map.entry("woff2", "font/woff2"), Map.entry("wasm", "application/wasm"));

  /** The files of {@code folder}, else the resources under {@code prefix}, else null for none. */
  static StaticFiles of(Path folder, String prefix) {
    if (folder != null) {
      return new Folder(folder.toAbsolutePath().normalize());
    }
    return prefix != null ? new Resources(prefix) : null;
  }

  /**
   * Serves {@code path} (decoded, starting with {@code /}) for a GET or HEAD; false when there is no
   * such file, and nothing was written.
   */
  abstract boolean serve(ChannelHandlerContext ctx, FullHttpRequest request, String path);

  /** The path's segments below the root, or null when one of them is {@code ..} or holds a separator it must not. */
  static String relative(String path) {
    String rel = path.startsWith("/") ? path.substring(1) : path;
    if (rel.indexOf('\\') >= 0 || rel.indexOf('\0') >= 0) {
      return null;
    }
    for (String segment : rel.split("/", -1)) {
      if (segment.equals("..")) {
        return null;
      }
    }
    return rel.isEmpty() || rel.endsWith("/") ? rel + INDEX : rel;
  }

  static String contentType(String name) {
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    return TYPES.getOrDefault(ext, "application/octet-stream");
  }

  /** Files under a folder. */
  private static final class Folder extends StaticFiles {
    private final Path root;

    Folder(Path root) {
      this.root = root;
    }

    @Override
    boolean serve(ChannelHandlerContext ctx, FullHttpRequest request, String path) {
      String rel = relative(path);
      if (rel == null) {
        return false;
      }
      Path file = root.resolve(rel).normalize();
      if (Files.isDirectory(file)) {
        file = file.resolve(INDEX);
      }
      if (!file.startsWith(root) || !Files.isRegularFile(file) || !Files.isReadable(file)) {
        return false;
      }
      long length;
      try {
        length = Files.size(file);
      } catch (IOException e) {
        return false;
      }
      boolean keepAlive = HttpUtil.isKeepAlive(request);
      HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType(file.getFileName().toString()))
          .set(HttpHeaderNames.CONTENT_LENGTH, length);
      HttpUtil.setKeepAlive(response, keepAlive);
      ctx.write(response);
      if (request.method() != HttpMethod.HEAD) {
        ctx.write(new DefaultFileRegion(file.toFile(), 0, length));
      }
      ChannelFuture last = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
      if (!keepAlive) {
        last.addListener(ChannelFutureListener.CLOSE);
      }
      return true;
    }
  }

  /** Class-path resources under a prefix. */
  private static final class Resources extends StaticFiles {
    private final String prefix;
    private final ClassLoader loader = NettyEngine.class.getClassLoader();

    Resources(String prefix) {
      String p = prefix.startsWith("/") ? prefix.substring(1) : prefix;
      this.prefix = p.isEmpty() || p.endsWith("/") ? p : p + "/";
    }

    @Override
    boolean serve(ChannelHandlerContext ctx, FullHttpRequest request, String path) {
      String rel = relative(path);
      if (rel == null) {
        return false;
      }
      byte[] bytes;
      try (InputStream in = loader.getResourceAsStream(prefix + rel)) {
        if (in == null) {
          return false;
        }
        bytes = in.readNBytes(MAX_RESOURCE_BYTES + 1);
      } catch (IOException e) {
        return false; // a folder on a file-system class path, or an unreadable entry
      }
      if (bytes.length > MAX_RESOURCE_BYTES) {
        return false;
      }
      boolean keepAlive = HttpUtil.isKeepAlive(request);
      DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
          request.method() == HttpMethod.HEAD ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes));
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType(rel))
          .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
      HttpUtil.setKeepAlive(response, keepAlive);
      ChannelFuture sent = ctx.writeAndFlush(response);
      if (!keepAlive) {
        sent.addListener(ChannelFutureListener.CLOSE);
      }
      return true;
    }
  }
}
