package io.pushwire.server.rfc6455;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

/**
 * A minimal RFC 6455 client over a plain {@link Socket}, for tests that must send what no real
 * client library would: any opcode, reserved bits, unmasked frames, length headers that lie,
 * fragments out of order, bytes that are not UTF-8. Frames are masked (as a client's must be)
 * unless a test asks otherwise. Reads are bounded by a socket timeout, so no test can hang on a
 * server that says nothing. Loopback only. Not thread-safe: one test thread drives it.
 */
public final class RawWebSocket implements AutoCloseable {

  /** Opcodes of RFC 6455, section 5.2. */
  public static final int CONTINUATION = 0x0;
  public static final int TEXT = 0x1;
  public static final int BINARY = 0x2;
  public static final int CLOSE = 0x8;
  public static final int PING = 0x9;
  public static final int PONG = 0xA;

  /** What {@link #awaitClose} returns when the server dropped the TCP connection without a close frame. */
  public static final int DROPPED = -1;
  /** What {@link #awaitClose} returns when the close frame had no status code (RFC 6455's 1005). */
  public static final int NO_STATUS = 1005;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final int status;

  /** A frame as the server sent it. */
  public record Frame(boolean fin, int rsv, int opcode, byte[] payload) {
    /** The payload as UTF-8 text. */
    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    /** A close frame's status code, or {@link #NO_STATUS} when it has none. */
    public int closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : NO_STATUS;
    }
  }

  private RawWebSocket(Socket socket, int status) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
    this.status = status;
  }

  /** Opens a TCP connection to 127.0.0.1:{@code port} and nothing else: for bytes before any upgrade. */
  public static Socket tcp(int port) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    socket.setSoTimeout(5_000);
    return socket;
  }

  /**
   * Upgrades {@code pathAndQuery} on 127.0.0.1:{@code port}. The handshake's status is
   * {@link #status()}; frames can be exchanged only when it is 101.
   */
  public static RawWebSocket connect(int port, String pathAndQuery) throws IOException {
    return connect(port, pathAndQuery, "");
  }

  /** Like {@link #connect(int, String)}, with extra header lines ({@code "Name: value\r\n"} each). */
  public static RawWebSocket connect(int port, String pathAndQuery, String extraHeaders) throws IOException {
    Socket socket = tcp(port);
    byte[] nonce = new byte[16];
    RANDOM.nextBytes(nonce);
    String request = "GET " + pathAndQuery + " HTTP/1.1\r\n"
        + "Host: 127.0.0.1:" + port + "\r\n"
        + "Upgrade: websocket\r\n"
        + "Connection: Upgrade\r\n"
        + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
        + "Sec-WebSocket-Version: 13\r\n"
        + extraHeaders
        + "\r\n";
    socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    String head = readHead(socket.getInputStream());
    String[] statusLine = head.split("\r\n", 2)[0].split(" ");
    int status = statusLine.length > 1 ? Integer.parseInt(statusLine[1]) : -1;
    return new RawWebSocket(socket, status);
  }

  /** Reads an HTTP response head up to the blank line. */
  public static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("connection closed in the response head: " + head);
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
      if (head.size() > 16 * 1024) {
        throw new IOException("response head over 16 KiB");
      }
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  /** The handshake's HTTP status: 101 when upgraded. */
  public int status() {
    return status;
  }

  /** Sends a final, masked text frame. */
  public RawWebSocket sendText(String text) throws IOException {
    return send(true, 0, TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends one masked frame. */
  public RawWebSocket send(boolean fin, int rsv, int opcode, byte[] payload) throws IOException {
    return send(fin, rsv, opcode, payload, true);
  }

  /** Sends one frame, masked or not, whose header gives its true length. */
  public RawWebSocket send(boolean fin, int rsv, int opcode, byte[] payload, boolean masked) throws IOException {
    ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
    frame.writeBytes(header(fin, rsv, opcode, payload.length, masked));
    byte[] body = payload.clone();
    if (masked) {
      byte[] key = new byte[4];
      RANDOM.nextBytes(key);
      frame.writeBytes(key);
      for (int i = 0; i < body.length; i++) {
        body[i] ^= key[i & 3];
      }
    }
    frame.writeBytes(body);
    // One write: a server that refuses the header and resets must not turn the rest into a broken pipe.
    out.write(frame.toByteArray());
    out.flush();
    return this;
  }

  /**
   * Sends a frame the server is expected to refuse: it may close and reset on the header, before
   * the payload is through, which is an answer and not an error of the test.
   */
  public RawWebSocket sendRefused(boolean fin, int rsv, int opcode, byte[] payload) {
    try {
      send(fin, rsv, opcode, payload);
    } catch (IOException refusedMidFrame) {
      // the server's close frame, if any, is still there to read
    }
    return this;
  }

  /** Sends only a frame header declaring {@code declaredLength} payload bytes (and a mask key), no payload. */
  public RawWebSocket sendHeaderOnly(int opcode, long declaredLength) throws IOException {
    out.write(header(true, 0, opcode, declaredLength, true));
    out.write(new byte[4]);
    out.flush();
    return this;
  }

  /** Writes {@code bytes} as they are, ignoring a failure (the server may close mid-write). */
  public RawWebSocket sendRefused(byte[] bytes) {
    try {
      sendRaw(bytes);
    } catch (IOException refusedMidWrite) {
      // the server's close frame, if any, is still there to read
    }
    return this;
  }

  /** Writes {@code bytes} as they are. */
  public RawWebSocket sendRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  /** A frame header: 2 bytes, then a 16- or 64-bit extended length where needed, as RFC 6455 5.2 lays it out. */
  public static byte[] header(boolean fin, int rsv, int opcode, long length, boolean masked) {
    ByteArrayOutputStream h = new ByteArrayOutputStream();
    h.write((fin ? 0x80 : 0) | (rsv & 0x7) << 4 | (opcode & 0xf));
    int mask = masked ? 0x80 : 0;
    if (length < 126) {
      h.write(mask | (int) length);
    } else if (length <= 0xffff) {
      h.write(mask | 126);
      h.write((int) (length >>> 8) & 0xff);
      h.write((int) length & 0xff);
    } else {
      h.write(mask | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        h.write((int) (length >>> shift) & 0xff);
      }
    }
    return h.toByteArray();
  }

  /** The next frame from the server, or null when the connection ended; throws if none came within the timeout. */
  public Frame read(Duration timeout) throws IOException {
    socket.setSoTimeout((int) timeout.toMillis());
    int b0 = in.read();
    if (b0 < 0) {
      return null;
    }
    int b1 = readByte();
    long length = b1 & 0x7f;
    if (length == 126) {
      length = (readByte() << 8) | readByte();
    } else if (length == 127) {
      length = 0;
      for (int i = 0; i < 8; i++) {
        length = (length << 8) | readByte();
      }
    }
    if ((b1 & 0x80) != 0) {
      throw new IOException("the server masked a frame (RFC 6455 5.1 forbids it)");
    }
    if (length > 16 << 20) {
      throw new IOException("the server declared a frame of " + length + " bytes");
    }
    byte[] payload = in.readNBytes((int) length);
    if (payload.length < length) {
      return null;
    }
    return new Frame((b0 & 0x80) != 0, (b0 >> 4) & 0x7, b0 & 0xf, payload);
  }

  private int readByte() throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new EOFException("connection ended inside a frame header");
    }
    return b;
  }

  /**
   * Reads until the server's close frame and returns its code ({@link #NO_STATUS} if it has none),
   * or {@link #DROPPED} if the connection ended without one. Answers the close as RFC 6455 asks.
   *
   * @throws AssertionError if the server neither closed nor dropped within {@code timeout}
   */
  public int awaitClose(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      Frame frame;
      try {
        frame = read(Duration.ofMillis(left));
      } catch (SocketTimeoutException e) {
        throw new AssertionError("the server did not close within " + timeout);
      } catch (SocketException | EOFException e) {
        return DROPPED; // reset by the server
      }
      if (frame == null) {
        return DROPPED;
      }
      if (frame.opcode() == CLOSE) {
        try {
          send(true, 0, CLOSE, frame.payload().length >= 2 ? new byte[] {frame.payload()[0], frame.payload()[1]} : new byte[0]);
        } catch (IOException alreadyGone) {
          // the server may have closed the TCP connection right after its close frame
        }
        return frame.closeCode();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the server did not close within " + timeout);
      }
    }
  }

  /** The next frame that is not a ping (pings are answered with a pong), within {@code timeout}. */
  public Frame readData(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Frame frame = read(Duration.ofMillis(Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
      if (frame == null || frame.opcode() != PING) {
        return frame;
      }
      send(true, 0, PONG, frame.payload());
    }
  }

  /** Whether the socket is still open on this side. */
  public boolean isOpen() {
    return !socket.isClosed();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing a socket the server may already have reset
    }
  }
}
