package io.pushwire.benchmarks.soak;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak test's clients: many WebSocket connections on one selector thread, each authenticated
 * by its URL's token and subscribed to one topic, counting the text frames it receives and
 * answering the server's pings (so the idle timeout never closes it). A minimal RFC 6455 client:
 * masked frames out, unmasked frames in, no extensions, no fragmentation.
 *
 * <p>Threads: {@link #connect} and {@link #cycle} queue work for the selector thread, which alone
 * touches the channels; the counters are atomic.
 */
final class SoakFleet implements Fleet {

  private final InetSocketAddress server;
  private final String path;
  private final int topics;
  private final Selector selector;
  private final Thread io;
  /** Connections to open; filled by any thread, drained by the selector thread. */
  private final Queue<Integer> toOpen = new ConcurrentLinkedQueue<>();
  /** How many connections to close (and reopen); added to by any thread, taken by the selector thread. */
  private final AtomicInteger toCycle = new AtomicInteger();
  /** Open, upgraded connections; selector thread only. */
  private final List<Conn> upgraded = new ArrayList<>();
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicLong frames = new AtomicLong();
  private final AtomicLong cycles = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  /** The last reason a connection failed, for the report; written by the selector thread. */
  private volatile String lastFailure = "none";
  /** Set once by close(). */
  private volatile boolean closing;

  SoakFleet(InetSocketAddress server, String path, int topics) throws IOException {
    this.server = server;
    this.path = path;
    this.topics = topics;
    this.selector = Selector.open();
    this.io = new Thread(this::run, "soak-fleet");
    io.setDaemon(true);
    io.start();
  }

  /** Opens {@code n} more connections, the i-th subscribed to topic {@code soak-(i % topics)}. */
  @Override
  public void connect(int n) {
    for (int i = 0; i < n; i++) {
      toOpen.add(i);
    }
    selector.wakeup();
  }

  /** Closes {@code n} random upgraded connections with a close frame and opens as many new ones. */
  @Override
  public void cycle(int n) {
    toCycle.addAndGet(n);
    selector.wakeup();
  }

  @Override
  public int open() {
    return open.get();
  }

  @Override
  public long frames() {
    return frames.get();
  }

  @Override
  public long cycles() {
    return cycles.get();
  }

  @Override
  public long failures() {
    return failures.get();
  }

  /** The last failure's reason. */
  @Override
  public String lastFailure() {
    return lastFailure;
  }

  private void run() {
    ByteBuffer read = ByteBuffer.allocateDirect(64 * 1024);
    while (!closing) {
      try {
        selector.select(100);
        startQueued();
        closeCycled();
        for (SelectionKey key : selector.selectedKeys()) {
          Conn conn = (Conn) key.attachment();
          if (!key.isValid()) {
            continue; // cycled earlier in this turn
          }
          try {
            if (key.isConnectable()) {
              conn.channel.finishConnect();
              conn.send(conn.handshake());
              key.interestOps(SelectionKey.OP_READ);
            } else if (key.isReadable()) {
              read.clear();
              int n = conn.channel.read(read);
              if (n < 0) {
                lastFailure = "end of stream from the server";
                drop(conn, key, true);
                continue;
              }
              read.flip();
              conn.receive(read);
            }
          } catch (IOException | RuntimeException e) {
            lastFailure = e.toString();
            drop(conn, key, true);
          }
        }
        selector.selectedKeys().clear();
      } catch (IOException e) {
        failures.incrementAndGet();
      }
    }
  }

  private void startQueued() throws IOException {
    // Bounded: at most 500 handshakes start per turn, so a burst of connects cannot starve reads.
    for (int i = 0; i < 500; i++) {
      Integer index = toOpen.poll();
      if (index == null) {
        return;
      }
      SocketChannel channel = SocketChannel.open();
      channel.configureBlocking(false);
      Conn conn = new Conn(channel, "soak-" + Math.floorMod(index + ThreadLocalRandom.current().nextInt(topics), topics));
      channel.connect(server);
      channel.register(selector, SelectionKey.OP_CONNECT, conn);
    }
  }

  private void closeCycled() {
    int n = Math.min(toCycle.getAndSet(0), upgraded.size());
    for (int i = 0; i < n; i++) {
      Conn conn = upgraded.get(ThreadLocalRandom.current().nextInt(upgraded.size()));
      try {
        conn.send(frame(0x8, new byte[] {0x03, (byte) 0xe8})); // 1000
      } catch (IOException ignored) {
        // closing anyway
      }
      drop(conn, conn.channel.keyFor(selector), false);
      cycles.incrementAndGet();
      toOpen.add(ThreadLocalRandom.current().nextInt(topics));
    }
  }

  private void drop(Conn conn, SelectionKey key, boolean unexpected) {
    if (conn.dropped) {
      return;
    }
    conn.dropped = true;
    if (key != null) {
      key.cancel();
    }
    try {
      conn.channel.close();
    } catch (IOException ignored) {
      // already gone
    }
    if (conn.upgraded) {
      upgraded.remove(conn);
      open.decrementAndGet();
    }
    if (unexpected && !closing) {
      failures.incrementAndGet();
      toOpen.add(ThreadLocalRandom.current().nextInt(topics)); // keep the fleet at strength; the failure is counted
    }
  }

  /** A masked client frame. */
  private static ByteBuffer frame(int opcode, byte[] payload) {
    ByteBuffer out = ByteBuffer.allocate(14 + payload.length);
    out.put((byte) (0x80 | opcode));
    if (payload.length < 126) {
      out.put((byte) (0x80 | payload.length));
    } else {
      out.put((byte) (0x80 | 126)).putShort((short) payload.length);
    }
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    out.put(mask);
    for (int i = 0; i < payload.length; i++) {
      out.put((byte) (payload[i] ^ mask[i & 3]));
    }
    return out.flip();
  }

  private final class Conn {
    final SocketChannel channel;
    final String topic;
    /** Bytes received and not yet parsed; selector thread only. */
    ByteBuffer pending = ByteBuffer.allocate(4096);
    /** Whether the 101 has been read; selector thread only. */
    boolean upgraded;
    /** Whether this connection has been closed and forgotten; selector thread only. */
    boolean dropped;

    Conn(SocketChannel channel, String topic) {
      this.channel = channel;
      this.topic = topic;
    }

    ByteBuffer handshake() {
      byte[] nonce = new byte[16];
      ThreadLocalRandom.current().nextBytes(nonce);
      String request = "GET " + path + " HTTP/1.1\r\nHost: " + server.getHostString() + ":" + server.getPort()
          + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
          + Base64.getEncoder().encodeToString(nonce) + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
      return ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
    }

    void send(ByteBuffer out) throws IOException {
      // Frames are small and rare (a subscribe, pongs, a close): a full socket buffer here is a failure.
      for (int spins = 0; out.hasRemaining(); spins++) {
        if (channel.write(out) == 0 && spins > 1000) {
          throw new IOException("send buffer full");
        }
      }
    }

    void receive(ByteBuffer in) throws IOException {
      if (pending.remaining() < in.remaining()) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(pending.capacity() * 2, pending.position() + in.remaining()));
        pending.flip();
        bigger.put(pending);
        pending = bigger;
      }
      pending.put(in);
      pending.flip();
      if (!upgraded) {
        int end = headEnd();
        if (end < 0) {
          pending.compact();
          return;
        }
        byte[] head = new byte[end];
        pending.get(head);
        if (!new String(head, StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 101")) {
          throw new IOException("handshake refused");
        }
        upgraded = true;
        admit(this);
        send(frame(0x1, ("{\"type\":\"subscribe\",\"id\":\"s\",\"data\":{\"topics\":[\"" + topic + "\"]}}")
            .getBytes(StandardCharsets.UTF_8)));
      }
      while (parseFrame()) {
        // one frame at a time
      }
      pending.compact();
    }

    private int headEnd() {
      for (int i = pending.position(); i + 3 < pending.limit(); i++) {
        if (pending.get(i) == '\r' && pending.get(i + 1) == '\n' && pending.get(i + 2) == '\r' && pending.get(i + 3) == '\n') {
          return i + 4 - pending.position();
        }
      }
      return -1;
    }

    /** Consumes one whole frame from {@link #pending}, if there is one. */
    private boolean parseFrame() throws IOException {
      int start = pending.position();
      if (pending.remaining() < 2) {
        return false;
      }
      int b0 = pending.get() & 0xff;
      int b1 = pending.get() & 0x7f;
      long length = b1;
      if (b1 == 126) {
        if (pending.remaining() < 2) {
          pending.position(start);
          return false;
        }
        length = pending.getShort() & 0xffff;
      } else if (b1 == 127) {
        if (pending.remaining() < 8) {
          pending.position(start);
          return false;
        }
        length = pending.getLong();
      }
      if (pending.remaining() < length) {
        pending.position(start);
        return false;
      }
      byte[] payload = new byte[(int) length];
      pending.get(payload);
      switch (b0 & 0x0f) {
        case 0x1 -> frames.incrementAndGet();
        case 0x9 -> send(frame(0xA, payload));
        case 0x8 -> throw new IOException("closed by the server");
        default -> {
          // pongs and anything else: nothing to do
        }
      }
      return true;
    }
  }

  private void admit(Conn conn) {
    upgraded.add(conn);
    open.incrementAndGet();
  }

  @Override
  public void close() throws IOException {
    closing = true;
    selector.wakeup();
    try {
      io.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (SelectionKey key : selector.keys()) {
      key.channel().close();
    }
    selector.close();
  }
}
