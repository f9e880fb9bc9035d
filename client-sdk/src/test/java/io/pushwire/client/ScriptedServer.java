package io.pushwire.client;

import jakarta.websocket.CloseReason;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.glassfish.tyrus.server.Server;

/**
 * A WebSocket server on 127.0.0.1 that says only what the test tells it to: it keeps each
 * connection with the text frames its client sent, and the test writes the server's frames. For
 * protocol corners a real hub reaches only by chance (a connection lost between a topic's first
 * live push and the {@code ack}). One at a time per JVM: the endpoint finds it through a static.
 */
final class ScriptedServer implements AutoCloseable {

  /** The server the endpoint instances report to; set by the constructor, cleared by close. */
  private static volatile ScriptedServer current;

  /** One client connection: what it sent, and a way to answer. */
  static final class Peer {
    final Session session;
    /** The client's frames, in order; appended by Tyrus's thread. */
    final List<String> received = new CopyOnWriteArrayList<>();

    Peer(Session session) {
      this.session = session;
    }

    /** Writes one text frame to the client. */
    void send(String frame) {
      try {
        session.getBasicRemote().sendText(frame);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Closes with 1012 (service restart): the client reconnects. */
    void drop() {
      try {
        session.close(new CloseReason(CloseReason.CloseCodes.SERVICE_RESTART, "scripted"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** The JSR-356 endpoint: records connections and frames on {@link #current}. */
  @ServerEndpoint("/ws")
  public static final class Endpoint {
    @OnOpen
    public void open(Session session) {
      current.peers.add(new Peer(session));
    }

    @OnMessage
    public void message(Session session, String text) {
      for (Peer peer : current.peers) {
        if (peer.session == session) {
          peer.received.add(text);
        }
      }
    }
  }

  /** Every connection so far, in the order they opened. */
  final List<Peer> peers = new CopyOnWriteArrayList<>();
  private final Server server;

  ScriptedServer() {
    current = this;
    server = new Server("127.0.0.1", 0, "/", Map.of(), Endpoint.class);
    try {
      server.start();
    } catch (jakarta.websocket.DeploymentException e) {
      throw new IllegalStateException(e);
    }
  }

  URI uri() {
    return URI.create("ws://127.0.0.1:" + server.getPort() + "/ws");
  }

  @Override
  public void close() {
    server.stop();
    current = null;
  }
}
