package io.pushwire.benchmarks.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The soak test, bounded for CI (about 90 s): 500 connections, publications and connection churn
 * for a minute, then heap after GC, file descriptors and threads compared with the start. The
 * tolerance is absolute and small enough that a leak of one object (16 bytes, the smallest) per
 * delivered frame, or of one map entry with its key (about 100 bytes) per connection cycle, cannot
 * pass: the test asserts that arithmetic too, so that shrinking the run cannot make it toothless.
 */
class SoakTest {

  private static final Logger LOG = LoggerFactory.getLogger(SoakTest.class);
  /**
   * Heap growth allowed between the two samples (caches that settle late): 1 MiB, about 2% of
   * this run's heap after GC. Runs here grew by 0.4 MiB.
   */
  private static final long HEAP_TOLERANCE = 1L << 20;
  private static final int CONNECTIONS = 500;
  private static final int TOPICS = 16;

  @Test
  void heapFileDescriptorsAndThreadsStayFlatUnderPushesAndChurn() throws Exception {
    Soak.Options options = new Soak.Options(CONNECTIONS, Duration.ofSeconds(60), TOPICS, 256, 200,
        Duration.ofSeconds(15), false);
    Soak.Result result = Soak.run(options);
    LOG.info("soak: {}", result);

    long deliveries = result.publications() * CONNECTIONS / TOPICS;
    assertTrue(HEAP_TOLERANCE / deliveries < 16,
        "too few deliveries (" + deliveries + ") for a 16-byte leak per delivery to exceed the tolerance");
    assertTrue(HEAP_TOLERANCE / result.cycles() < 100,
        "too few connection cycles (" + result.cycles() + ") for a 100-byte leak per cycle to exceed the tolerance");

    assertEquals(0, result.failures(), "clients dropped by the server");
    assertEquals(0, result.closedSlow());
    assertTrue(result.framesReceived() >= deliveries * 9 / 10, "frames received " + result.framesReceived()
        + " of about " + deliveries + " delivered");
    long heapGrowth = result.end().heapBytes() - result.start().heapBytes();
    assertTrue(heapGrowth < HEAP_TOLERANCE, "heap after GC grew by " + heapGrowth + " bytes: " + result);
    assertTrue(result.end().threads() - result.start().threads() <= 2, "threads grew: " + result);
    assertTrue(result.end().fileDescriptors() - result.start().fileDescriptors() <= 8, "descriptors grew: " + result);
  }

  @Test
  void theFleetCanRunInAChildJvm() throws Exception {
    // The long run's shape when one process cannot hold both ends: clients in a child JVM.
    Soak.Result result = Soak.run(new Soak.Options(50, Duration.ofSeconds(3), 4, 40, 10, Duration.ofSeconds(2), true));
    LOG.info("soak, fleet in a child JVM: {}", result);

    assertEquals(0, result.failures(), "client failures");
    assertEquals(50, result.end().connections());
    assertTrue(result.framesReceived() > 0 && result.cycles() > 0, "frames and cycles counted: " + result);
  }
}
