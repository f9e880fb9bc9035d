package io.pushwire.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Accepts TCP connections on 127.0.0.1 and never writes a byte: a handshake that never completes. */
final class SilentServer implements AutoCloseable {

  private final ServerSocket listener;
  private final Set<Socket> accepted = ConcurrentHashMap.newKeySet();
  private final AtomicInteger count = new AtomicInteger();

  SilentServer() throws IOException {
    listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(() -> {
      try {
        while (true) {
          accepted.add(listener.accept());
          count.incrementAndGet();
        }
      } catch (IOException e) {
        // closed
      }
    }, "silent-server-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  /** Connections accepted so far. */
  int accepted() {
    return count.get();
  }

  @Override
  public void close() throws IOException {
    listener.close();
    for (Socket socket : accepted) {
      socket.close();
    }
  }
}
