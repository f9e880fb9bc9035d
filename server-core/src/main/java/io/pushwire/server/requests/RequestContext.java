package io.pushwire.server.requests;

import io.pushwire.protocol.ErrorCode;
import io.pushwire.protocol.ServerMessage;
import io.pushwire.server.auth.Principal;

/**
 * What a request handler knows about the request and how it answers. Replies carry the
 * request's {@code id} and are written in the connection's {@link io.pushwire.server.Dialect}
 * (the reply type's seed envelope; errors where the dialect puts them). A handler may reply more than once (seed 004's
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

  /**
   * Subscribes this connection to {@code topic} (a name or pattern) on the server's decision, as
   * a feature does when a client asks in its own vocabulary ({@code subscribe_task}). Skips the
   * endpoint's declared topics and the authorizer, which guard client-named topics, but counts
   * towards the per-connection subscription limit.
   *
   * @return false if the limit is reached or the connection is gone
   */
  boolean subscribe(String topic);

  /** Removes this connection's subscription to exactly {@code topic} (as subscribed). */
  void unsubscribe(String topic);
}
