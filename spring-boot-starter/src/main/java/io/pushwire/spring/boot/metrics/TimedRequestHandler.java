package io.pushwire.spring.boot.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pushwire.protocol.ClientMessage;
import io.pushwire.protocol.codec.MessageTypes;
import io.pushwire.server.requests.RequestContext;
import io.pushwire.server.requests.RequestException;
import io.pushwire.server.requests.RequestHandler;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A {@link RequestHandler} that times each call as {@code pushwire.requests}, tagged {@code type}
 * (the request's wire type, {@code get_task}), {@code endpoint} (the path) and {@code outcome}
 * ({@code ok}; {@code error}: a typed error; {@code exception}: anything else thrown). It times the
 * handler's own run: a handler that hands the work on and replies later is timed until it returns.
 * Thread-safe.
 *
 * @param <M> the request type
 */
public final class TimedRequestHandler<M extends ClientMessage> implements RequestHandler<M> {

  private final RequestHandler<M> delegate;
  private final Supplier<MeterRegistry> registry;

  /**
   * @param delegate the handler that does the work
   * @param registry where the timings go; may supply null while there is none (then nothing is timed)
   */
  public TimedRequestHandler(RequestHandler<M> delegate, Supplier<MeterRegistry> registry) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  @Override
  public void handle(M request, RequestContext context) throws Exception {
    long start = System.nanoTime();
    String outcome = "exception";
    try {
      delegate.handle(request, context);
      outcome = "ok";
    } catch (RequestException e) {
      outcome = "error";
      throw e;
    } finally {
      MeterRegistry r = registry.get();
      if (r != null) {
        Timer.builder("pushwire.requests")
            .description("Request handler runs, by request type")
            .tag("type", MessageTypes.typeOf(request))
            .tag("endpoint", context.path())
            .tag("outcome", outcome)
            .register(r)
            .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      }
    }
  }
}
