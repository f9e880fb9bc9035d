package io.pushwire.clientjs.codegen;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pushwire.clientjs.codegen.ProtocolModel.DialectInfo;
import io.pushwire.clientjs.codegen.ProtocolModel.EnumType;
import io.pushwire.clientjs.codegen.ProtocolModel.Field;
import io.pushwire.clientjs.codegen.ProtocolModel.MessageType;
import io.pushwire.clientjs.codegen.ProtocolModel.RecordType;
import io.pushwire.protocol.CloseCode;
import io.pushwire.protocol.codec.Envelope;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code schema/pushwire-protocol.schema.json}: one JSON Schema (draft 2020-12) that a
 * frame of any built-in type satisfies, with the body rules of {@code docs/protocol.md} §1 (a body
 * under {@code data}, else under {@code payload}, else an {@code error} frame's {@code error}
 * object, else beside {@code type}), and the facts a client needs (types, envelopes, close codes,
 * dialects) under {@code x-pushwire}.
 *
 * <p>It describes frames as Pushwire writes them: enumerations list their known values (an open
 * set's reader also accepts others, as UNKNOWN); required fields are required; unknown fields are
 * allowed everywhere, as the decoder ignores them.
 */
final class SchemaWriter {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** An ISO-8601 instant with an offset, as the codec reads it. */
  private static final String ISO_INSTANT =
      "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})$";
  private static final String LOCAL_DATE_TIME = "^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}$";

  private final ProtocolModel model;

  private SchemaWriter(ProtocolModel model) {
    this.model = model;
  }

  static String render(ProtocolModel model) {
    ObjectNode schema = new SchemaWriter(model).schema();
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
        .withObjectIndenter(new DefaultIndenter("  ", "\n"))
        .withArrayIndenter(new DefaultIndenter("  ", "\n"));
    try {
      return new ObjectMapper().writer(printer).writeValueAsString(schema) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private ObjectNode schema() {
    ObjectNode root = NODES.objectNode();
    root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    root.put("$id", "urn:pushwire:protocol");
    root.put("title", "Pushwire wire protocol");
    root.put("description", ProtocolGenerator.header("").replace("\n", " ").trim()
        + " One JSON text frame of a built-in type; see docs/protocol.md.");
    root.put("type", "object");
    root.putArray("required").add("type");
    ObjectNode properties = root.putObject("properties");
    ArrayNode types = properties.putObject("type").putArray("enum");
    model.messageTypes.forEach(m -> types.add(m.type()));
    properties.putObject("id").put("type", "string");
    properties.putObject("timestamp").put("$ref", "#/$defs/Time");
    properties.putObject("meta").put("type", "object");
    ArrayNode byType = root.putArray("allOf");
    for (MessageType m : model.messageTypes) {
      ObjectNode rule = byType.addObject();
      rule.putObject("if").putObject("properties").putObject("type").put("const", m.type());
      rule.putObject("then").put("$ref", "#/$defs/frame." + m.type());
    }

    ObjectNode defs = root.putObject("$defs");
    ObjectNode time = defs.putObject("Time");
    time.put("description", "An instant: an ISO-8601 string with an offset, or epoch milliseconds (the dialect chooses which is written; both are read).");
    ArrayNode forms = time.putArray("anyOf");
    forms.addObject().put("type", "string").put("pattern", ISO_INSTANT);
    forms.addObject().put("type", "integer");
    defs.putObject("IsoTime").put("description", "An instant always written as ISO-8601 (@IsoTime).")
        .put("type", "string").put("pattern", ISO_INSTANT);
    defs.putObject("LocalDateTime").put("description", "A local time, yyyy-MM-dd HH:mm:ss, no zone (seed 000).")
        .put("type", "string").put("pattern", LOCAL_DATE_TIME);
    for (EnumType e : model.enums.values()) {
      ObjectNode def = defs.putObject(e.name());
      def.put("description", e.javaClass().getName() + (e.open()
          ? ": an open set (a reader takes an unknown value as UNKNOWN)" : ": a closed set"));
      def.put("type", "string");
      ArrayNode values = def.putArray("enum");
      e.values().forEach(values::add);
      def.put("x-pushwire-open", e.open());
    }
    for (RecordType r : model.records.values()) {
      defs.set(r.name(), record(r));
    }
    for (MessageType m : model.messageTypes) {
      defs.set("frame." + m.type(), frame(m));
    }
    root.set("x-pushwire", facts());
    return root;
  }

  private ObjectNode record(RecordType r) {
    ObjectNode def = NODES.objectNode();
    def.put("description", r.javaClass().getName().replace('$', '.'));
    def.put("type", "object");
    ObjectNode properties = def.putObject("properties");
    ArrayNode required = NODES.arrayNode();
    for (Field f : r.fields()) {
      properties.set(f.name(), f.constant() != null ? NODES.objectNode().put("const", f.constant())
          : type(f.type(), f.isoTime()));
      if (f.required()) {
        required.add(f.name());
      }
    }
    if (!required.isEmpty()) {
      def.set("required", required);
    }
    return def;
  }

  private ObjectNode type(Type type, boolean iso) {
    Class<?> raw = ProtocolModel.rawClass(type);
    ObjectNode node = NODES.objectNode();
    if (raw == String.class) {
      node.put("type", "string");
    } else if (ProtocolModel.isBoolean(raw)) {
      node.put("type", "boolean");
    } else if (ProtocolModel.isIntegral(raw)) {
      node.put("type", "integer");
    } else if (ProtocolModel.isDecimal(raw)) {
      node.put("type", "number");
    } else if (raw == Instant.class) {
      node.put("$ref", iso ? "#/$defs/IsoTime" : "#/$defs/Time");
    } else if (raw == LocalDateTime.class) {
      node.put("$ref", "#/$defs/LocalDateTime");
    } else if (raw == Object.class) {
      return node; // any JSON value
    } else if (List.class.isAssignableFrom(raw) || java.util.Collection.class.isAssignableFrom(raw)) {
      node.put("type", "array");
      node.set("items", type(ProtocolModel.typeArguments(type)[0], iso));
    } else if (Map.class.isAssignableFrom(raw)) {
      ProtocolModel.requireMapKey(type);
      node.put("type", "object");
      node.set("additionalProperties", type(ProtocolModel.typeArguments(type)[1], iso));
    } else if (model.enums.containsKey(raw)) {
      node.put("$ref", "#/$defs/" + model.enums.get(raw).name());
    } else if (model.records.containsKey(raw)) {
      node.put("$ref", "#/$defs/" + model.records.get(raw).name());
    } else {
      throw new IllegalStateException("no JSON Schema for " + type);
    }
    return node;
  }

  /** A frame of one type: its body under data, else payload, else (errors) error, else flat. */
  private ObjectNode frame(MessageType m) {
    ObjectNode body = NODES.objectNode();
    if (m.classes().size() == 1) {
      body.put("$ref", "#/$defs/" + model.records.get(m.classes().get(0)).name());
    } else {
      ArrayNode forms = body.putArray("anyOf");
      m.classes().forEach(c -> forms.addObject().put("$ref", "#/$defs/" + model.records.get(c).name()));
    }
    ObjectNode flat = body;
    if ("error".equals(m.type())) {
      flat = NODES.objectNode();
      ObjectNode hasErrorObject = flat.putObject("if");
      hasErrorObject.putArray("required").add("error");
      hasErrorObject.putObject("properties").putObject("error").put("type", "object");
      flat.putObject("then").putObject("properties").set("error", body);
      flat.set("else", body);
    }
    ObjectNode underPayload = NODES.objectNode();
    underPayload.putObject("if").putArray("required").add("payload");
    underPayload.putObject("then").putObject("properties").set("payload", body);
    underPayload.set("else", flat);

    ObjectNode frame = NODES.objectNode();
    frame.put("description", m.type() + ": " + String.join(" or ", m.classes().stream().map(Class::getSimpleName).toList())
        + ", " + (m.fromServer() && m.fromClient() ? "both directions" : m.fromServer() ? "server to client" : "client to server")
        + ", written in the " + ProtocolModel.envelopeName(m.envelope()) + " envelope");
    frame.putObject("if").putArray("required").add("data");
    frame.putObject("then").putObject("properties").set("data", body);
    frame.set("else", underPayload);
    return frame;
  }

  private ObjectNode facts() {
    ObjectNode facts = NODES.objectNode();
    ObjectNode types = facts.putObject("messageTypes");
    for (MessageType m : model.messageTypes) {
      ObjectNode t = types.putObject(m.type());
      t.put("envelope", ProtocolModel.envelopeName(m.envelope()));
      t.put("server", m.fromServer());
      t.put("client", m.fromClient());
      ArrayNode records = t.putArray("records");
      m.classes().forEach(c -> records.add(model.records.get(c).name()));
    }
    ObjectNode dialects = facts.putObject("dialects");
    for (DialectInfo d : model.dialects) {
      ObjectNode node = dialects.putObject(d.name());
      node.put("timestamps", ProtocolModel.timestampName(d.timestamps()));
      node.put("stampFrames", d.stampFrames());
      node.put("errorEnvelope", ProtocolModel.envelopeName(d.errorEnvelope()));
      if (d.alias() != null) {
        node.put("alias", d.alias());
      }
    }
    ArrayNode codes = facts.putArray("closeCodes");
    for (CloseCode c : model.closeCodes) {
      codes.addObject().put("code", c.code()).put("name", c.name()).put("reconnect", c.reconnect());
    }
    ArrayNode ranges = facts.putArray("reconnectRanges");
    for (Object[] range : ProtocolModel.reconnectRanges()) {
      ranges.addArray().add((Integer) range[0]).add((Integer) range[1]).add((Boolean) range[2]);
    }
    ArrayNode envelopes = facts.putArray("envelopes");
    for (Envelope e : Envelope.values()) {
      envelopes.add(ProtocolModel.envelopeName(e));
    }
    return facts;
  }
}
