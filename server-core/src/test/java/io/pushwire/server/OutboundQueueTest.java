package io.pushwire.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The queue's ordering promises, against a container stand-in that records what it is asked to
 * send and completes each send only when the test says (no real container can hold a send open).
 */
class OutboundQueueTest {

  private final List<String> sent = new ArrayList<>();
  private final List<SendHandler> inFlight = new ArrayList<>();
  private final AtomicBoolean marked = new AtomicBoolean();
  private final RemoteEndpoint.Async remote = mock(RemoteEndpoint.Async.class);
  private final OutboundQueue queue = new OutboundQueue(remote, 16, 1 << 20, error -> { });

  OutboundQueueTest() {
    doAnswer(call -> {
      sent.add(call.getArgument(0) + (marked.get() ? "" : " (before the step)"));
      inFlight.add(call.getArgument(1));
      return null;
    }).when(remote).sendText(anyString(), any(SendHandler.class));
  }

  @Test
  void offerThenRunsItsStepBeforeTheWriterCanSendTheFrame() {
    assertEquals(OutboundQueue.Offer.QUEUED, queue.offerThen("auth ok", () -> marked.set(true)));

    assertEquals(List.of("auth ok"), sent);
  }

  @Test
  void framesQueuedAfterOfferThenLeaveAfterItsFrame() {
    queue.offer("earlier", false);
    assertEquals(OutboundQueue.Offer.QUEUED, queue.offerThen("auth ok", () -> marked.set(true)));
    queue.offer("publication", false);

    completeNext();
    completeNext();

    assertEquals(List.of("earlier (before the step)", "auth ok", "publication"), sent);
  }

  @Test
  void offerThenOnASealedQueueRunsNothing() {
    queue.sealAndThen(() -> { });

    assertEquals(OutboundQueue.Offer.CLOSED, queue.offerThen("auth ok", () -> marked.set(true)));
    assertEquals(false, marked.get());
    assertEquals(List.of(), sent);
  }

  private void completeNext() {
    inFlight.remove(0).onResult(new SendResult());
  }
}
