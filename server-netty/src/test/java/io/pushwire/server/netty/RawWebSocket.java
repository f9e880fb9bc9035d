package io.pushwire.server.netty;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client written byte by byte over a plain socket, for what a well-behaved client
 * library refuses to send: invalid UTF-8, binary frames, unmasked frames, oversized frames, a
 * request without upgrade headers, or a client that never reads. Not thread-safe.
 */
final class RawWebSocket implements AutoCloseable {

  static final int TEXT = 1;
  static final int BINARY = 2;
  static final int CLOSE = 8;
  static final int PING = 9;
  static final int PONG = 10;

  /** A frame from the server. */
  record Frame(int opcode, byte[] payload) {
    String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    /** The close code of a close frame, or 1005 when it has none. */
    int closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
    }
  }

  final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private RawWebSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /** A TCP connection to 127.0.0.1:{@code port}, nothing sent yet. */
  static RawWebSocket connect(int port) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    socket.setSoTimeout(20_000);
    return new RawWebSocket(socket);
  }

  /** Connects and upgrades {@code pathAndQuery}; fails unless the server answers 101. */
  static RawWebSocket upgrade(int port, String pathAndQuery) throws IOException {
    RawWebSocket ws = connect(port);
    ws.write("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
        + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
    String head = ws.readHead();
    if (!head.startsWith("HTTP/1.1 101")) {
      throw new IOException("not upgraded: " + head);
    }
    return ws;
  }

  /** Writes {@code text} as it is (an HTTP request, say). */
  void write(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** Reads an HTTP response's status line and headers, up to the empty line. */
  String readHead() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed in the response head: " + head);
      }
      head.write(b);
      matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
          ? matched + 1 : 0;
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  /** Reads {@code n} bytes of an HTTP body. */
  String readBody(int n) throws IOException {
    return new String(in.readNBytes(n), StandardCharsets.UTF_8);
  }

  /** Sends one whole frame, masked as a client must. */
  void send(int opcode, byte[] payload) throws IOException {
    send(opcode, payload, true);
  }

  /** Sends one whole frame; {@code masked} false breaks the protocol. */
  void send(int opcode, byte[] payload, boolean masked) throws IOException {
    write(opcode, payload, masked, true);
  }

  /** Sends one fragment of a message: {@code opcode} 0 continues it, {@code last} ends it. */
  void sendFragment(int opcode, byte[] payload, boolean last) throws IOException {
    write(opcode, payload, true, last);
  }

  private void write(int opcode, byte[] payload, boolean masked, boolean fin) throws IOException {
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write((fin ? 0x80 : 0) | opcode);
    int maskBit = masked ? 0x80 : 0;
    int n = payload.length;
    if (n < 126) {
      frame.write(maskBit | n);
    } else if (n <= 0xFFFF) {
      frame.write(maskBit | 126);
      frame.write(n >>> 8);
      frame.write(n);
    } else {
      frame.write(maskBit | 127);
      for (int i = 7; i >= 0; i--) {
        frame.write((int) ((long) n >>> (8 * i)));
      }
    }
    byte[] body = payload.clone();
    if (masked) {
      byte[] mask = new byte[4];
      ThreadLocalRandom.current().nextBytes(mask);
      frame.write(mask);
      for (int i = 0; i < body.length; i++) {
        body[i] ^= mask[i & 3];
      }
    }
    frame.write(body);
    out.write(frame.toByteArray());
    out.flush();
  }

  void sendText(String text) throws IOException {
    send(TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Reads the next frame from the server. */
  Frame read() throws IOException {
    int b0 = in.read();
    int b1 = in.read();
    if (b0 < 0 || b1 < 0) {
      throw new IOException("connection closed before a frame");
    }
    long n = b1 & 0x7F;
    if (n == 126) {
      n = (in.read() << 8) | in.read();
    } else if (n == 127) {
      n = 0;
      for (int i = 0; i < 8; i++) {
        n = (n << 8) | in.read();
      }
    }
    byte[] payload = in.readNBytes((int) n);
    if (payload.length != n) {
      throw new IOException("connection closed in a frame");
    }
    return new Frame(b0 & 0x0F, payload);
  }

  /** Reads frames until a close frame, and returns its code. */
  int awaitClose() throws IOException {
    while (true) {
      Frame frame = read();
      if (frame.opcode() == CLOSE) {
        return frame.closeCode();
      }
    }
  }

  /** Reads frames until one of text containing {@code part}. */
  Frame awaitText(String part) throws IOException {
    while (true) {
      Frame frame = read();
      if (frame.opcode() == TEXT && frame.text().contains(part)) {
        return frame;
      }
    }
  }

  /** Reads and drops everything until the server closes the socket; true if it did. */
  boolean drainToEnd() throws IOException {
    byte[] buffer = new byte[64 * 1024];
    try {
      while (in.read(buffer) >= 0) {
        // dropped
      }
      return true;
    } catch (java.net.SocketException reset) {
      return true; // closed with unread data on the server's side: a reset, still a close
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
