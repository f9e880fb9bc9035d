package io.pushwire.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wss://} end to end on the standalone server, with a certificate made for the test. */
class TlsTest {

  @TempDir
  static Path folder;
  private static SelfSigned certificate;

  private Hub hub;
  private PushServer server;

  @BeforeAll
  static void makeCertificate() {
    certificate = SelfSigned.create(folder);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (hub != null) {
      hub.close();
    }
  }

  private void start(TlsConfig tls, Duration handshakeTimeout) throws IOException {
    hub = TestServers.hub().build();
    server = PushServer.builder().hub(hub).endpoint(TestServers.firstMessage("/ws")).tls(tls)
        .handshakeTimeout(handshakeTimeout).shutdownTimeout(Duration.ofSeconds(1)).build().start();
  }

  private HttpClient trusting() {
    return HttpClient.newBuilder().sslContext(certificate.clientContext()).connectTimeout(Duration.ofSeconds(5)).build();
  }

  private void authenticatesAndPongs() {
    try (WsClient client = WsClient.connect(trusting(), "wss://127.0.0.1:" + server.port() + "/ws", Map.of())) {
      client.send("{\"type\":\"auth\",\"token\":\"" + TestServers.TOKEN + "\"}");
      client.await(n -> "auth ok".equals(n.path("message").asText()));
      client.send("{\"type\":\"ping\",\"id\":\"p1\"}");
      client.await(n -> "pong".equals(n.path("type").asText()));
    }
  }

  @Test
  void servesWssFromAPkcs12KeyStore() throws IOException {
    start(TlsConfig.pkcs12(certificate.keyStore(), certificate.password()), Duration.ofSeconds(10));
    assertTrue(server.isSecure());
    authenticatesAndPongs();
  }

  @Test
  void servesWssFromPemFiles() throws IOException {
    start(TlsConfig.pem(certificate.certificatePem(), certificate.privateKeyPem()), Duration.ofSeconds(10));
    authenticatesAndPongs();
  }

  @Test
  void servesTheHealthCheckOverHttps() throws Exception {
    start(TlsConfig.pkcs12(certificate.keyStore(), certificate.password()), Duration.ofSeconds(10));
    HttpResponse<String> health = trusting().send(
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/health")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, health.statusCode());
  }

  @Test
  void negotiatesTls13WithAModernClientAndStillTls12() throws Exception {
    start(TlsConfig.pkcs12(certificate.keyStore(), certificate.password()), Duration.ofSeconds(10));
    SSLContext client = certificate.clientContext();
    for (String protocol : new String[] {"TLSv1.3", "TLSv1.2"}) {
      try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", server.port())) {
        socket.setEnabledProtocols(new String[] {protocol});
        socket.startHandshake();
        assertEquals(protocol, socket.getSession().getProtocol());
      }
    }
  }

  @Test
  void aClientThatDoesNotTrustTheCertificateIsRefused() throws IOException {
    start(TlsConfig.pkcs12(certificate.keyStore(), certificate.password()), Duration.ofSeconds(10));
    CompletionException refused = assertThrows(CompletionException.class,
        () -> WsClient.connect("wss://127.0.0.1:" + server.port() + "/ws"));
    boolean sslFailure = false;
    for (Throwable t = refused; t != null; t = t.getCause()) {
      sslFailure |= t instanceof javax.net.ssl.SSLException;
    }
    assertTrue(sslFailure, "refused by the TLS handshake: " + refused);
  }

  @Test
  void aStalledTlsHandshakeIsClosedAtTheDeadline() throws IOException {
    start(TlsConfig.pkcs12(certificate.keyStore(), certificate.password()), Duration.ofMillis(800));
    try (Socket stalled = RawSockets.open(server.port(), RawSockets.TLS_HELLO_START)) {
      assertTrue(RawSockets.closedByServerWithin(stalled, Duration.ofSeconds(6)));
    }
    assertEquals(1, hub.stats().security().handshakeTimeouts());
  }

  @Test
  void framesAreCheckedInsideTlsToo() throws IOException {
    start(TlsConfig.pkcs12(certificate.keyStore(), certificate.password()), Duration.ofSeconds(10));
    SSLSocket socket = (SSLSocket) certificate.clientContext().getSocketFactory().createSocket("127.0.0.1", server.port());
    try (RawWebSocket ws = RawWebSocket.over(socket, "/ws")) {
      ws.send(RawWebSocket.frame(0x1, "{\"type\":\"ping\",\"id\":\"u\"}".getBytes(), false));
      assertEquals(1002, ws.awaitCloseCode(Duration.ofSeconds(5)));
    }
  }

  @Test
  void aPemKeyOfTheWrongKindIsATypedError() {
    IOException e = assertThrows(IOException.class,
        () -> TlsConfig.pem(certificate.certificatePem(), certificate.certificatePem()));
    assertTrue(e.getMessage().contains("PKCS#8"), e.getMessage());
  }
}
