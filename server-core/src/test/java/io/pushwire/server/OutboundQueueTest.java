package io.pushwire.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.pushwire.server.transport.OutboundFrame;
import io.pushwire.server.transport.SendCallback;
import io.pushwire.server.transport.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The queue's ordering promises, against a transport stand-in that records what it is asked to
 * send and completes each send only when the test says (no real engine can hold a send open).
 */
class OutboundQueueTest {

  private final List<String> sent = new ArrayList<>();
  private final List<SendCallback> inFlight = new ArrayList<>();
  private final AtomicBoolean marked = new AtomicBoolean();
  /** When set, every send completes before it returns, as an engine with room in its buffer does. */
  private boolean completeAtOnce;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final Transport transport = new Transport() {
    @Override
    public void send(OutboundFrame frame, SendCallback whenReady) {
      sent.add(frame.text() + (marked.get() ? "" : " (before the step)"));
      if (completeAtOnce) {
        whenReady.done(null);
      } else {
        inFlight.add(whenReady);
      }
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
  };
  private final OutboundQueue queue = new OutboundQueue(transport, 16, 1 << 20, failure::set);

  @Test
  void offerThenRunsItsStepBeforeTheWriterCanSendTheFrame() {
    assertEquals(OutboundQueue.Offer.QUEUED, queue.offerThen(frame("auth ok"), () -> marked.set(true)));

    assertEquals(List.of("auth ok"), sent);
  }

  @Test
  void framesQueuedAfterOfferThenLeaveAfterItsFrame() {
    queue.offer(frame("earlier"), false);
    assertEquals(OutboundQueue.Offer.QUEUED, queue.offerThen(frame("auth ok"), () -> marked.set(true)));
    queue.offer(frame("publication"), false);

    completeNext();
    completeNext();

    assertEquals(List.of("earlier (before the step)", "auth ok", "publication"), sent);
  }

  @Test
  void offerThenOnASealedQueueRunsNothing() {
    queue.sealAndThen(() -> { });

    assertEquals(OutboundQueue.Offer.CLOSED, queue.offerThen(frame("auth ok"), () -> marked.set(true)));
    assertEquals(false, marked.get());
    assertEquals(List.of(), sent);
  }

  @Test
  void aTransportThatCompletesAtOnceGetsEveryFrameInOrder() {
    marked.set(true);
    completeAtOnce = true;
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) { // deep enough that a recursive writer would overflow the stack
      queue.offer(frame("f" + i), false);
      expected.add("f" + i);
    }

    assertEquals(expected, sent);
    assertEquals(0, queue.size());
  }

  @Test
  void aFailedSendClosesTheQueueAndIsReportedOnce() {
    marked.set(true);
    queue.offer(frame("one"), false);
    queue.offer(frame("two"), false);
    IllegalStateException broken = new IllegalStateException("peer gone");

    inFlight.remove(0).done(broken);

    assertSame(broken, failure.get());
    assertEquals(OutboundQueue.Offer.CLOSED, queue.offer(frame("three"), false));
    assertEquals(List.of("one"), sent);
  }

  @Test
  void aFullQueueOverflowsUnlessTheFrameMayBeDropped() {
    marked.set(true);
    queue.offer(frame("in flight"), false);
    for (int i = 0; i < 16; i++) {
      assertEquals(OutboundQueue.Offer.QUEUED, queue.offer(frame("q" + i), false));
    }

    assertEquals(OutboundQueue.Offer.DROPPED, queue.offer(frame("heartbeat"), true));
    assertEquals(OutboundQueue.Offer.OVERFLOW, queue.offer(frame("data"), false));
  }

  @Test
  void whenLowRunsAtOnceOnAQueueAtItsLowWaterMark() {
    AtomicBoolean ran = new AtomicBoolean();

    assertEquals(true, queue.whenLow(() -> ran.set(true)));

    assertEquals(true, ran.get());
  }

  @Test
  void whenLowWaitsUntilTheWriterHasDrainedTheQueueToAQuarterOfItsBound() {
    marked.set(true);
    queue.offer(frame("in flight"), false);
    for (int i = 0; i < 8; i++) {
      queue.offer(frame("q" + i), false);
    }
    AtomicBoolean ran = new AtomicBoolean();
    queue.whenLow(() -> ran.set(true));

    for (int i = 0; i < 3; i++) { // 8 queued; 7, 6, 5 after each send: above 16 / 4
      completeNext();
      assertEquals(false, ran.get(), "ran with " + queue.size() + " queued");
    }
    completeNext(); // 4 left: the low-water mark

    assertEquals(true, ran.get());
    assertEquals(4, queue.size());
  }

  @Test
  void whenLowOnAClosedQueueNeverRuns() {
    queue.close();
    AtomicBoolean ran = new AtomicBoolean();

    assertEquals(false, queue.whenLow(() -> ran.set(true)));
    assertEquals(false, ran.get());
  }

  private static OutboundFrame frame(String text) {
    return OutboundFrame.of(text);
  }

  private void completeNext() {
    inFlight.remove(0).done(null);
  }
}
