package io.pushwire.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * TLS for {@link PushServer} ({@code wss://}, and {@code https://} for the health check and static
 * files on the same port): a certificate chain and its private key, from a PKCS#12 key store or
 * from PEM files, or an {@link SSLContext} the application made. Only TLS 1.3 and TLS 1.2 are
 * enabled; the cipher suites are the JDK's defaults for them (which leave out every suite the JDK
 * considers weak). Immutable.
 *
 * <pre>{@code
 * PushServer.builder().tls(TlsConfig.pkcs12(Path.of("server.p12"), password)) ...
 * PushServer.builder().tls(TlsConfig.pem(Path.of("fullchain.pem"), Path.of("privkey.pem"))) ...
 * }</pre>
 */
public final class TlsConfig {

  /** The protocols a server with this configuration negotiates, newest first. */
  public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  private final SSLContext context;

  private TlsConfig(SSLContext context) {
    this.context = context;
  }

  /**
   * The key and chain of a PKCS#12 key store (the first key entry; the store and the key share
   * {@code password}, as {@code keytool} and {@code openssl pkcs12} make them).
   *
   * @throws IOException if the file cannot be read, the password is wrong, or it holds no key
   */
  public static TlsConfig pkcs12(Path keyStore, char[] password) throws IOException {
    Objects.requireNonNull(keyStore, "keyStore");
    Objects.requireNonNull(password, "password");
    try (InputStream in = Files.newInputStream(keyStore)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password);
      return new TlsConfig(context(store, password));
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot use key store " + keyStore + ": " + e.getMessage(), e);
    }
  }

  /**
   * A certificate chain (PEM, leaf first, as Let's Encrypt's {@code fullchain.pem}) and its
   * unencrypted PKCS#8 private key (PEM {@code BEGIN PRIVATE KEY}; convert an older
   * {@code BEGIN RSA PRIVATE KEY} with {@code openssl pkcs8 -topk8 -nocrypt}). RSA, EC and
   * EdDSA keys are read.
   *
   * @throws IOException if a file cannot be read or parsed, or the key is of another kind
   */
  public static TlsConfig pem(Path certificateChain, Path privateKey) throws IOException {
    Objects.requireNonNull(certificateChain, "certificateChain");
    Objects.requireNonNull(privateKey, "privateKey");
    try {
      List<? extends Certificate> chain;
      try (InputStream in = Files.newInputStream(certificateChain)) {
        chain = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
      }
      if (chain.isEmpty()) {
        throw new IOException("no certificate in " + certificateChain);
      }
      PrivateKey key = privateKey(Files.readString(privateKey, StandardCharsets.US_ASCII), privateKey);
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      char[] password = new char[0];
      store.setKeyEntry("server", key, password, chain.toArray(Certificate[]::new));
      return new TlsConfig(context(store, password));
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot use " + certificateChain + " and " + privateKey + ": " + e.getMessage(), e);
    }
  }

  /** An {@link SSLContext} of the application's own; the protocols are still limited to {@link #PROTOCOLS}. */
  public static TlsConfig of(SSLContext context) {
    return new TlsConfig(Objects.requireNonNull(context, "context"));
  }

  /** The context the server's TLS engines are made from. */
  public SSLContext context() {
    return context;
  }

  private static SSLContext context(KeyStore store, char[] password) throws GeneralSecurityException {
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, password);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return context;
  }

  private static PrivateKey privateKey(String pem, Path file) throws IOException, GeneralSecurityException {
    String begin = "-----BEGIN PRIVATE KEY-----";
    int from = pem.indexOf(begin);
    int to = pem.indexOf("-----END PRIVATE KEY-----");
    if (from < 0 || to < from) {
      throw new IOException(file + " holds no PKCS#8 private key (-----BEGIN PRIVATE KEY-----)");
    }
    byte[] der = Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    GeneralSecurityException last = null;
    for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        last = e;
      }
    }
    throw new IOException(file + ": not an RSA, EC or EdDSA key", last);
  }
}
