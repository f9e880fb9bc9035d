package io.pushwire.examples.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The balancer over real sockets: backends that say their name, then echo. */
class RoundRobinBalancerTest {

  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  /** A backend that writes "name\n" to each connection, then echoes; it records its sockets. */
  private final class Backend implements AutoCloseable {
    final ServerSocket server = new ServerSocket();
    final List<Socket> accepted = new CopyOnWriteArrayList<>();

    Backend(String name) throws IOException {
      server.bind(new InetSocketAddress("127.0.0.1", 0));
      Thread t = new Thread(() -> {
        while (!server.isClosed()) {
          try {
            Socket s = server.accept();
            accepted.add(s);
            s.getOutputStream().write((name + "\n").getBytes(StandardCharsets.UTF_8));
            Thread echo = new Thread(() -> {
              try {
                s.getInputStream().transferTo(s.getOutputStream());
              } catch (IOException e) {
                // the test closed it
              }
            });
            echo.setDaemon(true);
            echo.start();
          } catch (IOException e) {
            return;
          }
        }
      });
      t.setDaemon(true);
      t.start();
      open.add(this);
    }

    InetSocketAddress address() {
      return new InetSocketAddress("127.0.0.1", server.getLocalPort());
    }

    @Override
    public void close() throws IOException {
      server.close();
      for (Socket s : accepted) {
        s.close();
      }
    }
  }

  private RoundRobinBalancer balancer(int max, InetSocketAddress... backends) throws IOException {
    RoundRobinBalancer balancer = RoundRobinBalancer.start("127.0.0.1", 0, List.of(backends), max);
    open.add(balancer);
    return balancer;
  }

  private Socket connect(RoundRobinBalancer balancer) throws IOException {
    Socket socket = new Socket("127.0.0.1", balancer.port());
    socket.setSoTimeout(10_000);
    open.add(socket);
    return socket;
  }

  private static String readLine(Socket socket) throws IOException {
    StringBuilder line = new StringBuilder();
    InputStream in = socket.getInputStream();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      line.append((char) c);
    }
    return line.toString();
  }

  @Test
  void connectionsGoToTheBackendsInTurnAndBytesPassBothWays() throws Exception {
    RoundRobinBalancer balancer = balancer(16, new Backend("a").address(), new Backend("b").address(),
        new Backend("c").address());
    Set<String> names = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      Socket socket = connect(balancer);
      names.add(readLine(socket));
      socket.getOutputStream().write("ping\n".getBytes(StandardCharsets.UTF_8));
      assertEquals("ping", readLine(socket));
    }
    assertEquals(Set.of("a", "b", "c"), names);
  }

  @Test
  void aConnectionOverTheLimitIsClosedAtOnce() throws Exception {
    RoundRobinBalancer balancer = balancer(1, new Backend("a").address());
    Socket first = connect(balancer);
    assertEquals("a", readLine(first));
    Socket second = connect(balancer);
    assertEquals(-1, second.getInputStream().read(), "closed without reaching a backend");
    assertEquals(1, balancer.refusedConnections());
    first.close();
    await().atMost(Duration.ofSeconds(10)).until(() -> balancer.openConnections() == 0);
    assertEquals("a", readLine(connect(balancer)), "the slot came back");
  }

  @Test
  void whenTheBackendClosesTheClientIsClosedToo() throws Exception {
    Backend backend = new Backend("a");
    RoundRobinBalancer balancer = balancer(4, backend.address());
    Socket client = connect(balancer);
    assertEquals("a", readLine(client));
    backend.accepted.get(0).close();
    assertEquals(-1, client.getInputStream().read());
    await().atMost(Duration.ofSeconds(10)).until(() -> balancer.openConnections() == 0);
  }

  @Test
  void whenTheClientClosesTheBackendSeesItClose() throws Exception {
    Backend backend = new Backend("a");
    RoundRobinBalancer balancer = balancer(4, backend.address());
    Socket client = connect(balancer);
    assertEquals("a", readLine(client));
    client.close();
    Socket upstream = backend.accepted.get(0);
    await().atMost(Duration.ofSeconds(10)).until(() -> balancer.openConnections() == 0);
    upstream.setSoTimeout(10_000);
    assertEquals(-1, upstream.getInputStream().read());
  }

  @Test
  void aBackendThatIsDownIsSkipped() throws Exception {
    Backend down = new Backend("down");
    InetSocketAddress downAddress = down.address();
    down.close();
    RoundRobinBalancer balancer = balancer(4, downAddress, new Backend("up").address());
    for (int i = 0; i < 2; i++) {
      assertEquals("up", readLine(connect(balancer)));
    }
  }
}
