package io.pushwire.client;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** Collects what a listener received, for assertions from the test thread. Thread-safe. */
final class Recorder<T> implements MessageListener<T>, StateListener {

  private final List<Object> received = new CopyOnWriteArrayList<>();

  @Override
  public void onMessage(T message) {
    received.add(message);
  }

  @Override
  public void onStateChange(StateChange change) {
    received.add(change);
  }

  @SuppressWarnings("unchecked")
  List<T> all() {
    return (List<T>) List.copyOf(received);
  }

  int size() {
    return received.size();
  }

  @SuppressWarnings("unchecked")
  boolean any(Predicate<? super T> condition) {
    return received.stream().anyMatch(item -> condition.test((T) item));
  }

  @SuppressWarnings("unchecked")
  long count(Predicate<? super T> condition) {
    return received.stream().filter(item -> condition.test((T) item)).count();
  }
}
