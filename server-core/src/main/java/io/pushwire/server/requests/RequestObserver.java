package io.pushwire.server.requests;

/**
 * Told of each client request the hub dispatches to a {@link RequestHandler} (one the application
 * registered or one a feature registered), once the handler has returned, and of each request
 * no handler serves. Added with {@code Hub.addRequestObserver}; metrics binders time requests
 * with it.
 *
 * <p>Covers requests only: not {@code subscribe}, {@code unsubscribe}, {@code ping}, {@code auth}
 * nor acknowledgements, which the hub answers itself, and not frames refused before dispatch
 * (undecodable, over the rate limit). Called on the connection's reader thread, after the
 * handler returned: keep it short and never block. An observer that throws is logged and the
 * others are told all the same; the client's reply is not affected. With no observer added, the
 * hub does not read the clock.
 */
@FunctionalInterface
public interface RequestObserver {

  /** How the dispatch of a request ended. */
  enum Outcome {
    /** The handler returned normally (whatever it replied, if it replied). */
    OK,
    /** The handler threw a {@link RequestException}: the client got its typed error. */
    ERROR,
    /** The handler threw anything else: the client got {@code SERVER_ERROR}. */
    FAILED,
    /** No handler serves the type on this hub: the client got {@code UNSUPPORTED_REQUEST}. */
    UNSUPPORTED
  }

  /**
   * One request was dispatched.
   *
   * @param type the request's wire type ({@code get_task}, or an application type's name)
   * @param endpointPath the path of the endpoint the connection came in by (its spec's path)
   * @param outcome how it ended
   * @param nanos how long the dispatch took ({@code System.nanoTime()} differences): the handler
   *     look-up and the handler's run until it returned or threw, and when it threw, queueing the
   *     error reply; a handler that hands its work on and replies later is timed until it
   *     returns. For {@link Outcome#UNSUPPORTED}, the look-up and queueing the error reply.
   */
  void onRequest(String type, String endpointPath, Outcome outcome, long nanos);
}
