package io.pushwire.server;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which web pages may open an endpoint's connections, by the {@code Origin} header a browser
 * sends with every WebSocket handshake. A handshake without {@code Origin} (a Java, Python or
 * Node client) is not a browser's and is always let through to authentication; one whose origin
 * is not allowed is answered with HTTP 403 before any credentials are looked at.
 *
 * <p>The default, {@link #sameOrigin()}, allows only pages served by the same server (the
 * origin's host and port are the handshake's {@code Host}), so a page on another site that a
 * developer happens to visit cannot read their local streams. Immutable.
 */
public final class OriginPolicy {

  private static final OriginPolicy SAME_ORIGIN = new OriginPolicy(Set.of(), false);
  private static final OriginPolicy ANY = new OriginPolicy(Set.of(), true);

  /** Allowed origins, normalised ({@code scheme://host[:port]}, lower case, default port dropped). */
  private final Set<String> allowed;
  private final boolean any;

  private OriginPolicy(Set<String> allowed, boolean any) {
    this.allowed = allowed;
    this.any = any;
  }

  /** Pages of the same server only: the default. */
  public static OriginPolicy sameOrigin() {
    return SAME_ORIGIN;
  }

  /** Any page on any site: for endpoints that carry nothing a foreign page must not read. */
  public static OriginPolicy any() {
    return ANY;
  }

  /**
   * Pages of the same server, and of each of {@code origins} ({@code https://app.example.com},
   * {@code http://localhost:5173}; a path is refused; {@code null} allows the opaque origin of
   * {@code file:} pages and sandboxed frames).
   *
   * @throws IllegalArgumentException for an origin that is not {@code scheme://host[:port]}
   */
  public static OriginPolicy allow(String... origins) {
    Set<String> normalised = Stream.of(origins).map(o -> {
      Objects.requireNonNull(o, "origin");
      String n = normalise(o);
      if (n == null) {
        throw new IllegalArgumentException("not an origin (scheme://host[:port]): " + o);
      }
      return n;
    }).collect(Collectors.toUnmodifiableSet());
    return new OriginPolicy(normalised, false);
  }

  /**
   * Whether a handshake with {@code origin} to a server addressed as {@code host} (the request's
   * {@code Host} header, or null) may proceed.
   */
  public boolean allows(String origin, String host) {
    if (any) {
      return true;
    }
    String normalised = normalise(origin);
    if (normalised == null) {
      return false;
    }
    if (allowed.contains(normalised)) {
      return true;
    }
    return host != null && !normalised.equals("null") && sameHost(normalised, host);
  }

  /** The origins allowed besides the server's own; empty for the default. */
  public Set<String> allowed() {
    return allowed;
  }

  /** Whether every origin is allowed. */
  public boolean allowsAny() {
    return any;
  }

  private static boolean sameHost(String origin, String host) {
    int scheme = origin.indexOf("://");
    String authority = origin.substring(scheme + 3);
    String defaultPort = origin.startsWith("https") ? ":443" : ":80";
    String h = host.trim().toLowerCase(Locale.ROOT);
    return authority.equals(h) || (authority + defaultPort).equals(h) || authority.equals(stripPort(h, defaultPort));
  }

  private static String stripPort(String host, String defaultPort) {
    return host.endsWith(defaultPort) ? host.substring(0, host.length() - defaultPort.length()) : host;
  }

  /** {@code scheme://host[:port]} in lower case without a default port, "null", or null if malformed. */
  private static String normalise(String origin) {
    String o = origin.trim();
    if (o.equals("null")) {
      return "null";
    }
    if (o.length() > 2048) {
      return null;
    }
    try {
      URI uri = new URI(o);
      String scheme = uri.getScheme();
      String host = uri.getHost();
      if (scheme == null || host == null || (uri.getRawPath() != null && !uri.getRawPath().isEmpty())
          || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
        return null;
      }
      scheme = scheme.toLowerCase(Locale.ROOT);
      int port = uri.getPort();
      boolean defaultPort = port == -1 || (scheme.equals("http") || scheme.equals("ws")) && port == 80
          || (scheme.equals("https") || scheme.equals("wss")) && port == 443;
      return scheme + "://" + host.toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    } catch (URISyntaxException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return any ? "OriginPolicy[any]" : "OriginPolicy[same origin" + (allowed.isEmpty() ? "" : " + " + allowed) + "]";
  }
}
