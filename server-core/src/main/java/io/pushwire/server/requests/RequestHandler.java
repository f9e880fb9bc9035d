package io.pushwire.server.requests;

import io.pushwire.protocol.ClientMessage;

/**
 * Serves one kind of client request. Runs on the connection's container thread: answer quickly,
 * or hand the work to an executor and reply later through the context.
 *
 * @param <M> the request type
 */
@FunctionalInterface
public interface RequestHandler<M extends ClientMessage> {

  /**
   * Handles {@code request}. Throw {@link RequestException} for a typed error reply; any other
   * exception is logged and answered with {@code SERVER_ERROR}, and the connection lives on.
   */
  void handle(M request, RequestContext context) throws Exception;
}
