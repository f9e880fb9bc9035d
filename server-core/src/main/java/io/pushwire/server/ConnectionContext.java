package io.pushwire.server;

import io.pushwire.protocol.ErrorCode;
import io.pushwire.protocol.ErrorMessage;
import io.pushwire.protocol.ServerMessage;
import io.pushwire.protocol.codec.Envelope;
import io.pushwire.server.auth.Principal;
import io.pushwire.server.requests.RequestContext;
import io.pushwire.server.topics.MessageFilter;
import java.util.List;

/**
 * A {@link RequestContext} for one request of one connection (or, with no request id, for a
 * listener's word with a connection): replies carry the request's id and follow its envelope.
 * Immutable; usable from any thread, also after the handler returned.
 */
final class ConnectionContext implements RequestContext {

  private final PushConnection connection;
  private final String requestId;
  private final Envelope requestEnvelope;
  private final RequestRouter router;

  ConnectionContext(PushConnection connection, String requestId, Envelope requestEnvelope, RequestRouter router) {
    this.connection = connection;
    this.requestId = requestId;
    this.requestEnvelope = requestEnvelope;
    this.router = router;
  }

  @Override
  public Principal principal() {
    return connection.principal();
  }

  @Override
  public String connectionId() {
    return connection.id();
  }

  @Override
  public String path() {
    return connection.spec().path();
  }

  @Override
  public String requestId() {
    return requestId;
  }

  @Override
  public boolean reply(ServerMessage reply) {
    return connection.reply(requestId, requestEnvelope, reply);
  }

  @Override
  public boolean fail(ErrorCode code, String message) {
    return connection.reply(requestId, requestEnvelope, ErrorMessage.of(code, message));
  }

  @Override
  public boolean subscribe(String topic) {
    return router.subscribeInternal(connection, topic, MessageFilter.NONE);
  }

  @Override
  public void unsubscribe(String topic) {
    router.unsubscribe(connection, List.of(topic));
  }
}
