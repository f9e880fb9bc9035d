package io.pushwire.server.requests;

import io.pushwire.protocol.ErrorCode;
import io.pushwire.protocol.ServerMessage;
import io.pushwire.server.auth.Principal;

/**
 * What a request handler knows about the request and how it answers. Replies carry the
 * request's {@code id}, in the request's envelope. A handler may reply more than once (seed 004's
 * {@code requestMultipleTaskStatus} answers once per id) and from any thread, also after it
 * returned.
 */
public interface RequestContext {

  /** Who sent the request. */
  Principal principal();

  /** The connection the request came on, a target for {@code Hub.publishToConnection}. */
  String connectionId();

  /** The endpoint path the connection came through. */
  String path();

  /** The request's {@code id}, or {@code null} when it had none. */
  String requestId();

  /** Sends a reply correlated with the request. Returns false if the connection is gone. */
  boolean reply(ServerMessage reply);

  /** Sends a typed error correlated with the request. */
  boolean fail(ErrorCode code, String message);
}
