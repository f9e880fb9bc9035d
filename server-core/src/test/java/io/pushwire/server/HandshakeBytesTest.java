package io.pushwire.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.mockito.Mockito.mock;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.filterchain.Filter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.memory.HeapBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the HTTP codec parses the upgrade request from. Grizzly reads each socket into a slice of a
 * 64 KiB array its reading thread shares with other sockets, and the upgrade request's headers
 * stay referenced for the connection's life: parsed in place, one long-lived connection kept the
 * whole shared array alive. In the 10,000-connection soak with churn these arrays grew from 56 to
 * 133 in 12 minutes (+5 MB, all of the heap's growth). The guard hands the codec a copy instead.
 * The Grizzly connection is a mock: the filters only use it as a key and to register a close listener.
 */
class HandshakeBytesTest {

  private final HandshakeGuard guard =
      new HandshakeGuard(Duration.ofSeconds(10), 16, new SecurityEvents(new Counters()));
  private final Filter accept = guard.acceptFilter();
  private final Filter upgrade = guard.upgradeFilter();
  private final Connection<?> connection = mock(Connection.class);

  @AfterEach
  void close() {
    guard.close();
  }

  private static Buffer sliceOfSharedChunk(String text) {
    byte[] shared = new byte[64 * 1024];
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(bytes, 0, shared, 1_000, bytes.length);
    return HeapBuffer.wrap(shared, 1_000, bytes.length);
  }

  private Object read(Buffer buffer) throws IOException {
    FilterChainContext ctx = FilterChainContext.create(connection);
    ctx.setMessage(buffer);
    upgrade.handleRead(ctx);
    return ctx.getMessage();
  }

  /** The server writes {@code response} on the socket, as the HTTP codec hands it down. */
  private void respond(String response) throws IOException {
    FilterChainContext ctx = FilterChainContext.create(connection);
    ctx.setMessage(HeapBuffer.wrap(response.getBytes(StandardCharsets.US_ASCII)));
    upgrade.handleWrite(ctx);
  }

  @Test
  void bytesReadBeforeTheUpgradeReachTheCodecInAnArrayOfTheirOwn() throws IOException {
    accept.handleAccept(FilterChainContext.create(connection));
    String request = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n\r\n";
    Buffer slice = sliceOfSharedChunk(request);

    Buffer seen = (Buffer) read(slice);

    assertNotSame(slice, seen);
    assertEquals(request.length(), seen.array().length, "the copy is as long as the request, not the shared chunk");
    byte[] content = new byte[seen.remaining()];
    seen.get(content);
    assertArrayEquals(request.getBytes(StandardCharsets.US_ASCII), content);
  }

  @Test
  void bytesReadAfterTheUpgradeAreNotCopied() throws IOException {
    accept.handleAccept(FilterChainContext.create(connection));
    respond("HTTP/1.1 101 Switching Protocols\r\n\r\n");
    Buffer frame = sliceOfSharedChunk("\u0081\u0085mask!");

    assertSame(frame, read(frame));
    assertEquals(0, guard.pendingCount());
  }

  @Test
  void aPlainHttpResponseKeepsTheSocketGuardedAndItsNextRequestCopied() throws IOException {
    accept.handleAccept(FilterChainContext.create(connection));
    respond("HTTP/1.1 200 OK\r\n\r\n");
    Buffer next = sliceOfSharedChunk("GET /health HTTP/1.1\r\n\r\n");

    Buffer seen = (Buffer) read(next);

    assertNotSame(next, seen);
    assertEquals(1, guard.pendingCount());
    assertEquals("GET /health HTTP/1.1\r\n\r\n".length(), seen.array().length);
  }
}
