package io.pushwire.client;

import io.pushwire.protocol.ServerMessage;

/** The reply to a request was not of the type the caller asked for. */
public final class UnexpectedReplyException extends PushClientException {

  private final transient ServerMessage reply;

  UnexpectedReplyException(String requestId, Class<?> expected, ServerMessage reply) {
    super(requestId + ": expected a " + expected.getSimpleName() + " reply, got "
        + reply.getClass().getSimpleName(), null);
    this.reply = reply;
  }

  /** The reply that arrived. */
  public ServerMessage reply() {
    return reply;
  }
}
