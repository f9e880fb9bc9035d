package io.pushwire.server;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the Tyrus engine does with the server's options that other engines read otherwise. Tyrus only. */
class TyrusEngineTest {

  @ParameterizedTest
  @ValueSource(ints = {1, 3})
  void ioThreadsIsHowManySelectorThreadsServeTheSockets(int threads) throws IOException {
    Set<Long> before = selectorThreads();
    try (Hub hub = TestServers.hub().build();
         PushServer server = PushServer.builder().engine("tyrus").hub(hub).ioThreads(threads)
             .endpoint(TestServers.firstMessage("/ws")).build().start()) {
      // Grizzly's kernel pool holds exactly its selector threads; they start with the listener,
      // but a pool thread may still be starting when start() returns. The default is one per core
      // (two on CI), so 3 is not reached without the option.
      await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO).until(() -> {
        Set<Long> started = selectorThreads();
        started.removeAll(before);
        return started.size() == threads;
      });
    }
  }

  /** Grizzly's selector threads alive now, whoever started them. */
  private static Set<Long> selectorThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("grizzly-nio-kernel("))
        .map(Thread::getId).collect(Collectors.toCollection(HashSet::new));
  }
}
