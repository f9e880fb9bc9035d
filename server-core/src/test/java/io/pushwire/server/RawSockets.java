package io.pushwire.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Plain TCP sockets to a test server on 127.0.0.1, for what no WebSocket client would send. */
final class RawSockets {

  /** The first bytes of a TLS 1.2 ClientHello record: what a {@code wss://} client sends a plain port. */
  static final byte[] TLS_HELLO_START = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03};

  private RawSockets() {
  }

  /** A socket connected to {@code port} that has sent {@code bytes} (perhaps none). */
  static Socket open(int port, byte[] bytes) {
    try {
      Socket socket = new Socket();
      socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
      if (bytes.length > 0) {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
      }
      return socket;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Socket open(int port, String ascii) {
    return open(port, ascii.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Whether the server closed {@code socket} within {@code within}: reads until end of stream or
   * a reset. False when the socket is still open after that long.
   */
  static boolean closedByServerWithin(Socket socket, Duration within) {
    try {
      socket.setSoTimeout((int) within.toMillis());
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[4096];
      while (in.read(buffer) >= 0) {
        // drain whatever the server answered before closing (an HTTP error, say)
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException e) {
      return true; // reset by the server
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
