package io.pushwire.server.tasks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read into memory up to a bound; a longer body cancels the response and fails
 * the body with an {@link IOException}, so a misbehaving API cannot fill the heap.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {

  private final int maxBytes;
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  /** At most {@link #maxBytes}; only touched by the Flow callbacks, which never run concurrently. */
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  /** Set in onSubscribe, before any other callback. */
  private Flow.Subscription subscription;

  BoundedBody(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  static HttpResponse.BodyHandler<byte[]> handler(int maxBytes) {
    return info -> new BoundedBody(maxBytes);
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    s.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer item : items) {
      if (buffer.size() + (long) item.remaining() > maxBytes) {
        subscription.cancel();
        result.completeExceptionally(new IOException("response body larger than " + maxBytes + " bytes"));
        return;
      }
      byte[] bytes = new byte[item.remaining()];
      item.get(bytes);
      buffer.writeBytes(bytes);
    }
  }

  @Override
  public void onError(Throwable error) {
    result.completeExceptionally(error);
  }

  @Override
  public void onComplete() {
    result.complete(buffer.toByteArray());
  }
}
