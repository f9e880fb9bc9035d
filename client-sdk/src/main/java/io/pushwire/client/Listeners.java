package io.pushwire.client;

import io.pushwire.protocol.ServerMessage;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The application's listeners and claims. Registration is thread-safe (copy-on-write lists:
 * listeners change rarely, messages often); the {@code deliver} methods run on the callback
 * executor and isolate each listener: one that throws is logged and the others still run.
 */
final class Listeners {

  private static final System.Logger LOG = System.getLogger(PushClient.class.getName());

  /** One typed registration; identity matters, so the same listener may be registered twice. */
  private static final class Typed<T> {
    private final Class<T> type;
    private final MessageListener<? super T> listener;

    Typed(Class<T> type, MessageListener<? super T> listener) {
      this.type = type;
      this.listener = listener;
    }

    boolean offer(ServerMessage message) {
      if (!type.isInstance(message)) {
        return false;
      }
      listener.onMessage(type.cast(message));
      return true;
    }
  }

  /** One claim: the messages of {@code type} go to {@code handler} instead of the typed listeners. */
  private record Claim<T extends ServerMessage>(Class<T> type, MessageListener<? super Received<T>> handler) {

    void offer(ServerMessage message, String id, Connection from) {
      handler.onMessage(new Received<>(type.cast(message), id, from));
    }
  }

  private final List<Typed<?>> typed = new CopyOnWriteArrayList<>();
  /** Claims, none overlapping another; added and removed under {@link #claimsLock}, read by any thread. */
  private final List<Claim<?>> claims = new CopyOnWriteArrayList<>();
  /** Serializes the overlap check and the addition of a claim. */
  private final Object claimsLock = new Object();
  private final List<OpenListener> opens = new CopyOnWriteArrayList<>();
  private final List<RecoveryListener> recoveries = new CopyOnWriteArrayList<>();
  private final List<MessageListener<UnknownFrame>> unknown = new CopyOnWriteArrayList<>();
  private final List<StateListener> states = new CopyOnWriteArrayList<>();

  <T extends ServerMessage> Registration onMessage(Class<T> type, MessageListener<? super T> listener) {
    Typed<T> registration = new Typed<>(Objects.requireNonNull(type, "type"),
        Objects.requireNonNull(listener, "listener"));
    typed.add(registration);
    return () -> typed.remove(registration);
  }

  Registration onUnknown(MessageListener<UnknownFrame> listener) {
    return add(unknown, Objects.requireNonNull(listener, "listener")::onMessage);
  }

  Registration onStateChange(StateListener listener) {
    return add(states, Objects.requireNonNull(listener, "listener")::onStateChange);
  }

  Registration onOpen(OpenListener listener) {
    return add(opens, Objects.requireNonNull(listener, "listener")::onOpen);
  }

  Registration onRecovery(RecoveryListener listener) {
    return add(recoveries, Objects.requireNonNull(listener, "listener")::onRecoveryIncomplete);
  }

  /**
   * Adds {@code wrapper}, a fresh object made for this registration (a method reference on the
   * application's listener), so that removal by identity removes this registration only, even when
   * the same listener is registered twice.
   */
  private static <L> Registration add(List<L> listeners, L wrapper) {
    listeners.add(wrapper);
    return () -> listeners.remove(wrapper);
  }

  /** Calls every listener in {@code listeners}; one that throws is logged as {@code what} and the others still run. */
  private static <L> void tell(List<L> listeners, Consumer<L> call, String what) {
    for (L listener : listeners) {
      try {
        call.accept(listener);
      } catch (Exception | AssertionError e) {
        LOG.log(System.Logger.Level.WARNING, what + " threw", e);
      }
    }
  }

  void recoveryIncomplete(RecoveryIncomplete event) {
    tell(recoveries, listener -> listener.onRecoveryIncomplete(event), "recovery listener");
    if (recoveries.isEmpty()) {
      LOG.log(System.Logger.Level.WARNING, "topic {0} resumed with a gap ({1}) and no recovery listener",
          event.topic(), event.reason());
    }
  }

  /** @throws IllegalStateException if a claim on {@code type}, a subtype or a supertype is registered */
  <T extends ServerMessage> Registration claim(Class<T> type, MessageListener<? super Received<T>> handler) {
    Claim<T> claim = new Claim<>(Objects.requireNonNull(type, "type"), Objects.requireNonNull(handler, "handler"));
    synchronized (claimsLock) {
      for (Claim<?> other : claims) {
        if (other.type().isAssignableFrom(type) || type.isAssignableFrom(other.type())) {
          throw new IllegalStateException(other.type().getSimpleName() + " is claimed already; cancel that claim first");
        }
      }
      claims.add(claim);
    }
    return () -> claims.remove(claim);
  }

  /**
   * Hands a pushed message to the claim on its type, if there is one, with its frame's
   * {@code id} and the connection it came on; otherwise to the typed listeners.
   */
  void deliver(ServerMessage message, String id, Connection from) {
    for (Claim<?> claim : claims) {
      if (claim.type().isInstance(message)) {
        try {
          claim.offer(message, id, from);
        } catch (Exception | AssertionError e) {
          LOG.log(System.Logger.Level.WARNING, "claim on " + claim.type().getSimpleName() + " threw", e);
        }
        return;
      }
    }
    deliver(message);
  }

  /** Hands {@code message} to every listener registered for its class or a supertype. */
  void deliver(ServerMessage message) {
    boolean handled = false;
    for (Typed<?> registration : typed) {
      try {
        handled |= registration.offer(message);
      } catch (Exception | AssertionError e) {
        handled = true;
        LOG.log(System.Logger.Level.WARNING, "listener for " + message.getClass().getSimpleName() + " threw", e);
      }
    }
    if (!handled) {
      LOG.log(System.Logger.Level.DEBUG, "no listener for {0}", message.getClass().getSimpleName());
    }
  }

  void deliverUnknown(UnknownFrame frame) {
    tell(unknown, listener -> listener.onMessage(frame), "catch-all listener");
    if (unknown.isEmpty()) {
      LOG.log(System.Logger.Level.DEBUG, "undecodable frame of type {0}: {1}", frame.type(), frame.problem());
    }
  }

  void opened(Connection connection) {
    tell(opens, listener -> listener.onOpen(connection), "open listener");
  }

  void stateChanged(StateChange change) {
    tell(states, listener -> listener.onStateChange(change), "state listener");
  }
}
