package io.pushwire.broker.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny round-robin TCP load balancer on 127.0.0.1, as in front of a cluster: each accepted
 * connection goes to the next backend that accepts it (a dead one is skipped), bytes are copied
 * both ways, and either side closing closes both. Two threads per connection: for tests only.
 */
final class TcpBalancer implements AutoCloseable {

  private final ServerSocket listener;
  private final List<Integer> backends;
  private final AtomicInteger next = new AtomicInteger();
  /** Open sockets, closed with the balancer. */
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();

  TcpBalancer(List<Integer> backendPorts) throws IOException {
    this.backends = List.copyOf(backendPorts);
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "balancer-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket backend = connectToNext();
        if (backend == null) {
          client.close();
          continue;
        }
        open.add(client);
        open.add(backend);
        pipe(client, backend);
        pipe(backend, client);
      } catch (IOException e) {
        // the listener closed, or one connection failed: go on with the next
      }
    }
  }

  private Socket connectToNext() {
    for (int tries = 0; tries < backends.size(); tries++) {
      int port = backends.get(Math.floorMod(next.getAndIncrement(), backends.size()));
      try {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1_000);
        return s;
      } catch (IOException dead) {
        // skip a backend that is down
      }
    }
    return null;
  }

  private void pipe(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // one side went: close both below
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "balancer-pipe");
    t.setDaemon(true);
    t.start();
  }

  private void closeQuietly(Socket s) {
    open.remove(s);
    try {
      s.close();
    } catch (IOException ignored) {
      // closing
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    open.forEach(this::closeQuietly);
  }
}
