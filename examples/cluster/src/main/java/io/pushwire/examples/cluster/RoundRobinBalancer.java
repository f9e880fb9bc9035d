package io.pushwire.examples.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small round-robin TCP balancer: each accepted connection goes to the next backend in turn
 * (skipping one that refuses), and its bytes are copied both ways unchanged, so HTTP and WebSocket
 * upgrades pass through as they are. No stickiness: a client that reconnects may land on
 * another node, which is the point of the demo. Not for production: a real deployment puts
 * nginx, HAProxy or a cloud load balancer here.
 *
 * <p>Bounds: at most {@code maxConnections} client connections at once; one more is closed at
 * once, without reaching a backend. Each connection costs two threads (one per direction), so
 * the threads are bounded by twice that. When either side closes (or fails), both sockets of the
 * pair are closed, so no half-open connection lingers.
 */
final class RoundRobinBalancer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RoundRobinBalancer.class);

  /** Most client connections at once, by default: plenty for a page or a test. */
  static final int DEFAULT_MAX_CONNECTIONS = 256;
  private static final int CONNECT_TIMEOUT_MILLIS = 2_000;
  private static final int BUFFER_BYTES = 16 * 1024;

  private final ServerSocket listener;
  private final List<InetSocketAddress> backends;
  /** Free connection slots; a connection takes one when accepted and gives it back when closed. */
  private final Semaphore slots;
  /** The open pairs, so that close() can end them. Holds at most maxConnections entries. */
  private final Set<Pair> open = ConcurrentHashMap.newKeySet();
  /** The next backend to try (modulo their number). */
  private final AtomicInteger next = new AtomicInteger();
  /** Connections refused because maxConnections were open; for the curious and for tests. */
  private final AtomicLong refused = new AtomicLong();
  /** Runs the accept loop and the copy loops; its threads are bounded by the slots. */
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "balancer");
    t.setDaemon(true);
    return t;
  });
  /** Set by close(); read by the accept loop. */
  private volatile boolean closed;

  private RoundRobinBalancer(ServerSocket listener, List<InetSocketAddress> backends, int maxConnections) {
    this.listener = listener;
    this.backends = List.copyOf(backends);
    this.slots = new Semaphore(maxConnections);
  }

  /**
   * Listens on {@code host:port} (0 for a free port) and spreads connections over
   * {@code backends}.
   *
   * @throws IOException if it cannot listen
   */
  static RoundRobinBalancer start(String host, int port, List<InetSocketAddress> backends, int maxConnections)
      throws IOException {
    if (backends.isEmpty()) {
      throw new IllegalArgumentException("no backends");
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be at least 1, got " + maxConnections);
    }
    ServerSocket listener = new ServerSocket();
    try {
      listener.bind(new InetSocketAddress(host, port));
    } catch (IOException e) {
      listener.close();
      throw e;
    }
    RoundRobinBalancer balancer = new RoundRobinBalancer(listener, backends, maxConnections);
    balancer.threads.execute(balancer::acceptLoop);
    return balancer;
  }

  /** The port it listens on. */
  int port() {
    return listener.getLocalPort();
  }

  /** The address it listens on. */
  String host() {
    return listener.getInetAddress().getHostAddress();
  }

  /** Client connections open now. */
  int openConnections() {
    return open.size();
  }

  /** Connections closed at once because the limit was reached. */
  long refusedConnections() {
    return refused.get();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        if (!closed) {
          log.warn("balancer: accept failed: {}", e.getMessage());
        }
        continue;
      }
      if (!slots.tryAcquire()) {
        refused.incrementAndGet();
        closeQuietly(client);
        continue;
      }
      threads.execute(() -> connect(client));
    }
  }

  /** Finds a backend for {@code client}, trying each once from the next in turn. */
  private void connect(Socket client) {
    int first = Math.floorMod(next.getAndIncrement(), backends.size());
    for (int i = 0; i < backends.size(); i++) {
      InetSocketAddress backend = backends.get((first + i) % backends.size());
      Socket upstream = new Socket();
      try {
        upstream.connect(backend, CONNECT_TIMEOUT_MILLIS);
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        Pair pair = new Pair(client, upstream);
        open.add(pair);
        if (closed) {
          pair.close();
          return;
        }
        try {
          threads.execute(() -> pair.copy(upstream, client));
        } catch (RejectedExecutionException e) {
          pair.close();   // the balancer is closing
          return;
        }
        pair.copy(client, upstream);
        return;
      } catch (IOException e) {
        closeQuietly(upstream);   // that node is down: try the next
      }
    }
    closeQuietly(client);
    slots.release();
  }

  /** A client socket and its backend socket; closing one closes both, once. */
  private final class Pair {
    private final Socket client;
    private final Socket upstream;
    /** 0 while open, 1 once closed: the slot is given back once. */
    private final AtomicInteger state = new AtomicInteger();

    Pair(Socket client, Socket upstream) {
      this.client = client;
      this.upstream = upstream;
    }

    /** Copies {@code from} to {@code to} until either ends, then closes the pair. */
    void copy(Socket from, Socket to) {
      byte[] buffer = new byte[BUFFER_BYTES];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (SocketException e) {
        // the other copy closed the pair, or a side reset: either way, done
      } catch (IOException e) {
        log.warn("balancer: a connection failed: {}", e.getMessage());
      } finally {
        close();
      }
    }

    void close() {
      if (state.compareAndSet(0, 1)) {
        closeQuietly(client);
        closeQuietly(upstream);
        open.remove(this);
        slots.release();
      }
    }
  }

  /** Stops listening and closes every open connection. */
  @Override
  public void close() {
    closed = true;
    closeQuietly(listener);
    open.forEach(Pair::close);
    threads.shutdownNow();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // closing: nothing left to do
    }
  }
}
