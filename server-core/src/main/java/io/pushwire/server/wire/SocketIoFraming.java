package io.pushwire.server.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pushwire.protocol.codec.WellFormedJson;
import io.pushwire.server.Dialect;
import io.pushwire.server.Limits;
import java.util.List;
import java.util.Map;

/**
 * Socket.IO on one WebSocket, for clients such as {@code socket.io-client} 3 and 4 (seeds 002 and
 * 004): Engine.IO protocol 4 packets carrying Socket.IO protocol 5 packets, WebSocket transport
 * only, the main namespace only, text only. It translates, and does no I/O: an inbound packet
 * becomes one of Pushwire's JSON messages (an event {@code ["subscribeTasks", {...}]} with ack id
 * 7 becomes {@code {"type":"subscribeTasks","id":"7",...}}), and an outbound message becomes
 * packets (an {@code ack} for request 7 becomes the acknowledgement {@code 437[{...}]}, anything
 * else the event named by its {@code type}).
 *
 * <p>Packets, as the Engine.IO and Socket.IO protocol documents define them: the server opens with
 * {@code 0{"sid",...,"pingInterval","pingTimeout","maxPayload"}}; the client connects with {@code 40}
 * (or {@code 40{"token":...}}, its {@code auth} option) and the server answers {@code 40{"sid"}}, or
 * {@code 44{"message"}} when it refuses; events are {@code 42[name, argument]}, with an ack id
 * between {@code 42} and the array when the sender wants an answer, and acknowledgements
 * {@code 43<id>[answer]}; the server pings with {@code 2}, the client answers {@code 3}; {@code 41}
 * disconnects.
 *
 * <p>An event's argument depends on the dialect. Where the dialect stamps frames (envelopes with
 * an {@code id} and a {@code timestamp}, seeds 001, 003, 004), it is the whole frame as the dialect
 * writes it, {@code type} included: seed 004's {@code taskUpdated} reads {@code type},
 * {@code timestamp} and {@code payload}. Where it does not ({@link Dialect#FLAT}, seed 002), it is
 * the frame without {@code type} and {@code id}: {@code {"generateId":...,"status":...}}. A callback
 * is answered with the body of the {@code ack} ({@code {"success":true}}) or with
 * {@code {"success":false,"error":message,"code":code}} in every dialect.
 *
 * <p>{@code auth ok} and {@code auth error} answer the namespace connect while it is unanswered
 * (the client sent its token with it). Once the namespace is connected (the client connected
 * without a token and authenticates with an {@code auth} event), they are events like any other;
 * an {@code auth error} is followed by {@code 41}, so that the client does not reconnect.
 *
 * <p>One instance per connection, used by its reader thread (inbound) and by any thread
 * (outbound). Its one mutable field is volatile; everything else is a pure function of the input.
 */
public final class SocketIoFraming implements Framing {

  /** The query parameter with which an Engine.IO client names its protocol version. */
  static final String VERSION_PARAMETER = "EIO";
  /** The only Engine.IO protocol version spoken. */
  static final String VERSION = "4";
  /** The server's heartbeat ping. */
  static final String PING = "2";
  /** The server disconnects the client from the main namespace; the client does not reconnect. */
  static final String DISCONNECT = "41";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** Events whose one argument is not an object, and the field of the message that it fills (seed 002). */
  private static final Map<String, String> BARE_ARGUMENT = Map.of(
      "subscribeTasks", "taskIds",
      "unsubscribeTasks", "taskIds");

  private final String sid;
  /** Whether event arguments are whole frames (stamping dialects) or frames less type and id. */
  private final boolean wholeFrames;
  /**
   * Whether the client's namespace connect has been answered with {@code 40{sid}}. Written when
   * that answer is made (by the reader thread, which handles the connect and the {@code auth});
   * volatile, as any thread may frame a later reply.
   */
  private volatile boolean namespaceConnected;

  /**
   * Framing for the connection {@code sid} (its id doubles as the Engine.IO and Socket.IO session
   * id) on an endpoint that writes {@code dialect}.
   */
  SocketIoFraming(String sid, Dialect dialect) {
    this.sid = sid;
    this.wholeFrames = dialect.stampFrames();
  }

  @Override
  public WireFormat format() {
    return WireFormat.SOCKET_IO;
  }

  /**
   * The Engine.IO open packet: the limits' ping interval, and as ping timeout the idle timeout
   * less that interval, since Engine.IO clients give up after interval + timeout without a ping.
   */
  @Override
  public List<String> open(Limits limits) {
    long interval = limits.pingInterval().toMillis();
    long timeout = Math.max(1_000, limits.idleTimeout().toMillis() - interval);
    return List.of(openPacket(interval, timeout, limits.maxFrameBytes()));
  }

  String openPacket(long pingIntervalMillis, long pingTimeoutMillis, int maxPayload) {
    ObjectNode open = NODES.objectNode()
        .put("sid", sid)
        .put("pingInterval", pingIntervalMillis)
        .put("pingTimeout", pingTimeoutMillis)
        .put("maxPayload", maxPayload);
    open.putArray("upgrades");
    return "0" + open;
  }

  /** The answer to a client's namespace connect; from now on auth replies are events. */
  @Override
  public List<String> connected() {
    namespaceConnected = true;
    return List.of(connectedPacket());
  }

  private String connectedPacket() {
    return "40" + NODES.objectNode().put("sid", sid);
  }

  /** A refused connect; the client reports {@code message} in its {@code connect_error} event. */
  private static String connectErrorPacket(String message) {
    return "44" + NODES.objectNode().put("message", message);
  }

  @Override
  public String heartbeat() {
    return PING; // Engine.IO heartbeats are packets, not WebSocket pings
  }

  /** Every packet counts, heartbeats included: they never become messages, but a flood must stop. */
  @Override
  public boolean metersEveryFrame() {
    return true;
  }

  @Override
  public Inbound inbound(String packet) {
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
    ObjectNode message = NODES.objectNode();
    message.put("type", name);
    if (ackId != null) {
      message.put("id", ackId);
    }
    if (args.size() > 2) {
      return new Inbound.Invalid("event " + name + " takes one argument, got " + (args.size() - 1));
    }
    if (args.size() == 2 && !args.get(1).isNull()) { // emit(name, undefined) sends a null argument
      JsonNode argument = args.get(1);
      if (argument instanceof ObjectNode fields) {
        fields.fields().forEachRemaining(field -> {
          if (!field.getKey().equals("type") && !field.getKey().equals("id")) {
            message.set(field.getKey(), field.getValue());
          }
        });
      } else if (BARE_ARGUMENT.containsKey(name)) {
        message.set(BARE_ARGUMENT.get(name), argument);
      } else {
        return new Inbound.Invalid("event " + name + " takes an object");
      }
    }
    return new Inbound.Message(message.toString());
  }

  /**
   * Turns one outbound message into packets: {@code auth ok} into the connect answer and
   * {@code auth error} into a refused connect while the namespace connect is unanswered; an
   * {@code ack} or {@code error} answering a request that carried an ack id into that
   * acknowledgement; anything else into the event named by its {@code type}. Nothing for an ack
   * nobody asked for.
   */
  @Override
  public List<String> outbound(String json) {
    // Re-serialised trees write decoded lone surrogates raw again: escape them, as the codec does.
    return packets(json).stream().map(WellFormedJson::escapeLoneSurrogates).toList();
  }

  private List<String> packets(String json) {
    ObjectNode frame = objectOf(json);
    String type = frame.path("type").asText();
    String id = frame.path("id").isTextual() ? frame.path("id").asText() : null;
    boolean answersAnAck = id != null && !id.isEmpty() && id.chars().allMatch(Character::isDigit);
    switch (type) {
      case "common_reply" -> {
        String message = frame.path("message").asText();
        if (message.equals("auth ok") && !namespaceConnected) {
          return connected();
        }
        if (message.equals("auth error")) {
          return namespaceConnected
              ? List.of(event(type, frame, json), DISCONNECT)
              : List.of(connectErrorPacket("authentication failed"));
        }
      }
      case "ack" -> {
        return answersAnAck ? List.of("43" + id + NODES.arrayNode().add(ackBody(frame))) : List.of();
      }
      case "error" -> {
        if (answersAnAck) {
          ObjectNode answer = NODES.objectNode().put("success", false);
          JsonNode body = frame.has("error") ? frame.path("error") : frame.has("data") ? frame.path("data")
              : frame.has("payload") ? frame.path("payload") : frame;
          answer.set("error", body.path("message"));
          answer.set("code", body.path("code"));
          return List.of("43" + id + NODES.arrayNode().add(answer));
        }
      }
      default -> {
        // an event
      }
    }
    return List.of(event(type, frame, json));
  }

  /** A published message as the event named by its {@code type}; the same for every connection of the dialect. */
  @Override
  public String publication(String json) {
    ObjectNode frame = objectOf(json);
    return WellFormedJson.escapeLoneSurrogates(event(frame.path("type").asText(), frame, json));
  }

  /** The event {@code type} whose argument is {@code json} ({@code frame} parsed) as this dialect wants it. */
  private String event(String type, ObjectNode frame, String json) {
    if (wholeFrames) {
      return "42[" + NODES.textNode(type) + "," + json + "]";
    }
    frame.remove("id");
    frame.remove("type");
    return "42" + NODES.arrayNode().add(type).add(frame);
  }

  /** What a callback gets for an {@code ack}: its body, without the frame's type, id, stamp or envelope. */
  private JsonNode ackBody(ObjectNode frame) {
    frame.remove("id");
    frame.remove("type");
    if (!wholeFrames) {
      return frame;
    }
    frame.remove("timestamp");
    return frame.has("data") ? frame.path("data") : frame.has("payload") ? frame.path("payload") : frame;
  }

  private static ObjectNode objectOf(String json) {
    try {
      return (ObjectNode) JSON.readTree(json);
    } catch (JsonProcessingException | ClassCastException e) {
      throw new IllegalArgumentException("not a JSON object frame: " + json, e);
    }
  }
}
