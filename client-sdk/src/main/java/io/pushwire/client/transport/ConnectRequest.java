package io.pushwire.client.transport;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to connect to: the URI (query parameters included), the handshake headers, and how long
 * the handshake may take.
 *
 * @param uri the {@code ws://} or {@code wss://} URI
 * @param headers extra handshake headers, name to values
 * @param timeout the longest the TCP connect plus handshake may take
 */
public record ConnectRequest(URI uri, Map<String, List<String>> headers, Duration timeout) {

  public ConnectRequest {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(timeout, "timeout");
    headers = Map.copyOf(headers);
  }

  @Override
  public String toString() {
    // The URI may carry a token and the headers an Authorization value: show neither.
    return "ConnectRequest[" + uri.getScheme() + "://" + uri.getAuthority() + uri.getPath()
        + ", headers=" + headers.keySet() + ", timeout=" + timeout + "]";
  }
}
