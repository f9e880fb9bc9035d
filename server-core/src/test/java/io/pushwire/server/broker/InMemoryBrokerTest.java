package io.pushwire.server.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushwire.protocol.CommonReply;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryBrokerTest {

  @Test
  void publicationsReachTheHandlerInOrderWithGrowingOffsets() {
    List<Publication> seen = new ArrayList<>();
    try (InMemoryBroker broker = new InMemoryBroker()) {
      broker.start(seen::add);
      StreamPosition first = broker.publish("a", CommonReply.OK, false).join();
      StreamPosition second = broker.publish("a", CommonReply.AUTH_OK, true).join();
      assertEquals(1, first.offset());
      assertEquals(2, second.offset());
      assertEquals(first.epoch(), second.epoch());
      assertEquals(List.of(CommonReply.OK, CommonReply.AUTH_OK), seen.stream().map(Publication::message).toList());
      assertTrue(seen.get(1).droppable());
    }
  }

  @Test
  void historyReturnsWhatFollowsAPositionAndIsComplete() {
    try (InMemoryBroker broker = new InMemoryBroker(10, 10)) {
      StreamPosition p1 = broker.publish("a", CommonReply.OK, false).join();
      broker.publish("a", CommonReply.AUTH_OK, false).join();
      HistoryResult after = broker.history("a", p1, 100).join();
      assertEquals(1, after.publications().size());
      assertEquals(CommonReply.AUTH_OK, after.publications().get(0).message());
      assertEquals(2, after.latest().offset());
      assertTrue(after.complete());
    }
  }

  @Test
  void historyIsBoundedAndSaysWhenPartWasLost() {
    try (InMemoryBroker broker = new InMemoryBroker(3, 10)) {
      StreamPosition start = broker.publish("a", CommonReply.OK, false).join();
      for (int i = 0; i < 5; i++) {
        broker.publish("a", new CommonReply("m" + i), false).join();
      }
      HistoryResult result = broker.history("a", start, 100).join();
      assertEquals(3, result.publications().size(), "only the last 3 are kept");
      assertFalse(result.complete(), "offsets 2 and 3 were dropped: a gap the caller must report");
    }
  }

  @Test
  void anotherEpochMeansTheHistoryTheCallerKnewIsGone() {
    try (InMemoryBroker broker = new InMemoryBroker()) {
      broker.publish("a", CommonReply.OK, false).join();
      HistoryResult result = broker.history("a", new StreamPosition(1, "old-epoch"), 100).join();
      assertFalse(result.complete());
      assertEquals(1, result.publications().size());
    }
  }

  @Test
  void leastRecentlyPublishedChannelIsForgottenBeyondTheChannelBound() {
    try (InMemoryBroker broker = new InMemoryBroker(5, 2)) {
      broker.publish("a", CommonReply.OK, false).join();
      broker.publish("b", CommonReply.OK, false).join();
      broker.publish("c", CommonReply.OK, false).join();
      assertEquals(0, broker.history("a", null, 10).join().publications().size());
      StreamPosition before = new StreamPosition(1, broker.history("b", null, 1).join().latest().epoch());
      StreamPosition again = broker.publish("a", CommonReply.OK, false).join();
      assertEquals(1, again.offset(), "a starts over");
      HistoryResult sinceOld = broker.history("a", new StreamPosition(1, "stale"), 10).join();
      assertFalse(sinceOld.complete(), "a client that knew the old incarnation is told of the gap");
      assertFalse(again.epoch().equals(before.epoch()), "each incarnation has its own epoch");
    }
  }

  @Test
  void targetChannelsKeepNoHistory() {
    try (InMemoryBroker broker = new InMemoryBroker()) {
      broker.publish("$all", CommonReply.OK, false).join();
      assertTrue(broker.history("$all", null, 10).join().publications().isEmpty());
    }
  }
}
