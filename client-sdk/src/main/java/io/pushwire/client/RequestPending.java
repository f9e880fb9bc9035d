package io.pushwire.client;

import io.pushwire.protocol.ErrorMessage;
import io.pushwire.protocol.ServerMessage;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A {@code request()} waiting for its reply: completes the caller's future, on the callback
 * executor, with the typed reply or the matching {@link PushClientException}.
 *
 * @param <R> the reply type the caller asked for
 */
final class RequestPending<R extends ServerMessage> implements PendingRequests.Pending {

  private final Class<R> replyType;
  private final CompletableFuture<R> future;
  private final Callbacks callbacks;
  private final Duration timeout;

  RequestPending(Class<R> replyType, CompletableFuture<R> future, Callbacks callbacks, Duration timeout) {
    this.replyType = replyType;
    this.future = future;
    this.callbacks = callbacks;
    this.timeout = timeout;
  }

  @Override
  public void replied(String id, ServerMessage reply) {
    if (replyType.isInstance(reply)) {
      R typed = replyType.cast(reply);
      callbacks.complete(() -> future.complete(typed));
    } else if (reply instanceof ErrorMessage error) {
      fail(new RequestFailedException(id, error));
    } else {
      fail(new UnexpectedReplyException(id, replyType, reply));
    }
  }

  @Override
  public void timedOut(String id) {
    fail(new RequestTimeoutException(id, timeout));
  }

  @Override
  public void disconnected(PushClientException failure) {
    fail(failure);
  }

  @Override
  public void abandoned(PushClientException failure) {
    fail(failure);
  }

  private void fail(PushClientException failure) {
    callbacks.complete(() -> future.completeExceptionally(failure));
  }
}
