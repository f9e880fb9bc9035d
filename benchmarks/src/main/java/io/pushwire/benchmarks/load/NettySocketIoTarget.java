package io.pushwire.benchmarks.load;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.SocketIOServer;
import com.corundumstudio.socketio.Transport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A peer: netty-socketio, the Socket.IO server a Java team would pick instead, as its README
 * shows it: a {@link SocketIOServer} on 127.0.0.1, WebSocket transport only, every client put in
 * one room at connect and greeted with an {@code ack} event; each tick is one
 * {@code getRoomOperations(room).sendEvent(...)} of a map in the tick's shape, which the library
 * encodes with Jackson. The harness client speaks Engine.IO v4 / Socket.IO v5 to it
 * ({@link ClientFleet.Dialect#SOCKET_IO}). The library reports no failed sends; the count stays 0.
 */
final class NettySocketIoTarget implements Target {

  private static final String EVENT = Ticks.TYPE;
  private static final long CLOSE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final String pad;
  private final Map<String, Object> ack = Map.of("type", "ack", "data", Map.of("success", true));
  /** Replaced by every start; only the command thread touches these. */
  private SocketIOServer server;
  private int port;

  NettySocketIoTarget(String pad) {
    this.pad = pad;
  }

  @Override
  public String name() {
    return "netty-socketio";
  }

  @Override
  public ClientFleet.Dialect dialect() {
    return ClientFleet.Dialect.SOCKET_IO;
  }

  @Override
  public void start(int requestedPort) throws IOException {
    // netty-socketio does not tell the port it bound: pick a free one first when asked for any.
    int chosen = requestedPort != 0 ? requestedPort : freePort();
    Configuration config = new Configuration();
    config.setHostname("127.0.0.1");
    config.setPort(chosen);
    config.setTransports(Transport.WEBSOCKET);
    config.setMaxFramePayloadLength(1 << 20);
    config.getSocketConfig().setReuseAddress(true);
    config.getSocketConfig().setTcpNoDelay(true);
    SocketIOServer started = new SocketIOServer(config);
    started.addConnectListener(client -> {
      client.joinRoom(Ticks.TOPIC);
      client.sendEvent("ack", ack);
    });
    try {
      started.startAsync().syncUninterruptibly();
    } catch (RuntimeException e) {
      started.stop();
      throw new IOException("netty-socketio did not bind 127.0.0.1:" + chosen, e);
    }
    server = started;
    port = chosen;
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return probe.getLocalPort();
    }
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public String requestTargetPrefix() {
    return "/socket.io/?EIO=4&transport=websocket&client_id=load-";
  }

  @Override
  public void publish(long seq, long sentNanos) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("seq", seq);
    data.put("sent", sentNanos);
    data.put("pad", pad);
    Map<String, Object> tick = new LinkedHashMap<>();
    tick.put("type", Ticks.TYPE);
    tick.put("id", Ticks.TYPE + "_" + seq);
    tick.put("timestamp", System.currentTimeMillis());
    tick.put("data", data);
    server.getRoomOperations(Ticks.TOPIC).sendEvent(EVENT, tick);
  }

  @Override
  public int connections() {
    return server.getAllClients().size();
  }

  @Override
  public long failedSends() {
    return 0;
  }

  @Override
  public void stop() {
    for (SocketIOClient client : server.getAllClients()) {
      client.disconnect();
    }
    long deadline = System.nanoTime() + CLOSE_WAIT_NANOS;
    while (!server.getAllClients().isEmpty() && System.nanoTime() - deadline < 0) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
    server.stop();
  }
}
