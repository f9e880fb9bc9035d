package io.pushwire.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A WebSocket client over a plain socket that writes frames byte by byte as the test says, masked
 * or not, whatever their opcode or declared length: for what no real client library sends.
 */
final class RawWebSocket implements AutoCloseable {

  private final Socket socket;
  private final InputStream in;
  /** The server's handshake response head; set once by {@link #over}. */
  private String responseHead;

  private RawWebSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
  }

  /** Opens {@code path} on a plain server and reads the 101. */
  static RawWebSocket open(int port, String path) {
    return over(RawSockets.open(port, new byte[0]), path);
  }

  /** Upgrades {@code socket} (plain or TLS, already connected) at {@code path}. */
  static RawWebSocket over(Socket socket, String path) {
    return over(socket, path, "");
  }

  /** Opens {@code path} on a plain server with extra request header lines (each ending in CRLF). */
  static RawWebSocket open(int port, String path, String extraHeaders) {
    return over(RawSockets.open(port, new byte[0]), path, extraHeaders);
  }

  private static RawWebSocket over(Socket socket, String path, String extraHeaders) {
    try {
      socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
          + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
          + extraHeaders + "\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      socket.setSoTimeout(10_000);
      RawWebSocket ws = new RawWebSocket(socket);
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        int b = ws.in.read();
        if (b < 0) {
          throw new IOException("closed during the handshake: " + head);
        }
        head.append((char) b);
      }
      if (!head.toString().startsWith("HTTP/1.1 101")) {
        throw new IOException("not upgraded: " + head);
      }
      ws.responseHead = head.toString();
      return ws;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A whole frame: FIN set, {@code opcode}, masked or not. */
  static byte[] frame(int opcode, byte[] payload, boolean masked) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x80 | opcode);
    int mask = masked ? 0x80 : 0;
    if (payload.length < 126) {
      out.write(mask | payload.length);
    } else {
      out.write(mask | 126);
      out.write(payload.length >> 8);
      out.write(payload.length & 0xff);
    }
    byte[] key = {0x11, 0x22, 0x33, 0x44};
    if (masked) {
      out.write(key, 0, 4);
    }
    for (int i = 0; i < payload.length; i++) {
      out.write(masked ? payload[i] ^ key[i % 4] : payload[i]);
    }
    return out.toByteArray();
  }

  /** The server's handshake response, status line and headers. */
  String responseHead() {
    return responseHead;
  }

  static byte[] text(String text) {
    return frame(0x1, text.getBytes(StandardCharsets.UTF_8), true);
  }

  RawWebSocket send(byte[] bytes) {
    try {
      socket.getOutputStream().write(bytes);
      socket.getOutputStream().flush();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One frame the server sent: its opcode, whether RSV1 (compressed) was set, and its payload. */
  record Received(int opcode, boolean rsv1, byte[] payload) {
    String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    int closeCode() {
      return ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
    }
  }

  /**
   * Reads frames until the server sends a close frame or ends the stream, or {@code within} passes
   * with neither; returns every frame read (a close frame last, if one came).
   */
  List<Received> readUntilClose(Duration within) {
    List<Received> frames = new ArrayList<>();
    long giveUp = System.nanoTime() + within.toNanos();
    try {
      while (System.nanoTime() < giveUp) {
        socket.setSoTimeout((int) Math.max(1, (giveUp - System.nanoTime()) / 1_000_000));
        int b0 = in.read();
        if (b0 < 0) {
          return frames;
        }
        int len = in.read() & 0x7f;
        if (len == 126) {
          len = (in.read() << 8) | in.read();
        } else if (len == 127) {
          throw new IOException("a server frame over 64 KiB in a test");
        }
        Received frame = new Received(b0 & 0x0f, (b0 & 0x40) != 0, in.readNBytes(len));
        frames.add(frame);
        if (frame.opcode() == 0x8) {
          return frames;
        }
      }
    } catch (SocketTimeoutException e) {
      return frames;
    } catch (IOException e) {
      return frames; // reset
    }
    return frames;
  }

  /** The close code the server sent within {@code within}, or -1 if none came. */
  int awaitCloseCode(Duration within) {
    List<Received> frames = readUntilClose(within);
    Received last = frames.isEmpty() ? null : frames.get(frames.size() - 1);
    return last != null && last.opcode() == 0x8 ? last.closeCode() : -1;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
