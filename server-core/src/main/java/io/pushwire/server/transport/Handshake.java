package io.pushwire.server.transport;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a WebSocket handshake request says, as the hub needs it: its headers (names looked up
 * without regard to case), its query parameters, and the peer's address.
 *
 * @param headers the request headers; copied into a case-insensitive map
 * @param query the decoded query parameters, each name with its values in order
 * @param remoteAddress the peer's IP address as text, or null when the engine cannot tell
 */
public record Handshake(Map<String, List<String>> headers, Map<String, List<String>> query, String remoteAddress) {

  public Handshake {
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(query, "query");
    TreeMap<String, List<String>> caseless = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, values) -> caseless.put(name, List.copyOf(values)));
    headers = java.util.Collections.unmodifiableMap(caseless);
    query = Map.copyOf(query);
  }

  /** The first value of header {@code name}, if any. */
  public Optional<String> header(String name) {
    return first(headers, name);
  }

  /** The first value of query parameter {@code name}, if any. */
  public Optional<String> parameter(String name) {
    return first(query, name);
  }

  private static Optional<String> first(Map<String, List<String>> map, String key) {
    List<String> values = map.get(key);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0));
  }
}
