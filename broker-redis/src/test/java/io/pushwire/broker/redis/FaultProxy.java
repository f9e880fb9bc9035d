package io.pushwire.broker.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 in front of several nodes, for injecting network faults: each new
 * connection goes to the next node in turn (so a client that reconnects lands on another node),
 * {@link #cutAll()} drops every current connection abruptly (RST, no close frame), and
 * {@link #stall(boolean)} stops forwarding bytes in both directions while keeping the connections
 * open.
 */
final class FaultProxy implements AutoCloseable {

  private final ServerSocket listener;
  private final List<Integer> backends;
  /** Which backend the next connection goes to; incremented by the accept thread. */
  private final AtomicInteger next = new AtomicInteger();
  /** Every socket of every open proxied connection; concurrent. */
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  /** Guards {@link #stalled}, and is notified when it changes. */
  private final Object stallLock = new Object();
  /** Guarded by stallLock. */
  private boolean stalled;
  /** Set by close; read by the accept and pump threads. */
  private volatile boolean closed;

  FaultProxy(List<Integer> backendPorts) throws IOException {
    this.backends = List.copyOf(backendPorts);
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "fault-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  /** Connections accepted so far, over all backends. */
  int accepted() {
    return next.get();
  }

  /** Stops (or resumes) forwarding bytes on every connection, current and future. */
  void stall(boolean stall) {
    synchronized (stallLock) {
      stalled = stall;
      stallLock.notifyAll();
    }
  }

  /** Resets every current connection, as a network failure would. */
  void cutAll() {
    for (Socket socket : sockets) {
      try {
        socket.setSoLinger(true, 0);
      } catch (IOException e) {
        // already closed
      }
      closeQuietly(socket);
    }
    sockets.clear();
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly(listener);
    cutAll();
    stall(false);
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = listener.accept();
        int port = backends.get(Math.floorMod(next.getAndIncrement(), backends.size()));
        Socket upstream;
        try {
          upstream = new Socket(InetAddress.getLoopbackAddress(), port);
        } catch (IOException e) {
          closeQuietly(client);
          continue;
        }
        client.setTcpNoDelay(true); // forward small frames at once, as a real proxy does
        upstream.setTcpNoDelay(true);
        sockets.add(client);
        sockets.add(upstream);
        pump(client, upstream, "fault-proxy-up");
        pump(upstream, client, "fault-proxy-down");
      } catch (IOException e) {
        return; // listener closed
      }
    }
  }

  private void pump(Socket from, Socket to, String name) {
    Thread pump = new Thread(() -> {
      byte[] buffer = new byte[8192];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          awaitFlowing();
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException | InterruptedException e) {
        // connection cut or closed
      } finally {
        closeQuietly(from);
        closeQuietly(to);
        sockets.remove(from);
        sockets.remove(to);
      }
    }, name);
    pump.setDaemon(true);
    pump.start();
  }

  private void awaitFlowing() throws InterruptedException {
    synchronized (stallLock) {
      while (stalled && !closed) {
        stallLock.wait();
      }
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // nothing to do
    }
  }
}
