package io.pushwire.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Socket.IO on one WebSocket, for clients such as {@code socket.io-client} 3 and 4 (seed 002):
 * Engine.IO protocol 4 packets carrying Socket.IO protocol 5 packets, WebSocket transport only,
 * the main namespace only, text only. It translates, and does no I/O: an inbound packet becomes
 * one of Pushwire's JSON frames (an event {@code ["subscribeTasks", {...}]} with ack id 7 becomes
 * {@code {"type":"subscribeTasks","id":"7",...}}), and an outbound frame becomes a packet (an
 * {@code ack} for request 7 becomes the acknowledgement {@code 437[{...}]}, anything else the event
 * named by its {@code type}).
 *
 * <p>Packets, as the Engine.IO and Socket.IO protocol documents define them: the server opens with
 * {@code 0{"sid",...,"pingInterval","pingTimeout","maxPayload"}}; the client connects with {@code 40}
 * (or {@code 40{"token":...}}, its {@code auth} option) and the server answers {@code 40{"sid"}}, or
 * {@code 44{"message"}} when it refuses; events are {@code 42[name, argument]}, with an ack id
 * between {@code 42} and the array when the sender wants an answer, and acknowledgements
 * {@code 43<id>[answer]}; the server pings with {@code 2}, the client answers {@code 3}.
 *
 * <p>Immutable: one instance per connection, used by its reader thread (inbound) and by publishers
 * (outbound); both directions are pure functions of their input.
 */
final class SocketIoFraming {

  /** The query parameter with which an Engine.IO client names its protocol version. */
  static final String VERSION_PARAMETER = "EIO";
  /** The only Engine.IO protocol version spoken. */
  static final String VERSION = "4";
  /** The server's heartbeat ping. */
  static final String PING = "2";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** Events whose one argument is not an object, and the field of the frame that it fills (seed 002). */
  private static final Map<String, String> BARE_ARGUMENT = Map.of(
      "subscribeTasks", "taskIds",
      "unsubscribeTasks", "taskIds");

  /** What one inbound packet means. */
  sealed interface Inbound {
    /** An event, as a Pushwire JSON frame, to be handled like any frame. */
    record Frame(String json) implements Inbound {
    }

    /** The client connects to the main namespace; {@code token} is its {@code auth.token}, or null. */
    record Connect(String token) implements Inbound {
    }

    /** A packet to send straight back (a pong to a client's ping, a refusal of a namespace). */
    record Answer(String packet) implements Inbound {
    }

    /** The client's answer to the server's ping. */
    record Pong() implements Inbound {
    }

    /** The client leaves (Engine.IO close, or Socket.IO disconnect). */
    record Leave() implements Inbound {
    }

    /** Nothing to do (an acknowledgement the server did not ask for, a noop). */
    record Ignored() implements Inbound {
    }

    /** A packet this server cannot take; {@code why} says why. */
    record Invalid(String why) implements Inbound {
    }
  }

  private final String sid;

  /** Framing for the connection {@code sid} (its id doubles as the Engine.IO and Socket.IO session id). */
  SocketIoFraming(String sid) {
    this.sid = sid;
  }

  /** The Engine.IO open packet, the first thing the server sends. */
  String openPacket(long pingIntervalMillis, long pingTimeoutMillis, int maxPayload) {
    ObjectNode open = NODES.objectNode()
        .put("sid", sid)
        .put("pingInterval", pingIntervalMillis)
        .put("pingTimeout", pingTimeoutMillis)
        .put("maxPayload", maxPayload);
    open.putArray("upgrades");
    return "0" + open;
  }

  /** The answer to a client's connect. */
  String connectedPacket() {
    return "40" + NODES.objectNode().put("sid", sid);
  }

  /** A refused connect; the client reports {@code message} in its {@code connect_error} event. */
  static String connectErrorPacket(String message) {
    return "44" + NODES.objectNode().put("message", message);
  }

  /** Reads one inbound packet. */
  Inbound inbound(String packet) {
    if (packet.isEmpty()) {
      return new Inbound.Invalid("empty packet");
    }
    return switch (packet.charAt(0)) {
      case '1' -> new Inbound.Leave();
      case '2' -> new Inbound.Answer("3" + packet.substring(1));
      case '3' -> new Inbound.Pong();
      case '4' -> socketIo(packet.substring(1));
      case '6' -> new Inbound.Ignored();
      default -> new Inbound.Invalid("unsupported Engine.IO packet type " + packet.charAt(0));
    };
  }

  private Inbound socketIo(String packet) {
    if (packet.isEmpty()) {
      return new Inbound.Invalid("empty Socket.IO packet");
    }
    char type = packet.charAt(0);
    int at = 1;
    String namespace = "/";
    if (packet.startsWith("/", at)) {
      int comma = packet.indexOf(',', at);
      namespace = comma < 0 ? packet.substring(at) : packet.substring(at, comma);
      at = comma < 0 ? packet.length() : comma + 1;
    }
    if (!namespace.equals("/")) {
      return type == '0'
          ? new Inbound.Answer("44" + namespace + "," + NODES.objectNode().put("message", "Invalid namespace"))
          : new Inbound.Invalid("only the main namespace is served, not " + namespace);
    }
    int idStart = at;
    while (at < packet.length() && Character.isDigit(packet.charAt(at))) {
      at++;
    }
    String ackId = at > idStart ? packet.substring(idStart, at) : null;
    String body = packet.substring(at);
    return switch (type) {
      case '0' -> connect(body);
      case '1' -> new Inbound.Leave();
      case '2' -> event(body, ackId);
      case '3' -> new Inbound.Ignored(); // the server never asks the client for an acknowledgement
      case '5', '6' -> new Inbound.Invalid("binary Socket.IO packets are not supported");
      default -> new Inbound.Invalid("unsupported Socket.IO packet type " + type);
    };
  }

  private static Inbound connect(String body) {
    if (body.isEmpty()) {
      return new Inbound.Connect(null);
    }
    JsonNode auth;
    try {
      auth = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      return new Inbound.Invalid("the connect packet's auth is not JSON");
    }
    JsonNode token = auth.path("token");
    return new Inbound.Connect(token.isTextual() ? token.asText() : null);
  }

  private static Inbound event(String body, String ackId) {
    JsonNode array;
    try {
      array = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      return new Inbound.Invalid("an event is a JSON array: " + e.getOriginalMessage());
    }
    if (!(array instanceof ArrayNode args) || args.isEmpty() || !args.get(0).isTextual()) {
      return new Inbound.Invalid("an event is a JSON array that starts with the event's name");
    }
    String name = args.get(0).asText();
    ObjectNode frame = NODES.objectNode();
    frame.put("type", name);
    if (ackId != null) {
      frame.put("id", ackId);
    }
    if (args.size() > 2) {
      return new Inbound.Invalid("event " + name + " takes one argument, got " + (args.size() - 1));
    }
    if (args.size() == 2) {
      JsonNode argument = args.get(1);
      if (argument instanceof ObjectNode fields) {
        fields.fields().forEachRemaining(field -> {
          if (!field.getKey().equals("type") && !field.getKey().equals("id")) {
            frame.set(field.getKey(), field.getValue());
          }
        });
      } else if (BARE_ARGUMENT.containsKey(name)) {
        frame.set(BARE_ARGUMENT.get(name), argument);
      } else {
        return new Inbound.Invalid("event " + name + " takes an object");
      }
    }
    return new Inbound.Frame(frame.toString());
  }

  /**
   * Turns one outbound Pushwire frame into a packet: {@code auth ok} into the connect answer,
   * {@code auth error} into a refused connect, an {@code ack} or {@code error} answering a request
   * that carried an ack id into that acknowledgement (an error as {@code {"success":false,
   * "error":message,"code":code}}, the shape seed 002's callbacks read), and anything else into the
   * event named by its {@code type}.
   *
   * @return the packet, or null when there is nothing to send (an ack nobody asked for)
   */
  String outbound(String json) {
    ObjectNode frame = objectOf(json);
    String type = frame.path("type").asText();
    String id = frame.path("id").isTextual() ? frame.path("id").asText() : null;
    frame.remove("id");
    frame.remove("type");
    boolean answersAnAck = id != null && !id.isEmpty() && id.chars().allMatch(Character::isDigit);
    switch (type) {
      case "common_reply" -> {
        String message = frame.path("message").asText();
        if (message.equals("auth ok")) {
          return connectedPacket();
        }
        if (message.equals("auth error")) {
          return connectErrorPacket("authentication failed");
        }
      }
      case "ack" -> {
        return answersAnAck ? "43" + id + NODES.arrayNode().add(frame) : null;
      }
      case "error" -> {
        if (answersAnAck) {
          ObjectNode answer = NODES.objectNode().put("success", false);
          JsonNode body = frame.has("error") ? frame.path("error") : frame.has("data") ? frame.path("data")
              : frame.has("payload") ? frame.path("payload") : frame;
          answer.set("error", body.path("message"));
          answer.set("code", body.path("code"));
          return "43" + id + NODES.arrayNode().add(answer);
        }
      }
      default -> {
        // an event
      }
    }
    return event(type, frame);
  }

  /**
   * A published frame as the event named by its {@code type} (its {@code id} dropped): the same for
   * every Socket.IO connection, so the hub makes it once per publication.
   */
  static String eventPacket(String json) {
    ObjectNode frame = objectOf(json);
    String type = frame.path("type").asText();
    frame.remove("id");
    frame.remove("type");
    return event(type, frame);
  }

  private static String event(String type, ObjectNode argument) {
    return "42" + NODES.arrayNode().add(type).add(argument);
  }

  private static ObjectNode objectOf(String json) {
    try {
      return (ObjectNode) JSON.readTree(json);
    } catch (JsonProcessingException | ClassCastException e) {
      throw new IllegalArgumentException("not a JSON object frame: " + json, e);
    }
  }
}
