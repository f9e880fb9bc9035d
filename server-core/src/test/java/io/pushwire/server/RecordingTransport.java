package io.pushwire.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushwire.server.transport.DeliveryLoop;
import io.pushwire.server.transport.OutboundFrame;
import io.pushwire.server.transport.SendCallback;
import io.pushwire.server.transport.Transport;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A transport that records what it is sent and on which threads, and always has room; optionally on a loop. */
class RecordingTransport implements Transport {

  private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");

  private final DeliveryLoop loop;
  /** The frames' texts, in the order sent. */
  final List<String> sent = new CopyOnWriteArrayList<>();
  /** The names of the threads that sent. */
  final Set<String> writers = ConcurrentHashMap.newKeySet();

  RecordingTransport() {
    this(null);
  }

  RecordingTransport(DeliveryLoop loop) {
    this.loop = loop;
  }

  /** The {@code seq} of every {@code tick} event sent, in order. */
  List<Integer> seqs() {
    return sent.stream().filter(f -> f.contains("\"tick\"")).map(f -> {
      Matcher m = SEQ.matcher(f);
      assertTrue(m.find(), f);
      return Integer.parseInt(m.group(1));
    }).toList();
  }

  @Override
  public void send(OutboundFrame frame, SendCallback whenReady) {
    writers.add(Thread.currentThread().getName());
    sent.add(frame.text());
    whenReady.done(null);
  }

  @Override
  public void ping() {
  }

  @Override
  public void close(int code, String reason) {
  }

  @Override
  public boolean isOpen() {
    return true;
  }

  @Override
  public DeliveryLoop deliveryLoop() {
    return loop;
  }
}
