package io.pushwire.client;

import static io.pushwire.client.Messages.progress;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pushwire.protocol.TaskProgress;
import io.pushwire.server.Dialect;
import io.pushwire.server.EndpointSpec;
import io.pushwire.server.Hub;
import io.pushwire.server.PushServer;
import io.pushwire.server.TlsConfig;
import io.pushwire.server.auth.AuthMode;
import io.pushwire.server.auth.TokenAuthenticator;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java client over {@code wss://} with an {@code SSLContext} of its own, against the standalone server's TLS. */
class WssTest extends ClientTestSupport {

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
  void stopServer() {
    if (server != null) {
      server.close();
      hub.close();
    }
  }

  private URI startTls() throws Exception {
    hub = Hub.builder().authenticator(TokenAuthenticator.single(TestServer.TOKEN, TestServer.USER)).build();
    server = PushServer.builder().hub(hub)
        .endpoint(EndpointSpec.builder("/ws").auth(AuthMode.FIRST_MESSAGE).dialect(Dialect.FLAT).build())
        .tls(TlsConfig.pkcs12(certificate.keyStore(), certificate.password()))
        .shutdownTimeout(Duration.ofSeconds(1)).build().start();
    return URI.create("wss://127.0.0.1:" + server.port() + "/ws");
  }

  @Test
  void connectsOverWssWithItsOwnSslContextAndReceivesPublications() throws Exception {
    URI uri = startTls();
    PushClient client = track(PushClient.builder(uri).token(TestServer.TOKEN, TokenPlacement.FIRST_MESSAGE)
        .sslContext(certificate.clientContext()).build());
    Recorder<TaskProgress> received = new Recorder<>();
    client.on(TaskProgress.class, received);
    var subscribed = client.subscribe("task:progress");
    client.connect().get(20, TimeUnit.SECONDS);
    subscribed.get(10, TimeUnit.SECONDS);

    hub.publish("task:progress", progress("t1", 7));

    await().until(() -> received.size() == 1);
    assertEquals(List.of(progress("t1", 7)), received.all());
  }

  @Test
  void withoutTrustingTheCertificateTheConnectionFails() throws Exception {
    URI uri = startTls();
    PushClient client = track(PushClient.builder(uri).token(TestServer.TOKEN, TokenPlacement.FIRST_MESSAGE)
        .connectTimeout(Duration.ofSeconds(3)).reconnect(io.pushwire.client.reconnect.BackoffPolicy.defaults())
        .build());
    // The JVM's default trust store does not hold the test's self-signed certificate.
    assertThrows(Exception.class, () -> client.connect().get(3, TimeUnit.SECONDS));
    assertEquals(0, hub.stats().connectionsOpened());
  }

  @Test
  void anSslContextNeedsAWssUri() {
    assertThrows(IllegalArgumentException.class, () -> PushClient.builder(URI.create("ws://127.0.0.1:1/ws"))
        .sslContext(certificate.clientContext()));
  }
}
