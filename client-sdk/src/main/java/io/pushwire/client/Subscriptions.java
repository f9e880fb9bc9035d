package io.pushwire.client;

import io.pushwire.protocol.Position;
import io.pushwire.protocol.StreamState;
import io.pushwire.protocol.Subscribe;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The subscriptions the client remembers and replays on every new connection, each as the
 * {@code subscribe} frame that created it (topics or events, with its filters). Subscribing to a
 * name again moves it to the newer subscription (its filters win, as on the server); an
 * unsubscribed name is forgotten. A subscription the server refuses is forgotten.
 *
 * <p>Also remembers, per exact topic, the last stream position seen (from pushes that carry
 * {@code pos}, and from the {@code ack}'s {@code positions}), so a replayed subscription can ask
 * to resume {@code since} it, and a push at or before it (a replay of what was delivered) is
 * dropped. A resubscription's {@code since} stays the topic's resume point until its {@code ack}
 * comes: the server may send a topic's live pushes before the {@code ack} that says the topic
 * went live past a gap, so a connection lost in between must not move the resume point past a
 * gap the client was never told of; the next resubscription asks from the same place, the server
 * reports the gap, and what was delivered already is dropped. A position is kept only for a
 * remembered name and forgotten with it.
 *
 * <p>Not bounded here: the number is the application's own choice, and the server enforces its
 * per-connection limit ({@code SUBSCRIPTION_LIMIT_EXCEEDED}); positions are at most one per
 * remembered name. Only accessed by the loop thread.
 */
final class Subscriptions {

  /** One remembered {@code subscribe}. Mutable, loop thread only. */
  static final class Entry {
    /** The frame to replay: only the names still subscribed through this entry. */
    private Subscribe message;
    /** Callers of {@code subscribe} waiting for the server's first confirmation. */
    private final List<CompletableFuture<Void>> waiting = new ArrayList<>();

    Entry(Subscribe message) {
      this.message = message;
    }

    Subscribe message() {
      return message;
    }

    /** Takes the futures waiting on this entry. */
    List<CompletableFuture<Void>> takeWaiting() {
      List<CompletableFuture<Void>> taken = List.copyOf(waiting);
      waiting.clear();
      return taken;
    }
  }

  private final List<Entry> entries = new ArrayList<>();
  /** The names of {@link #entries}, kept in step with them. Loop thread only. */
  private Set<String> remembered = Set.of();
  /** Last position seen per remembered topic; keys are always in {@link #remembered}. Loop thread only. */
  private final Map<String, Position> positions = new HashMap<>();
  /**
   * The {@code since} of a resubscription whose {@code ack} has not come, per topic: where the
   * next one resumes from. Keys are always in {@link #remembered}. Loop thread only.
   */
  private final Map<String, Position> unconfirmed = new HashMap<>();

  /**
   * Notes a pushed frame's position; a topic that is not remembered is not tracked.
   *
   * @return false if the frame is at or before the last position seen on its topic in the same
   *     epoch: a replay of a push already delivered, to be dropped
   */
  boolean advance(Position position) {
    if (!remembered.contains(position.topic())) {
      return true;
    }
    Position seen = positions.get(position.topic());
    if (seen != null && seen.epoch().equals(position.epoch()) && position.offset() <= seen.offset()) {
      return false;
    }
    positions.put(position.topic(), position.withoutTopic());
    return true;
  }

  /** A resubscription asked to resume {@code since}: each topic resumes from there until its {@code ack}. */
  void resuming(Map<String, Position> since) {
    since.forEach(unconfirmed::putIfAbsent);
  }

  /** The {@code ack} of a resubscription came: its topics resume from the last position seen again. */
  void confirmed(Collection<String> topics) {
    unconfirmed.keySet().removeAll(topics);
  }

  /**
   * Notes where {@code topic} stood when its subscription went live; a newer position already
   * seen in the same epoch (a live push that overtook the ack) wins.
   */
  void wentLive(String topic, StreamState state) {
    if (!remembered.contains(topic)) {
      return;
    }
    Position seen = positions.get(topic);
    if (seen == null || !seen.epoch().equals(state.epoch()) || seen.offset() < state.offset()) {
      positions.put(topic, Position.of(state.offset(), state.epoch()));
    }
  }

  /**
   * Where each of {@code entry}'s topics that has a position resumes from: the {@code since} of a
   * resubscription still without its {@code ack}, else the last position seen.
   */
  Map<String, Position> since(Entry entry) {
    Map<String, Position> since = new LinkedHashMap<>();
    for (String name : entry.message.names()) {
      Position p = unconfirmed.getOrDefault(name, positions.get(name));
      if (p != null) {
        since.put(name, p);
      }
    }
    return since;
  }

  private void namesChanged() {
    Set<String> names = new LinkedHashSet<>();
    entries.forEach(entry -> names.addAll(entry.message.names()));
    remembered = Set.copyOf(names);
    positions.keySet().retainAll(remembered);
    unconfirmed.keySet().retainAll(remembered);
  }

  /** Remembers {@code subscribe}; {@code waiting} completes when the server confirms it. */
  Entry add(Subscribe subscribe, CompletableFuture<Void> waiting) {
    Entry added = new Entry(subscribe);
    added.waiting.add(waiting);
    // Entries left without names hand their waiting callers to the new one, which covers them.
    added.waiting.addAll(forget(subscribe.names()));
    entries.add(added);
    namesChanged();
    return added;
  }

  /**
   * Forgets {@code names}.
   *
   * @return the callers that were waiting on entries now empty
   */
  List<CompletableFuture<Void>> forget(Collection<String> names) {
    List<CompletableFuture<Void>> orphaned = new ArrayList<>();
    Set<String> drop = Set.copyOf(names);
    for (Entry entry : List.copyOf(entries)) {
      Subscribe m = entry.message;
      List<String> events = m.events() == null ? null : m.events().stream().filter(n -> !drop.contains(n)).toList();
      List<String> topics = m.topics() == null ? null : m.topics().stream().filter(n -> !drop.contains(n)).toList();
      entry.message = new Subscribe(events, topics, m.filters(), m.positions(), m.since());
      if (entry.message.names().isEmpty()) {
        entries.remove(entry);
        orphaned.addAll(entry.takeWaiting());
      }
    }
    namesChanged();
    return orphaned;
  }

  boolean contains(Entry entry) {
    return entries.contains(entry);
  }

  /** Forgets {@code entry} (refused or timed out) and returns its waiting callers. */
  List<CompletableFuture<Void>> drop(Entry entry) {
    entries.remove(entry);
    namesChanged();
    return entry.takeWaiting();
  }

  /** The entries to replay, in subscription order. */
  List<Entry> all() {
    return List.copyOf(entries);
  }

  /** Takes every waiting caller (the client stops); the entries themselves are kept. */
  List<CompletableFuture<Void>> takeAllWaiting() {
    List<CompletableFuture<Void>> taken = new ArrayList<>();
    entries.forEach(entry -> taken.addAll(entry.takeWaiting()));
    return taken;
  }

  /** The names remembered, in subscription order. */
  Set<String> names() {
    return remembered;
  }
}
