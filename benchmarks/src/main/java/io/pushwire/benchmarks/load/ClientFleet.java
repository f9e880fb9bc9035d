package io.pushwire.benchmarks.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.HdrHistogram.Recorder;

/**
 * The harness's client: many WebSocket connections on a few selector threads, the same code for
 * both targets.
 *
 * <p><b>Why not a library client.</b> Thousands of connections share this JVM and two cores with
 * nothing but their sockets, and the client must not be what saturates. The JDK's
 * {@code java.net.http.WebSocket} and the Tyrus client both turn every frame into a
 * {@code String} and dispatch it through listener machinery, and neither lets a connection choose
 * its local address. This client reads frames straight into one buffer per thread, picks the two
 * numbers it needs ({@code seq} and {@code sent}) out of the first bytes of each, and builds no
 * object per frame; one thread keeps well ahead of the servers measured here (the harness
 * reports its CPU use so that claim is checked on every run). Each socket is bound to one of
 * 127.0.0.1 … 127.0.0.K before it connects, so the run is not limited to one address's
 * ephemeral ports.
 *
 * <p><b>What it implements of RFC 6455.</b> The opening handshake (only the 101 status is
 * checked), unmasked server frames of any length, fragmented messages (fields are read from the
 * first fragment), close (answered, then the socket is closed), ping (answered with a pong).
 * The frames it sends, close and pong, are masked. It sends no data but the two Engine.IO
 * answers of {@link Dialect#SOCKET_IO}: the load is all server-to-client, as in the seeds.
 *
 * <p><b>Threads.</b> Each connection belongs to one I/O thread, which alone touches its state;
 * the driver thread asks for work through that thread's task queue and reads only the atomic
 * counters and the volatile fields marked so.
 */
final class ClientFleet implements AutoCloseable {

  /**
   * What a server speaks over its WebSocket. {@code PLAIN}: every text frame is a tick or the
   * {@code ack}. {@code SOCKET_IO}: Engine.IO v4 / Socket.IO v5 packets in text frames, of which
   * the client implements what a subscriber needs: the open packet {@code 0{...}} answered with
   * a connect {@code 40}, the server's ping {@code 2} answered with a pong {@code 3}, and events
   * {@code 42["name",{...}]} read as ticks or the {@code ack} (their fields sit in the first
   * bytes, as in plain frames). Everything else ({@code 40{...}} connect answers, {@code 41}
   * disconnects) is read and ignored; the server's close frame ends the connection either way.
   */
  enum Dialect { PLAIN, SOCKET_IO }

  private static final byte[] SOCKET_IO_CONNECT = {'4', '0'};
  private static final byte[] ENGINE_IO_PONG = {'3'};

  /** Where one connection is. Terminal states until the next (re)connect: CLOSED and FAILED. */
  private enum ConnState { IDLE, CONNECTING, HANDSHAKING, OPEN, CLOSING, CLOSED, FAILED }

  /** A connect that fails (refused, reset, no 101 yet) is retried this many times, then counted failed. */
  private static final int MAX_ATTEMPTS = 200;
  /** Delay before a retry, plus up to as much again at random so retries do not march in step. */
  private static final long RETRY_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(25);
  /** A close we started is forced after this long if the server never answers it. */
  private static final long CLOSE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(3);
  /** Largest HTTP response head accepted before the 101 is given up on. */
  private static final int MAX_RESPONSE_HEAD = 16 * 1024;
  private static final byte[] HEAD_END = {'\r', '\n', '\r', '\n'};

  private final InetSocketAddress server;
  private final Dialect dialect;
  private final String requestTargetPrefix;
  private final InetAddress[] sources;
  private final long clockOffsetNanos;
  private final IoThread[] threads;
  private final Conn[] conns;

  /** Ticks received, over all connections. */
  private final LongAdder ticks = new LongAdder();
  /** Ticks a connection missed: the sum of the holes in each connection's sequence. */
  private final LongAdder gaps = new LongAdder();
  /** Ticks that arrived with a sequence number not above the previous one. */
  private final LongAdder reordered = new LongAdder();
  /** Connect attempts that failed and were retried. */
  private final LongAdder retries = new LongAdder();
  /** Latencies that came out negative (clock skew between the processes) and were recorded as 0. */
  private final LongAdder negativeLatencies = new LongAdder();
  /** Publish-to-receive latency of every tick, in nanoseconds; shared by the I/O threads. */
  private final Recorder latency = new Recorder(3);
  /** Connections that got their {@code ack} in the current incarnation. */
  private final AtomicInteger ready = new AtomicInteger();
  /** Connections that reached CLOSED in the current incarnation. */
  private final AtomicInteger closed = new AtomicInteger();
  /** Connections that gave up connecting (FAILED) in the current incarnation. */
  private final AtomicInteger failed = new AtomicInteger();
  /** Connections that ended without a close frame from the server (1006). */
  private final AtomicInteger abnormal = new AtomicInteger();
  /** The last failure seen, for messages; written by I/O threads. */
  private volatile String lastError = "none";

  /**
   * @param server the server's address
   * @param dialect what the server speaks in its text frames
   * @param requestTargetPrefix the request target without the client number, which is appended
   * @param count how many connections this fleet has
   * @param threads how many I/O threads serve them
   * @param sourceAddresses how many loopback addresses (127.0.0.1 up) the sockets are spread over
   * @param clockOffsetNanos the server process's {@code nanoTime} minus ours, subtracted from
   *     every {@code sent} time
   */
  ClientFleet(InetSocketAddress server, Dialect dialect, String requestTargetPrefix, int count, int threads,
      int sourceAddresses, long clockOffsetNanos) throws IOException {
    this.server = server;
    this.dialect = dialect;
    this.requestTargetPrefix = requestTargetPrefix;
    this.clockOffsetNanos = clockOffsetNanos;
    this.sources = new InetAddress[sourceAddresses];
    for (int i = 0; i < sourceAddresses; i++) {
      sources[i] = loopback(i + 1);
    }
    this.threads = new IoThread[threads];
    for (int t = 0; t < threads; t++) {
      this.threads[t] = new IoThread("load-client-" + t);
    }
    this.conns = new Conn[count];
    for (int i = 0; i < count; i++) {
      conns[i] = new Conn(i, this.threads[i % threads]);
    }
    for (IoThread t : this.threads) {
      t.start();
    }
  }

  private static InetAddress loopback(int host) throws UnknownHostException {
    return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) host});
  }

  // ------------------------------------------------------------------ driver side

  /**
   * Opens every connection, at most {@code maxPending} handshakes at a time, and returns once each
   * has received its {@code ack}.
   *
   * @throws IllegalStateException if some failed or the timeout passed
   */
  void connectAll(int maxPending, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (int i = 0; i < conns.length; i++) {
      final int started = i;
      await(() -> started - ready.get() - failed.get() < maxPending, deadline, "connecting");
      Conn c = conns[i];
      c.io.execute(() -> c.io.connect(c));
    }
    awaitReady(deadline, "connecting");
  }

  /**
   * Reconnects every connection at once (all of them closed before) and returns once each has
   * its {@code ack} again: the reconnect storm.
   */
  void reconnectAll(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    ready.set(0);
    closed.set(0);
    failed.set(0);
    for (Conn c : conns) {
      c.io.execute(() -> c.io.connect(c));
    }
    awaitReady(deadline, "reconnecting");
  }

  private void awaitReady(long deadline, String what) {
    await(() -> ready.get() + failed.get() >= conns.length, deadline, what);
    if (failed.get() > 0) {
      throw new IllegalStateException(failed.get() + " of " + conns.length + " connections failed while "
          + what + "; last error: " + lastError);
    }
  }

  /** Waits until the server has closed every connection (a restart). */
  void awaitAllClosed(Duration timeout) {
    await(() -> closed.get() + failed.get() >= conns.length, System.nanoTime() + timeout.toNanos(),
        "waiting for the server to close every connection");
  }

  /** Closes every connection with 1000 and waits until all are closed (forcing the stragglers). */
  void closeAll(Duration timeout) {
    for (Conn c : conns) {
      c.io.execute(() -> c.io.startClose(c));
    }
    await(() -> closed.get() + failed.get() >= conns.length, System.nanoTime() + timeout.toNanos(), "closing");
  }

  private void await(BooleanSupplier condition, long deadline, String what) {
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("timed out " + what + ": " + ready.get() + " ready, " + closed.get()
            + " closed, " + failed.get() + " failed of " + conns.length + "; last error: " + lastError);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }

  /** How many connections this fleet has. */
  int size() {
    return conns.length;
  }

  long ticks() {
    return ticks.sum();
  }

  long gaps() {
    return gaps.sum();
  }

  long reordered() {
    return reordered.sum();
  }

  long retries() {
    return retries.sum();
  }

  long negativeLatencies() {
    return negativeLatencies.sum();
  }

  int abnormalCloses() {
    return abnormal.get();
  }

  /** The latency recorder; take an interval histogram to read and reset it. */
  Recorder latency() {
    return latency;
  }

  /** The smallest sequence number every connection has reached: all ticks up to it were delivered to all. */
  long minLastSeq() {
    long min = Long.MAX_VALUE;
    for (Conn c : conns) {
      min = Math.min(min, c.lastSeq);
    }
    return min;
  }

  /** CPU time the I/O threads have used, to tell whether the client kept up. */
  long cpuNanos() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (IoThread t : threads) {
      sum += Math.max(0, mx.getThreadCpuTime(t.getId()));
    }
    return sum;
  }

  int threadCount() {
    return threads.length;
  }

  /** Stops the I/O threads and closes every socket at once, without close frames. */
  @Override
  public void close() {
    for (IoThread t : threads) {
      t.running = false;
      t.selector.wakeup();
    }
    for (IoThread t : threads) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  // ------------------------------------------------------------------ one connection

  /** One client connection. Every field but the volatile one is touched only by {@link #io}. */
  private static final class Conn {
    final int index;
    final IoThread io;
    /** The highest tick sequence received; written by the I/O thread, read by the driver. */
    volatile long lastSeq;
    SocketChannel channel;
    SelectionKey key;
    ConnState state = ConnState.IDLE;
    /** Bumped by every connect, so a timer left by an earlier attempt can tell it is stale. */
    int generation;
    int attempts;
    /** Frames not yet written because the socket was full; null when empty. Tiny: closes and pongs. */
    Queue<ByteBuffer> unwritten;
    /** Bytes of an incomplete frame (or response head) kept from the last read. */
    byte[] carry = new byte[0];
    int carryLength;
    /** Inside a fragmented message: its continuation frames carry no fields. */
    boolean inFragmentedMessage;

    Conn(int index, IoThread io) {
      this.index = index;
      this.io = io;
    }
  }

  /** A deadline on an I/O thread's timer queue. */
  private record Timer(long atNanos, Runnable action) {
  }

  // ------------------------------------------------------------------ I/O threads

  private final class IoThread extends Thread {
    final Selector selector;
    /** Work handed over by the driver; drained by this thread on every loop. Unbounded, but the driver adds at most one entry per connection per step. */
    final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Retries and forced closes; this thread only. */
    final PriorityQueue<Timer> timers = new PriorityQueue<>((a, b) -> Long.compare(a.atNanos, b.atNanos));
    /** Every read lands here; grown if a single frame is larger. This thread only. */
    ByteBuffer readBuffer = ByteBuffer.allocateDirect(256 * 1024);
    volatile boolean running = true;

    IoThread(String name) throws IOException {
      super(name);
      setDaemon(true);
      selector = Selector.open();
    }

    void execute(Runnable task) {
      tasks.add(task);
      selector.wakeup();
    }

    @Override
    public void run() {
      try {
        while (running) {
          selector.select(this::ready, 10);
          for (Runnable task; (task = tasks.poll()) != null; ) {
            task.run();
          }
          long now = System.nanoTime();
          while (!timers.isEmpty() && timers.peek().atNanos - now <= 0) {
            timers.poll().action.run();
          }
        }
      } catch (IOException | RuntimeException e) {
        lastError = "client I/O thread died: " + e; // reported by the await that then fails
      } finally {
        for (SelectionKey key : selector.keys()) {
          closeQuietly(((Conn) key.attachment()).channel);
        }
        closeQuietly(selector);
      }
    }

    private void ready(SelectionKey key) {
      Conn c = (Conn) key.attachment();
      try {
        if (key.isConnectable()) {
          if (!c.channel.finishConnect()) {
            return;
          }
          handshake(c);
        }
        if (key.isValid() && key.isWritable()) {
          flush(c);
        }
        if (key.isValid() && key.isReadable()) {
          read(c);
        }
      } catch (IOException | RuntimeException e) {
        lost(c, e);
      }
    }

    // ---- connecting

    void connect(Conn c) {
      if (c.state != ConnState.IDLE && c.state != ConnState.CLOSED && c.state != ConnState.FAILED) {
        return;
      }
      c.generation++;
      c.attempts = 0;
      c.lastSeq = 0;
      attempt(c);
    }

    private void attempt(Conn c) {
      c.attempts++;
      c.state = ConnState.CONNECTING;
      c.carryLength = 0;
      c.inFragmentedMessage = false;
      c.unwritten = null;
      try {
        SocketChannel channel = SocketChannel.open();
        c.channel = channel;
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        channel.bind(new InetSocketAddress(sources[c.index % sources.length], 0));
        c.key = channel.register(selector, SelectionKey.OP_CONNECT, c);
        if (channel.connect(server)) {
          handshake(c);
        }
      } catch (IOException | RuntimeException e) {
        lost(c, e);
      }
    }

    private void handshake(Conn c) throws IOException {
      c.state = ConnState.HANDSHAKING;
      c.key.interestOps(SelectionKey.OP_READ);
      byte[] nonce = new byte[16];
      ThreadLocalRandom.current().nextBytes(nonce);
      String request = "GET " + requestTargetPrefix + c.index + " HTTP/1.1\r\n"
          + "Host: " + server.getHostString() + ":" + server.getPort() + "\r\n"
          + "Upgrade: websocket\r\n"
          + "Connection: Upgrade\r\n"
          + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
          + "Sec-WebSocket-Version: 13\r\n\r\n";
      write(c, ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
    }

    /** A connection failed or dropped: retry it if it never opened, else count it closed. */
    private void lost(Conn c, Throwable cause) {
      lastError = String.valueOf(cause);
      release(c);
      switch (c.state) {
        case CONNECTING, HANDSHAKING -> {
          if (c.attempts < MAX_ATTEMPTS) {
            retries.increment();
            c.state = ConnState.IDLE;
            int generation = c.generation;
            long delay = RETRY_DELAY_NANOS + ThreadLocalRandom.current().nextLong(RETRY_DELAY_NANOS);
            timers.add(new Timer(System.nanoTime() + delay, () -> {
              if (c.generation == generation && c.state == ConnState.IDLE) {
                attempt(c);
              }
            }));
          } else {
            c.state = ConnState.FAILED;
            failed.incrementAndGet();
          }
        }
        case OPEN -> {
          abnormal.incrementAndGet();
          enterClosed(c);
        }
        case CLOSING -> enterClosed(c);
        default -> {
          // already terminal, or idle between attempts
        }
      }
    }

    private void release(Conn c) {
      if (c.key != null) {
        c.key.cancel();
        c.key = null;
      }
      closeQuietly(c.channel);
      c.channel = null;
    }

    private void enterClosed(Conn c) {
      release(c);
      c.state = ConnState.CLOSED;
      closed.incrementAndGet();
    }

    // ---- closing

    void startClose(Conn c) {
      switch (c.state) {
        case OPEN -> {
          c.state = ConnState.CLOSING;
          send(c, 0x8, new byte[] {(byte) (1000 >> 8), (byte) (1000 & 0xff)});
          int generation = c.generation;
          timers.add(new Timer(System.nanoTime() + CLOSE_GRACE_NANOS, () -> {
            if (c.generation == generation && c.state == ConnState.CLOSING) {
              enterClosed(c);
            }
          }));
        }
        case IDLE, CONNECTING, HANDSHAKING -> {
          c.generation++; // cancels a pending retry
          enterClosed(c);
        }
        default -> {
          // CLOSING already, or terminal
        }
      }
    }

    // ---- writing

    void sendText(Conn c, byte[] text) {
      send(c, 0x1, text);
    }

    private void send(Conn c, int opcode, byte[] payload) {
      // Client frames are masked (RFC 6455 5.3); payloads here are under 126 bytes.
      byte[] frame = new byte[6 + payload.length];
      frame[0] = (byte) (0x80 | opcode);
      frame[1] = (byte) (0x80 | payload.length);
      int mask = ThreadLocalRandom.current().nextInt();
      for (int i = 0; i < 4; i++) {
        frame[2 + i] = (byte) (mask >>> (24 - 8 * i));
      }
      for (int i = 0; i < payload.length; i++) {
        frame[6 + i] = (byte) (payload[i] ^ frame[2 + (i & 3)]);
      }
      try {
        write(c, ByteBuffer.wrap(frame));
      } catch (IOException e) {
        lost(c, e);
      }
    }

    private void write(Conn c, ByteBuffer bytes) throws IOException {
      if (c.unwritten == null) {
        c.channel.write(bytes);
        if (!bytes.hasRemaining()) {
          return;
        }
        c.unwritten = new ArrayDeque<>();
        c.key.interestOps(c.key.interestOps() | SelectionKey.OP_WRITE);
      }
      c.unwritten.add(bytes);
    }

    private void flush(Conn c) throws IOException {
      Queue<ByteBuffer> queue = c.unwritten;
      while (queue != null && !queue.isEmpty()) {
        ByteBuffer head = queue.peek();
        c.channel.write(head);
        if (head.hasRemaining()) {
          return;
        }
        queue.poll();
      }
      c.unwritten = null;
      c.key.interestOps(c.key.interestOps() & ~SelectionKey.OP_WRITE);
    }

    // ---- reading

    private void read(Conn c) throws IOException {
      ByteBuffer buf = readBuffer;
      buf.clear();
      buf.put(c.carry, 0, c.carryLength);
      c.carryLength = 0;
      int n = c.channel.read(buf);
      if (n < 0) {
        lost(c, new IOException("end of stream"));
        return;
      }
      buf.flip();
      if (c.state == ConnState.HANDSHAKING && !readResponseHead(c, buf)) {
        keep(c, buf);
        return;
      }
      readFrames(c, buf);
      if (c.channel != null) {
        keep(c, buf);
      }
    }

    /** Keeps the unread rest of {@code buf} for the next read. */
    private void keep(Conn c, ByteBuffer buf) {
      int left = buf.remaining();
      if (left > c.carry.length) {
        c.carry = new byte[Math.max(left, 2 * c.carry.length)];
      }
      buf.get(c.carry, 0, left);
      c.carryLength = left;
    }

    /** Consumes the 101 response head; false if it is not complete yet. */
    private boolean readResponseHead(Conn c, ByteBuffer buf) throws IOException {
      int end = indexOf(buf, HEAD_END);
      if (end < 0) {
        if (buf.remaining() > MAX_RESPONSE_HEAD) {
          throw new IOException("no end to the HTTP response head");
        }
        return false;
      }
      byte[] statusLine = new byte[Math.min(12, end)];
      buf.get(buf.position(), statusLine);
      String status = new String(statusLine, StandardCharsets.US_ASCII);
      if (!status.startsWith("HTTP/1.1 101")) {
        // A refused handshake is not worth retrying: the harness's credentials are wrong.
        lastError = "handshake refused: " + status;
        release(c);
        c.state = ConnState.FAILED;
        failed.incrementAndGet();
        buf.position(buf.limit());
        return false;
      }
      buf.position(end + HEAD_END.length);
      c.state = ConnState.OPEN;
      return true;
    }

    private void readFrames(Conn c, ByteBuffer buf) {
      while (buf.remaining() >= 2 && c.channel != null) {
        int start = buf.position();
        int b0 = buf.get(start) & 0xff;
        int b1 = buf.get(start + 1) & 0xff;
        long length = b1 & 0x7f;
        int head = 2;
        if (length == 126) {
          if (buf.remaining() < 4) {
            return;
          }
          length = buf.getShort(start + 2) & 0xffff;
          head = 4;
        } else if (length == 127) {
          if (buf.remaining() < 10) {
            return;
          }
          length = buf.getLong(start + 2);
          head = 10;
        }
        boolean masked = (b1 & 0x80) != 0;
        if (masked) {
          head += 4;
        }
        long total = head + length;
        if (total > Integer.MAX_VALUE / 2) {
          lost(c, new IOException("frame of " + length + " bytes"));
          return;
        }
        if (buf.remaining() < total) {
          if (total > readBuffer.capacity() / 2) {
            growReadBuffer((int) total);
          }
          return;
        }
        int from = start + head;
        int to = (int) (from + length);
        if (masked) { // servers must not mask; unmask anyway rather than misread
          for (int i = from; i < to; i++) {
            buf.put(i, (byte) (buf.get(i) ^ buf.get(from - 4 + ((i - from) & 3))));
          }
        }
        buf.position(to);
        frame(c, (b0 & 0x80) != 0, b0 & 0x0f, buf, from, to);
      }
    }

    /** Makes room for one frame of {@code bytes}; takes effect on the next read, which re-reads the carry. */
    private void growReadBuffer(int bytes) {
      readBuffer = ByteBuffer.allocateDirect(Integer.highestOneBit(bytes) * 4);
    }

    private void frame(Conn c, boolean fin, int opcode, ByteBuffer buf, int from, int to) {
      switch (opcode) {
        case 0x1 -> { // text: a tick, or the ack that makes the connection ready
          if (!c.inFragmentedMessage) {
            text(c, buf, from, to);
          }
          c.inFragmentedMessage = !fin;
        }
        case 0x0 -> c.inFragmentedMessage = !fin; // continuation: the fields were in the first fragment
        case 0x8 -> { // close: answer it (unless we started it) and close the socket
          if (c.state == ConnState.OPEN) {
            byte[] code = to - from >= 2 ? new byte[] {buf.get(from), buf.get(from + 1)} : new byte[0];
            send(c, 0x8, code);
          }
          enterClosed(c);
        }
        case 0x9 -> { // ping: pong with the same payload
          byte[] payload = new byte[to - from];
          buf.get(from, payload);
          send(c, 0xA, payload);
        }
        default -> {
          // binary and pong frames: nothing to do
        }
      }
    }

    private void text(Conn c, ByteBuffer buf, int from, int to) {
      if (dialect == Dialect.SOCKET_IO && !socketIoEvent(c, buf, from, to)) {
        return;
      }
      long seq = Ticks.seq(buf, from, to);
      if (seq < 0) {
        if (Ticks.isAck(buf, from, to)) {
          ready.incrementAndGet();
        } else if (Ticks.isError(buf, from, to)) {
          byte[] text = new byte[Math.min(200, to - from)];
          buf.get(from, text);
          lastError = "server error frame: " + new String(text, StandardCharsets.UTF_8);
        }
        return;
      }
      long sentHere = Ticks.sent(buf, from, to) - clockOffsetNanos;
      long latencyNanos = System.nanoTime() - sentHere;
      if (latencyNanos < 0) {
        negativeLatencies.increment();
        latencyNanos = 0;
      }
      latency.recordValue(latencyNanos);
      long previous = c.lastSeq;
      if (previous != 0 && seq != previous + 1) {
        if (seq > previous) {
          gaps.add(seq - previous - 1);
        } else {
          reordered.increment();
        }
      }
      c.lastSeq = Math.max(previous, seq);
      ticks.increment();
    }
  }

  /**
   * Answers the Engine.IO packets a subscriber must answer, and tells whether this one is a
   * Socket.IO event ({@code 42...}), which carries a tick or the ack like a plain frame.
   */
  private boolean socketIoEvent(Conn c, ByteBuffer buf, int from, int to) {
    if (to - from < 1) {
      return false;
    }
    switch (buf.get(from)) {
      case '0' -> c.io.sendText(c, SOCKET_IO_CONNECT); // Engine.IO open: connect to the main namespace
      case '2' -> c.io.sendText(c, ENGINE_IO_PONG); // Engine.IO ping
      case '4' -> {
        return to - from >= 2 && buf.get(from + 1) == '2';
      }
      default -> {
        // close, upgrade, noop: nothing to answer
      }
    }
    return false;
  }

  private static int indexOf(ByteBuffer buf, byte[] key) {
    int last = buf.limit() - key.length;
    outer:
    for (int i = buf.position(); i <= last; i++) {
      for (int k = 0; k < key.length; k++) {
        if (buf.get(i + k) != key[k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable != null) {
      try {
        closeable.close();
      } catch (Exception e) {
        // closing anyway
      }
    }
  }
}
