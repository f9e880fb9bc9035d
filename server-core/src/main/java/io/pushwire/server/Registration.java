package io.pushwire.server;

/**
 * Something added to a {@link Hub} (a request handler, a subscription or connection listener)
 * that can be taken away again: {@link #close()} removes exactly what was added, so a feature that
 * closes leaves nothing of itself on the hub. Keep the registration; ignore it when the addition
 * is for the hub's lifetime.
 *
 * <pre>{@code
 * Registration handler = hub.onRequest(GetTask.class, (request, ctx) -> ctx.reply(status(request)));
 * ...
 * handler.close(); // get_task is answered with UNSUPPORTED_REQUEST again
 * }</pre>
 */
@FunctionalInterface
public interface Registration extends AutoCloseable {

  /**
   * Removes what this registration added. Idempotent, never throws. A request handler is removed
   * only while it is still the one serving its type: a handler registered for the type since
   * then stays. A callback already under way on another thread may still finish.
   */
  @Override
  void close();
}
