package io.pushwire.clientjs.codegen;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.pushwire.protocol.ClientMessage;
import io.pushwire.protocol.CloseCode;
import io.pushwire.protocol.CustomEvent;
import io.pushwire.protocol.ErrorCode;
import io.pushwire.protocol.IsoTime;
import io.pushwire.protocol.Message;
import io.pushwire.protocol.ServerMessage;
import io.pushwire.protocol.WireEnum;
import io.pushwire.protocol.codec.Envelope;
import io.pushwire.protocol.codec.MessageTypes;
import io.pushwire.protocol.codec.TimestampFormat;
import io.pushwire.server.Dialect;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The protocol as {@code protocol-model} defines it, read by reflection: every built-in message
 * type with its records, direction and default envelope; every record reachable from them with
 * its wire fields; every {@link WireEnum}; the close codes, error codes and the server's dialects.
 * The generators write TypeScript, JavaScript constants and JSON Schema from this one reading,
 * so the three cannot disagree with each other or with the Java model.
 *
 * <p>Only public API is used: {@link MessageTypes#typeOf} and {@link MessageTypes#defaultEnvelope}
 * are asked about a sample instance of each record (see {@link #sample}), because the type table
 * itself is private to the codec.
 */
final class ProtocolModel {

  /** A wire field of a record. */
  record Field(String name, Type type, boolean required, boolean isoTime, String constant) {
  }

  /** A record (message body or nested object) and its wire fields, in declaration order. */
  record RecordType(Class<?> javaClass, String name, List<Field> fields, boolean openFields) {
  }

  /** A {@link WireEnum}: its wire values, and whether values this version does not know are read (as UNKNOWN). */
  record EnumType(Class<?> javaClass, String name, List<String> values, boolean open) {
  }

  /** One built-in message type. */
  record MessageType(String type, List<Class<?>> classes, Envelope envelope, boolean fromServer, boolean fromClient) {
  }

  /** One of the server's dialects, by name. */
  record DialectInfo(String name, String alias, TimestampFormat timestamps, boolean stampFrames, Envelope errorEnvelope) {
  }

  final List<MessageType> messageTypes;
  final Map<Class<?>, RecordType> records = new LinkedHashMap<>();
  final Map<Class<?>, EnumType> enums = new LinkedHashMap<>();
  final List<DialectInfo> dialects;
  final List<CloseCode> closeCodes = List.of(CloseCode.values());
  final List<String> errorCodes = Arrays.stream(ErrorCode.values()).map(ErrorCode::wire).toList();

  private ProtocolModel(List<MessageType> messageTypes, List<DialectInfo> dialects) {
    this.messageTypes = messageTypes;
    this.dialects = dialects;
  }

  /** Reads the model. Fails loudly on anything it cannot express, rather than guess. */
  static ProtocolModel read() {
    Map<String, List<Class<?>>> classesByType = new LinkedHashMap<>();
    Map<String, Envelope> envelopes = new LinkedHashMap<>();
    for (Class<?> c : leaves(Message.class)) {
      if (c == CustomEvent.class) {
        continue; // the application's own types, not the protocol's
      }
      Message sample = (Message) sample(c);
      String type = MessageTypes.typeOf(sample);
      classesByType.computeIfAbsent(type, t -> new ArrayList<>()).add(c);
      Envelope envelope = MessageTypes.defaultEnvelope(sample);
      Envelope earlier = envelopes.putIfAbsent(type, envelope);
      if (earlier != null && earlier != envelope) {
        throw new IllegalStateException(type + " has two default envelopes: " + earlier + ", " + envelope);
      }
    }
    List<MessageType> types = new ArrayList<>();
    for (String type : MessageTypes.builtInTypes()) {
      List<Class<?>> classes = classesByType.remove(type);
      if (classes == null) {
        throw new IllegalStateException("no record for the built-in type " + type);
      }
      boolean server = classes.stream().anyMatch(ServerMessage.class::isAssignableFrom);
      boolean client = classes.stream().anyMatch(ClientMessage.class::isAssignableFrom);
      types.add(new MessageType(type, List.copyOf(classes), envelopes.get(type), server, client));
    }
    if (!classesByType.isEmpty()) {
      throw new IllegalStateException("records of types that builtInTypes() does not list: " + classesByType);
    }
    List<DialectInfo> dialects = new ArrayList<>();
    for (Dialect d : Dialect.builtIn()) {
      dialects.add(new DialectInfo(d.name(), null, d.timestamps(), d.stampFrames(), d.errorEnvelope()));
    }
    Dialect standard = Dialect.named("standard");
    dialects.add(new DialectInfo("standard", standard.name(), standard.timestamps(), standard.stampFrames(),
        standard.errorEnvelope()));
    ProtocolModel model = new ProtocolModel(List.copyOf(types), List.copyOf(dialects));
    types.forEach(t -> t.classes().forEach(model::visit));
    model.checkNames();
    return model;
  }

  /** The concrete records under a sealed interface, in {@code permits} order. */
  private static List<Class<?>> leaves(Class<?> sealed) {
    Set<Class<?>> out = new LinkedHashSet<>();
    for (Class<?> c : sealed.getPermittedSubclasses()) {
      if (c.isSealed()) {
        out.addAll(leaves(c));
      } else {
        out.add(c);
      }
    }
    return List.copyOf(out);
  }

  private void visit(Class<?> c) {
    if (records.containsKey(c) || enums.containsKey(c)) {
      return;
    }
    if (c.isEnum()) {
      if (!WireEnum.class.isAssignableFrom(c)) {
        throw new IllegalStateException(c.getName() + " is an enum on the wire but not a WireEnum");
      }
      enums.put(c, enumType(c));
      return;
    }
    if (!c.isRecord()) {
      throw new IllegalStateException("cannot describe " + c.getName() + ": neither a record nor a WireEnum");
    }
    List<Field> fields = new ArrayList<>();
    boolean openFields = false;
    RecordType placeholder = new RecordType(c, c.getSimpleName(), fields, false);
    records.put(c, placeholder);
    Set<Method> accessors = new LinkedHashSet<>();
    for (RecordComponent rc : c.getRecordComponents()) {
      Method accessor = rc.getAccessor();
      accessors.add(accessor);
      if (accessor.isAnnotationPresent(JsonAnyGetter.class)) {
        openFields = true;
        continue;
      }
      JsonProperty property = accessor.getAnnotation(JsonProperty.class);
      if (property == null) {
        throw new IllegalStateException(c.getSimpleName() + "." + rc.getName() + " has no @JsonProperty wire name");
      }
      boolean iso = accessor.isAnnotationPresent(IsoTime.class);
      boolean required = property.required() || rc.getType().isPrimitive();
      fields.add(new Field(property.value(), rc.getGenericType(), required, iso, null));
      referenced(rc.getGenericType()).forEach(this::visit);
    }
    // Properties a record writes from a method of its own: a constant that tells its form apart
    // (AlertResolved's "status": "resolved").
    for (Method m : c.getDeclaredMethods()) {
      JsonProperty property = m.getAnnotation(JsonProperty.class);
      if (property == null || accessors.contains(m) || m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers())) {
        continue;
      }
      String constant = null;
      try {
        Object value = m.invoke(sample(c));
        constant = value instanceof WireEnum wire ? wire.wire() : value instanceof String s ? s : null;
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot read " + c.getSimpleName() + "." + m.getName(), e);
      }
      fields.add(new Field(property.value(), m.getGenericReturnType(), true, false, constant));
      referenced(m.getGenericReturnType()).forEach(this::visit);
    }
    records.put(c, new RecordType(c, placeholder.name(), List.copyOf(fields), openFields));
  }

  private static EnumType enumType(Class<?> c) {
    List<String> values = new ArrayList<>();
    for (Object constant : c.getEnumConstants()) {
      values.add(((WireEnum) constant).wire());
    }
    boolean open;
    try {
      Method fromWire = c.getMethod("fromWire", String.class);
      Object read = fromWire.invoke(null, "\u0000 a value no version defines");
      open = read != null;
    } catch (java.lang.reflect.InvocationTargetException e) {
      open = false; // a closed set refuses what it does not know
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(c.getSimpleName() + " has no static fromWire(String)", e);
    }
    return new EnumType(c, c.getSimpleName(), List.copyOf(values), open);
  }

  /** Record and enum classes a field type mentions. */
  private static List<Class<?>> referenced(Type type) {
    List<Class<?>> out = new ArrayList<>();
    if (type instanceof Class<?> c) {
      if (c.isRecord() || c.isEnum()) {
        out.add(c);
      }
    } else if (type instanceof ParameterizedType p) {
      for (Type arg : p.getActualTypeArguments()) {
        out.addAll(referenced(arg));
      }
    }
    return out;
  }

  private void checkNames() {
    Map<String, Class<?>> seen = new LinkedHashMap<>();
    for (Class<?> c : records.keySet()) {
      unique(seen, c);
    }
    for (Class<?> c : enums.keySet()) {
      unique(seen, c);
    }
  }

  private static void unique(Map<String, Class<?>> seen, Class<?> c) {
    Class<?> other = seen.putIfAbsent(c.getSimpleName(), c);
    if (other != null) {
      throw new IllegalStateException("two protocol classes named " + c.getSimpleName() + ": " + other + ", " + c);
    }
  }

  /** Whether a record (or anything it contains) has an instant in the dialect's timestamp form. */
  boolean usesDialectTime(Class<?> c) {
    return usesDialectTime(c, new LinkedHashSet<>());
  }

  private boolean usesDialectTime(Class<?> c, Set<Class<?>> visiting) {
    RecordType record = records.get(c);
    if (record == null || !visiting.add(c)) {
      return false;
    }
    for (Field f : record.fields()) {
      if (usesDialectTime(f.type(), f.isoTime(), visiting)) {
        return true;
      }
    }
    return false;
  }

  private boolean usesDialectTime(Type type, boolean iso, Set<Class<?>> visiting) {
    if (type == Instant.class) {
      return !iso;
    }
    if (type instanceof Class<?> c) {
      return usesDialectTime(c, visiting);
    }
    if (type instanceof ParameterizedType p) {
      for (Type arg : p.getActualTypeArguments()) {
        if (usesDialectTime(arg, iso, visiting)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The required wire fields every record of {@code type} has (the intersection, for types with two forms). */
  List<String> requiredFields(MessageType type) {
    List<String> common = null;
    for (Class<?> c : type.classes()) {
      List<String> required = records.get(c).fields().stream().filter(Field::required).map(Field::name).toList();
      if (common == null) {
        common = new ArrayList<>(required);
      } else {
        common.retainAll(required);
      }
    }
    return common == null ? List.of() : List.copyOf(common);
  }

  /**
   * The close codes 0-65535 as ranges of equal {@link CloseCode#shouldReconnect} answers:
   * {@code [from, to, reconnect]}, in order. The JavaScript client decides with this table.
   */
  static List<Object[]> reconnectRanges() {
    List<Object[]> ranges = new ArrayList<>();
    int from = 0;
    boolean current = CloseCode.shouldReconnect(0);
    for (int code = 1; code <= 65_536; code++) {
      boolean answer = code <= 65_535 && CloseCode.shouldReconnect(code);
      if (code == 65_536 || answer != current) {
        ranges.add(new Object[] {from, code - 1, current});
        from = code;
        current = answer;
      }
    }
    return ranges;
  }

  /** The wire name of an envelope as the generated files spell it. */
  static String envelopeName(Envelope envelope) {
    return envelope == Envelope.FLAT ? "flat" : envelope.field();
  }

  /** The wire name of a timestamp format as the generated files spell it. */
  static String timestampName(TimestampFormat format) {
    return switch (format) {
      case ISO_8601 -> "iso-8601";
      case EPOCH_MILLIS -> "epoch-millis";
    };
  }

  // ---------------------------------------------------------------- sample instances

  /**
   * An instance of record {@code c} with a harmless non-null value in every component, so that
   * public API that takes a message (and constructors that refuse nulls) can be asked about it.
   */
  static Object sample(Class<?> c) {
    RecordComponent[] components = c.getRecordComponents();
    Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
    Object[] values = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      values[i] = sampleValue(components[i].getType());
    }
    try {
      Constructor<?> canonical = c.getDeclaredConstructor(types);
      canonical.setAccessible(true);
      return canonical.newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot make a sample " + c.getSimpleName(), e);
    }
  }

  private static Object sampleValue(Class<?> type) {
    if (type == String.class) {
      return "x";
    } else if (type == boolean.class || type == Boolean.class) {
      return false;
    } else if (type == int.class || type == Integer.class) {
      return 0;
    } else if (type == long.class || type == Long.class) {
      return 0L;
    } else if (type == double.class || type == Double.class) {
      return 0.0;
    } else if (type == Instant.class) {
      return Instant.EPOCH;
    } else if (type == LocalDateTime.class) {
      return LocalDateTime.of(2000, 1, 1, 0, 0);
    } else if (List.class.isAssignableFrom(type) || Collection.class.isAssignableFrom(type)) {
      return List.of();
    } else if (Map.class.isAssignableFrom(type)) {
      return Map.of();
    } else if (type.isEnum()) {
      return type.getEnumConstants()[0];
    } else if (type.isRecord()) {
      return sample(type);
    } else if (type == Object.class) {
      return "x";
    }
    throw new IllegalStateException("no sample value for " + type);
  }

  static boolean isIntegral(Class<?> c) {
    return c == int.class || c == long.class || c == short.class || c == Integer.class || c == Long.class
        || c == Short.class;
  }

  static boolean isDecimal(Class<?> c) {
    return c == double.class || c == float.class || c == Double.class || c == Float.class;
  }

  static boolean isBoolean(Class<?> c) {
    return c == boolean.class || c == Boolean.class;
  }

  static Type[] typeArguments(Type type) {
    return type instanceof ParameterizedType p ? p.getActualTypeArguments() : new Type[0];
  }

  static Class<?> rawClass(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    if (type instanceof java.lang.reflect.WildcardType w) {
      return rawClass(w.getUpperBounds()[0]);
    }
    throw new IllegalStateException("cannot describe the type " + type);
  }

  static String requireMapKey(Type mapType) {
    Type key = typeArguments(mapType)[0];
    if (key != String.class) {
      throw new IllegalStateException("map keys on the wire are strings, got " + mapType);
    }
    return "string";
  }
}
