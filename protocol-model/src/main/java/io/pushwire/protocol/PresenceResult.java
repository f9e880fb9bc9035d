package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code presence_result} (Pushwire extension): who is subscribed to a topic on this server.
 *
 * @param topic the topic asked about
 * @param connections how many connections are subscribed (all of them, even past the list's bound)
 * @param users how many distinct users those connections belong to
 * @param clients one entry per subscribed connection, at most the server's bound (100), oldest
 *     connection id first
 * @param truncated whether {@code clients} stops short of {@code connections}
 */
public record PresenceResult(
    @JsonProperty(value = "topic", required = true) String topic,
    @JsonProperty(value = "connections", required = true) int connections,
    @JsonProperty(value = "users", required = true) int users,
    @JsonProperty(value = "clients", required = true) List<Client> clients,
    @JsonProperty("truncated") boolean truncated) implements ServerMessage {

  public PresenceResult {
    Objects.requireNonNull(topic, "topic");
    clients = List.copyOf(clients);
  }

  /**
   * One subscribed connection.
   *
   * @param connection the server's connection id
   * @param user the authenticated user id
   * @param client the client id the connection declared (or was given)
   * @param info what the application attaches to the connection's presence; {@code null} (left out)
   *     when nothing
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Client(
      @JsonProperty(value = "connection", required = true) String connection,
      @JsonProperty(value = "user", required = true) String user,
      @JsonProperty(value = "client", required = true) String client,
      @JsonProperty("info") Map<String, Object> info) {

    public Client {
      Objects.requireNonNull(connection, "connection");
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(client, "client");
      info = info == null || info.isEmpty() ? null : Map.copyOf(info);
    }
  }
}
