package io.pushwire.protocol.codec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.pushwire.protocol.CustomEvent;
import io.pushwire.protocol.Message;
import io.pushwire.protocol.Position;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns messages into JSON text frames and back. One decoder reads every seed's shape (flat,
 * {@code data}, {@code payload} and {@code error} envelopes; ISO-8601 and epoch-millisecond
 * timestamps); the encoder writes the {@link Frame}'s envelope and the configured
 * {@link TimestampFormat}.
 *
 * <p>Bad input never yields {@code null} or a raw Jackson exception: {@link #decodeFrame} throws
 * a {@link DecodeException} with a {@link DecodeException.Kind} and a message naming the field at
 * fault. Frames longer than {@link Builder#maxFrameLength} characters or nested deeper than
 * {@link Builder#maxNestingDepth} are rejected before any object is built.
 *
 * <p>Immutable and thread-safe: build one per endpoint configuration and share it.
 */
public final class PushwireCodec {

  /** Default largest frame accepted, in characters: 1 MiB, beyond any seed message. */
  public static final int DEFAULT_MAX_FRAME_LENGTH = 1 << 20;
  /** Default deepest nesting accepted: the seeds nest at most 4 levels; 32 leaves room. */
  public static final int DEFAULT_MAX_NESTING_DEPTH = 32;

  private static final Pattern MISSING_PROPERTY = Pattern.compile("Missing required creator property '([^']+)'");
  /** Jackson's words for an absent or null number or boolean (FAIL_ON_NULL_FOR_PRIMITIVES). */
  private static final String NULL_PRIMITIVE = "Cannot map `null` into type";

  private final ObjectMapper mapper;
  private final TimestampFormat timestampFormat;
  private final int maxFrameLength;
  private final Map<String, Registration> custom;
  /**
   * Body class to the first of its fields that a FLAT frame cannot hold ("" when none). A
   * concurrent cache, one entry per body class ever encoded FLAT, so bounded by the class count.
   */
  private final Map<Class<?>, String> flatClashByClass = new ConcurrentHashMap<>();

  /**
   * Names a FLAT body must not use: the frame's own fields, and the envelope names the decoder
   * looks for (a body field {@code data} would be read back as a DATA frame).
   */
  private static final Set<String> FLAT_RESERVED = Set.of("type", "id", "timestamp", "meta", "pos", "data", "payload");

  private record Registration(Class<?> payloadClass, Envelope envelope) {
  }

  private PushwireCodec(Builder b) {
    this.timestampFormat = b.timestampFormat;
    this.maxFrameLength = b.maxFrameLength;
    this.custom = Collections.unmodifiableMap(new HashMap<>(b.custom));
    JsonFactory factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(b.maxNestingDepth)
            .maxStringLength(b.maxFrameLength)
            .maxNumberLength(100)
            .build())
        .build();
    JsonMapper m = JsonMapper.builder(factory)
        .addModule(new TimeModule(b.timestampFormat))
        .serializationInclusion(JsonInclude.Include.NON_NULL)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
        .build();
    // A number where text is expected, or text where a number is, is the sender's bug: say so.
    m.coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    for (LogicalType numeric : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
      m.coercionConfigFor(numeric).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    }
    m.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
    m.coercionConfigFor(LogicalType.Enum).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    this.mapper = m;
  }

  /** A codec with the defaults: ISO-8601 timestamps, 1 MiB frames, depth 32, no custom types. */
  public static PushwireCodec create() {
    return builder().build();
  }

  /** Starts a codec configuration. */
  public static Builder builder() {
    return new Builder();
  }

  /** The timestamp format this codec writes. */
  public TimestampFormat timestampFormat() {
    return timestampFormat;
  }

  /** A frame for {@code message} in its default envelope, honouring custom registrations. */
  public Frame frame(Message message) {
    if (message instanceof CustomEvent<?> event && custom.containsKey(event.type())) {
      return new Frame(message, null, null, custom.get(event.type()).envelope());
    }
    return Frame.of(message);
  }

  /** Encodes {@code message} in its default envelope, without id or timestamp. */
  public String encode(Message message) {
    return encode(frame(message));
  }

  /**
   * Encodes a frame: {@code type} first, then {@code id} and {@code timestamp} when present, then
   * the body where the envelope puts it. Null fields are left out.
   *
   * @throws IllegalArgumentException if a custom event's payload cannot be serialized, or if the
   *     envelope is FLAT and the body has a field the frame itself uses ({@code alert}'s
   *     {@code type}, say): such a frame would carry a duplicate key, so it is refused
   */
  public String encode(Frame frame) {
    Message message = frame.message();
    String type = MessageTypes.typeOf(message);
    Object body = message instanceof CustomEvent<?> event ? event.payload() : message;
    Object tree = switch (frame.envelope()) {
      case FLAT -> new FlatFrame(type, frame.id(), frame.timestamp(), frame.position(), requireFlatBody(type, body));
      case DATA -> new DataFrame(type, frame.id(), frame.timestamp(), frame.position(), body);
      case PAYLOAD -> new PayloadFrame(type, frame.id(), frame.timestamp(), frame.position(), body);
      case ERROR -> new ErrorFrame(type, frame.id(), frame.timestamp(), frame.position(), body);
    };
    try {
      // A lone surrogate (a client's "\ud800" echoed back, or one in a published string) has no
      // UTF-8 form and would fail the container's send: it is written as its JSON escape.
      return WellFormedJson.escapeLoneSurrogates(mapper.writeValueAsString(tree));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot encode " + type + ": " + e.getOriginalMessage(), e);
    }
  }

  private Object requireFlatBody(String type, Object body) {
    String clash = flatClashByClass.computeIfAbsent(body.getClass(), this::flatClashOf);
    if (!clash.isEmpty()) {
      throw new IllegalArgumentException("cannot encode " + type + " in the FLAT envelope: its body has a field \""
          + clash + "\", which the frame itself uses; use the DATA or PAYLOAD envelope");
    }
    return body;
  }

  private String flatClashOf(Class<?> bodyClass) {
    return mapper.getSerializationConfig().introspect(mapper.constructType(bodyClass)).findProperties().stream()
        .map(BeanPropertyDefinition::getName)
        .filter(FLAT_RESERVED::contains)
        .findFirst()
        .orElse("");
  }

  /**
   * The message's body as the JSON tree this codec would write (the payload for a
   * {@link CustomEvent}); used to evaluate subscription filters on field values.
   */
  public JsonNode bodyTree(Message message) {
    return mapper.valueToTree(message instanceof CustomEvent<?> event ? event.payload() : message);
  }

  /** Decodes a frame and returns its message. */
  public Message decode(String text) throws DecodeException {
    return decodeFrame(text).message();
  }

  /**
   * Decodes a frame from any seed's shape.
   *
   * @throws DecodeException with the reason, for every kind of bad input
   */
  public Frame decodeFrame(String text) throws DecodeException {
    Objects.requireNonNull(text, "text");
    if (text.length() > maxFrameLength) {
      throw new DecodeException(DecodeException.Kind.TOO_LARGE, null, null,
          "frame of " + text.length() + " characters exceeds the limit of " + maxFrameLength);
    }
    JsonNode root = parse(text);
    if (!(root instanceof ObjectNode object)) {
      throw new DecodeException(DecodeException.Kind.NOT_AN_OBJECT, null, null,
          "a frame must be a JSON object with a \"type\" field, got a JSON " + root.getNodeType().name().toLowerCase());
    }
    JsonNode typeNode = object.get("type");
    String id = readId(object.get("id"));
    if (typeNode == null || !typeNode.isTextual() || typeNode.asText().isEmpty()) {
      throw new DecodeException(DecodeException.Kind.MISSING_TYPE, null, id,
          "a frame must have a non-empty string field \"type\"");
    }
    String type = typeNode.asText();
    Instant timestamp = readTimestamp(object.get("timestamp"), type, id);
    Envelope envelope = envelopeOf(object, type);
    JsonNode body = envelope == Envelope.FLAT ? flatBody(object) : object.get(envelope.field());
    if (body == null || body.isNull()) {
      body = JsonNodeFactory.instance.objectNode();
    }
    if (!body.isObject()) {
      throw new DecodeException(DecodeException.Kind.WRONG_TYPE, type, id,
          type + ": field \"" + envelope.field() + "\" must be a JSON object");
    }
    return new Frame(bind(type, id, body), id, timestamp, envelope, readPosition(object.get("pos"), type, id));
  }

  private JsonNode parse(String text) throws DecodeException {
    try {
      JsonNode root = mapper.readTree(text);
      if (root == null || root.isMissingNode()) {
        throw new DecodeException(DecodeException.Kind.NOT_JSON, null, null, "empty frame: expected a JSON object");
      }
      return root;
    } catch (StreamConstraintsException e) {
      boolean depth = e.getMessage() != null && e.getMessage().contains("nesting depth");
      throw new DecodeException(depth ? DecodeException.Kind.TOO_DEEP : DecodeException.Kind.TOO_LARGE, null, null,
          depth ? "frame nests deeper than the limit: " + e.getOriginalMessage()
              : "frame exceeds a size limit: " + e.getOriginalMessage());
    } catch (JacksonException e) {
      throw new DecodeException(DecodeException.Kind.NOT_JSON, null, null,
          "not valid JSON at line " + lineOf(e) + ": " + withoutSourceNote(e.getOriginalMessage()));
    }
  }

  private static String withoutSourceNote(String message) {
    int cut = message.indexOf(" (start marker");
    return cut < 0 ? message : message.substring(0, cut);
  }

  private static String lineOf(JacksonException e) {
    return e.getLocation() == null ? "?" : e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
  }

  private static String readId(JsonNode idNode) {
    if (idNode == null || idNode.isNull()) {
      return null;
    }
    return idNode.isValueNode() ? idNode.asText() : null;
  }

  private Instant readTimestamp(JsonNode node, String type, String id) throws DecodeException {
    if (node == null || node.isNull()) {
      return null;
    }
    try {
      if (node.isIntegralNumber()) {
        return Instant.ofEpochMilli(node.longValue());
      }
      if (node.isTextual()) {
        return TimeModule.parseInstant(node.asText());
      }
    } catch (DateTimeException e) {
      // fall through to the error below
    }
    throw new DecodeException(DecodeException.Kind.WRONG_TYPE, type, id,
        type + ": \"timestamp\" must be epoch milliseconds or an ISO-8601 instant, got " + node);
  }

  private Position readPosition(JsonNode node, String type, String id) throws DecodeException {
    if (node == null || node.isNull()) {
      return null;
    }
    JsonNode topic = node.get("topic");
    JsonNode offset = node.get("offset");
    JsonNode epoch = node.get("epoch");
    if (!node.isObject() || offset == null || !offset.canConvertToLong() || !offset.isIntegralNumber()
        || offset.longValue() < 0 || epoch == null || !epoch.isTextual() || epoch.asText().isEmpty()
        || topic != null && !topic.isTextual()) {
      throw new DecodeException(DecodeException.Kind.WRONG_TYPE, type, id,
          type + ": \"pos\" must be {\"topic\":string,\"offset\":integer >= 0,\"epoch\":non-empty string}, got " + node);
    }
    return new Position(topic == null ? null : topic.asText(), offset.longValue(), epoch.asText());
  }

  private static Envelope envelopeOf(ObjectNode object, String type) {
    if (object.has("data")) {
      return Envelope.DATA;
    }
    if (object.has("payload")) {
      return Envelope.PAYLOAD;
    }
    if ("error".equals(type) && object.has("error")) {
      return Envelope.ERROR;
    }
    return Envelope.FLAT;
  }

  private static ObjectNode flatBody(ObjectNode object) {
    ObjectNode body = object.deepCopy();
    body.remove("type");
    body.remove("id");
    body.remove("timestamp");
    body.remove("meta");
    body.remove("pos");
    return body;
  }

  private Message bind(String type, String id, JsonNode body) throws DecodeException {
    Registration registration = custom.get(type);
    MessageTypes.Row row = MessageTypes.row(type);
    Class<?> target = registration != null ? registration.payloadClass()
        : row != null ? row.classOf().apply(body) : null;
    if (target == null) {
      throw new DecodeException(DecodeException.Kind.UNKNOWN_TYPE, type, id,
          "unknown message type \"" + type + "\"; this codec knows " + MessageTypes.builtInTypes()
              + (custom.isEmpty() ? "" : " and " + custom.keySet()));
    }
    try {
      Object value = mapper.treeToValue(body, target);
      return registration != null ? new CustomEvent<>(type, value) : (Message) value;
    } catch (ValueInstantiationException e) {
      throw fromInstantiation(type, id, e);
    } catch (MismatchedInputException e) {
      throw fromMismatch(type, id, e);
    } catch (JacksonException e) {
      throw new DecodeException(DecodeException.Kind.WRONG_TYPE, type, id,
          type + ": " + (e instanceof JsonMappingException m ? pathOf(m) + ": " : "") + e.getOriginalMessage());
    }
  }

  private static DecodeException fromInstantiation(String type, String id, ValueInstantiationException e) {
    Throwable cause = e.getCause();
    if (cause instanceof NullPointerException) {
      String field = wireName(e.getType() == null ? null : e.getType().getRawClass(), cause.getMessage());
      String path = pathOf(e);
      return new DecodeException(DecodeException.Kind.MISSING_FIELD, type, id,
          type + ": required field \"" + (path.isEmpty() ? field : path + "." + field) + "\" is null");
    }
    return new DecodeException(DecodeException.Kind.WRONG_TYPE, type, id,
        type + ": " + pathOrBody(e) + ": " + (cause != null ? cause.getMessage() : e.getOriginalMessage()));
  }

  private static DecodeException fromMismatch(String type, String id, MismatchedInputException e) {
    Matcher missing = MISSING_PROPERTY.matcher(e.getOriginalMessage());
    if (missing.find()) {
      return new DecodeException(DecodeException.Kind.MISSING_FIELD, type, id,
          type + ": required field " + pathOrBody(e) + " is missing");
    }
    if (e.getOriginalMessage().startsWith(NULL_PRIMITIVE)) {
      return new DecodeException(DecodeException.Kind.MISSING_FIELD, type, id,
          type + ": required field " + pathOrBody(e) + " is missing or null");
    }
    Throwable cause = e.getCause();
    if (cause instanceof IllegalArgumentException) {
      return new DecodeException(DecodeException.Kind.WRONG_TYPE, type, id,
          type + ": " + pathOrBody(e) + ": " + cause.getMessage());
    }
    String expected = e.getTargetType() == null ? "another type" : e.getTargetType().getSimpleName();
    return new DecodeException(DecodeException.Kind.WRONG_TYPE, type, id,
        type + ": field " + pathOrBody(e) + " has the wrong JSON type (expected " + expected + ")");
  }

  /** The wire name of record component {@code javaName} of {@code type}, or the Java name. */
  private static String wireName(Class<?> type, String javaName) {
    if (type == null || !type.isRecord() || javaName == null) {
      return String.valueOf(javaName);
    }
    for (java.lang.reflect.RecordComponent component : type.getRecordComponents()) {
      // @JsonProperty does not target record components; javac copies it to the accessor.
      JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
      if (component.getName().equals(javaName) && property != null) {
        return property.value();
      }
    }
    return javaName;
  }

  private static String pathOrBody(JsonMappingException e) {
    String path = pathOf(e);
    return path.isEmpty() ? "body" : "\"" + path + "\"";
  }

  private static String pathOf(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  // The four frame shapes, serialized by Jackson in one streaming pass (no intermediate tree).

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"type", "id", "timestamp", "pos"})
  private record FlatFrame(String type, String id, Instant timestamp, @JsonProperty("pos") Position pos,
      @JsonUnwrapped Object body) {
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"type", "id", "timestamp", "pos", "data"})
  private record DataFrame(String type, String id, Instant timestamp, @JsonProperty("pos") Position pos,
      @JsonProperty("data") Object body) {
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"type", "id", "timestamp", "pos", "payload"})
  private record PayloadFrame(String type, String id, Instant timestamp, @JsonProperty("pos") Position pos,
      @JsonProperty("payload") Object body) {
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"type", "id", "timestamp", "pos", "error"})
  private record ErrorFrame(String type, String id, Instant timestamp, @JsonProperty("pos") Position pos,
      @JsonProperty("error") Object body) {
  }

  /** Configures a {@link PushwireCodec}. Not thread-safe; build once. */
  public static final class Builder {
    private TimestampFormat timestampFormat = TimestampFormat.ISO_8601;
    private int maxFrameLength = DEFAULT_MAX_FRAME_LENGTH;
    private int maxNestingDepth = DEFAULT_MAX_NESTING_DEPTH;
    private final Map<String, Registration> custom = new HashMap<>();

    private Builder() {
    }

    /** How to write timestamps; reading accepts both forms regardless. Default ISO-8601. */
    public Builder timestampFormat(TimestampFormat format) {
      this.timestampFormat = Objects.requireNonNull(format, "format");
      return this;
    }

    /** Largest frame accepted, in characters. Default 1 MiB. */
    public Builder maxFrameLength(int chars) {
      if (chars < 64) {
        throw new IllegalArgumentException("maxFrameLength must be at least 64, got " + chars);
      }
      this.maxFrameLength = chars;
      return this;
    }

    /** Deepest JSON nesting accepted. Default 32. */
    public Builder maxNestingDepth(int depth) {
      if (depth < 4) {
        throw new IllegalArgumentException("maxNestingDepth must be at least 4, got " + depth);
      }
      this.maxNestingDepth = depth;
      return this;
    }

    /**
     * Registers an application message type: frames of {@code type} decode to a
     * {@link CustomEvent} whose payload is a {@code payloadClass} bound from the body, and such
     * events encode in the {@link Envelope#DATA} envelope unless {@link #register(String, Class, Envelope)}
     * says otherwise.
     *
     * @throws IllegalArgumentException if {@code type} is a built-in type or already registered
     */
    public Builder register(String type, Class<?> payloadClass) {
      return register(type, payloadClass, Envelope.DATA);
    }

    /** Like {@link #register(String, Class)}, with the envelope to write. */
    public Builder register(String type, Class<?> payloadClass, Envelope envelope) {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(payloadClass, "payloadClass");
      Objects.requireNonNull(envelope, "envelope");
      if (MessageTypes.builtInTypes().contains(type)) {
        throw new IllegalArgumentException("\"" + type + "\" is a built-in message type");
      }
      if (envelope == Envelope.ERROR) {
        throw new IllegalArgumentException("the ERROR envelope is for \"error\" messages only");
      }
      if (custom.putIfAbsent(type, new Registration(payloadClass, envelope)) != null) {
        throw new IllegalArgumentException("\"" + type + "\" is already registered");
      }
      return this;
    }

    /** Builds the codec. */
    public PushwireCodec build() {
      return new PushwireCodec(this);
    }
  }
}
