package io.pushwire.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * The standalone server's plain HTTP: {@code GET /health} (and {@code HEAD}) answers {@code 200}
 * with {@code {"status":"UP","connections":N,"subscriptions":M}} while the hub accepts connections,
 * and {@code 503} with {@code "status":"DOWN"} while it shuts down or once it is closed, so a load
 * balancer stops sending clients to a node that is going away. Every other request goes to the
 * static files, if any, else gets 404. Stateless; called on Grizzly's worker threads.
 */
final class HealthHttpHandler extends HttpHandler {

  /** The path of the health check. */
  static final String PATH = "/health";

  private final Hub hub;
  /** Serves everything else; null when the server has no static files. */
  private final HttpHandler files;

  HealthHttpHandler(Hub hub, HttpHandler files) {
    this.hub = hub;
    this.files = files;
  }

  @Override
  public void service(Request request, Response response) throws Exception {
    String path = request.getRequestURI();
    if (PATH.equals(path) && (request.getMethod() == Method.GET || request.getMethod() == Method.HEAD)) {
      health(request, response);
    } else if (files != null) {
      files.service(request, response);
    } else {
      response.sendError(404);
    }
  }

  private void health(Request request, Response response) throws IOException {
    boolean up = hub.isAccepting();
    ServerStats stats = up ? hub.stats() : null;
    String body = up
        ? "{\"status\":\"UP\",\"connections\":" + stats.connections() + ",\"subscriptions\":"
            + stats.subscriptions() + "}"
        : "{\"status\":\"DOWN\"}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    response.setStatus(up ? 200 : 503);
    response.setContentType("application/json");
    response.setHeader("Cache-Control", "no-store");
    response.setContentLength(bytes.length);
    if (request.getMethod() != Method.HEAD) {
      response.getOutputStream().write(bytes);
    }
  }
}
