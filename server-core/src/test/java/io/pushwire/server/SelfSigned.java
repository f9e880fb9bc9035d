package io.pushwire.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for 127.0.0.1 and localhost, made for the test by the JDK's
 * {@code keytool} in a PKCS#12 key store, and as PEM files.
 */
record SelfSigned(Path keyStore, char[] password, Path certificatePem, Path privateKeyPem) {

  static SelfSigned create(Path folder) {
    Path store = folder.resolve("server.p12");
    String password = "test-only-password";
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    try {
      Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg", "EC",
          "-groupname", "secp256r1", "-validity", "2", "-dname", "CN=localhost",
          "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-keystore", store.toString(), "-storetype", "PKCS12",
          "-storepass", password, "-keypass", password)
          .redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("keytool failed: " + output);
      }
      KeyStore ks = load(store, password.toCharArray());
      Path cert = folder.resolve("cert.pem");
      Files.writeString(cert, pem("CERTIFICATE", ks.getCertificate("server").getEncoded()));
      Key key = ks.getKey("server", password.toCharArray());
      Path keyPem = folder.resolve("key.pem");
      Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded()));
      return new SelfSigned(store, password.toCharArray(), cert, keyPem);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A client context that trusts this certificate alone. */
  SSLContext clientContext() {
    try {
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      trusted.setCertificateEntry("server", load(keyStore, password).getCertificate("server"));
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyStore load(Path store, char[] password) throws IOException, GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, password);
    }
    return ks;
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(der) + "\n-----END " + type + "-----\n";
  }
}
