package io.pushwire.protocol.codec;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.ContextualSerializer;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Jackson bindings for the protocol's times: {@link Instant} reads ISO-8601 strings and epoch
 * milliseconds and writes the configured {@link TimestampFormat} (ISO-8601 always where the field
 * is marked {@link io.pushwire.protocol.IsoTime}); {@link LocalDateTime} is seed 000's
 * {@code yyyy-MM-dd HH:mm:ss}.
 */
final class TimeModule extends SimpleModule {

  /** Seed 000's local date-time pattern. */
  static final DateTimeFormatter FLAT_DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  TimeModule(TimestampFormat format) {
    super("pushwire-time");
    addSerializer(Instant.class, new InstantSerializer(format));
    addDeserializer(Instant.class, new InstantDeserializer());
    addSerializer(LocalDateTime.class, new LocalDateTimeSerializer());
    addDeserializer(LocalDateTime.class, new LocalDateTimeDeserializer());
  }

  static Instant parseInstant(String text) {
    return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, Instant::from);
  }

  static final class InstantSerializer extends StdScalarSerializer<Instant> implements ContextualSerializer {
    private final TimestampFormat format;

    InstantSerializer(TimestampFormat format) {
      super(Instant.class);
      this.format = format;
    }

    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      if (format == TimestampFormat.EPOCH_MILLIS) {
        gen.writeNumber(value.toEpochMilli());
      } else {
        gen.writeString(DateTimeFormatter.ISO_INSTANT.format(value));
      }
    }

    @Override
    public JsonSerializer<?> createContextual(SerializerProvider provider, BeanProperty property) {
      if (property == null || format == TimestampFormat.ISO_8601) {
        return this;
      }
      JsonFormat.Value shape = property.findPropertyFormat(provider.getConfig(), Instant.class);
      return shape.getShape() == JsonFormat.Shape.STRING ? new InstantSerializer(TimestampFormat.ISO_8601) : this;
    }
  }

  static final class InstantDeserializer extends StdScalarDeserializer<Instant> {
    InstantDeserializer() {
      super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      JsonToken token = p.currentToken();
      if (token == JsonToken.VALUE_NUMBER_INT) {
        return Instant.ofEpochMilli(p.getLongValue());
      }
      if (token == JsonToken.VALUE_STRING) {
        String text = p.getText();
        try {
          return parseInstant(text);
        } catch (DateTimeException e) {
          return (Instant) ctx.handleWeirdStringValue(Instant.class, text,
              "expected an ISO-8601 instant such as 2024-01-01T12:00:00Z or epoch milliseconds");
        }
      }
      return (Instant) ctx.handleUnexpectedToken(Instant.class, p);
    }
  }

  static final class LocalDateTimeSerializer extends StdScalarSerializer<LocalDateTime> {
    LocalDateTimeSerializer() {
      super(LocalDateTime.class);
    }

    @Override
    public void serialize(LocalDateTime value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      gen.writeString(FLAT_DATE_TIME.format(value));
    }
  }

  static final class LocalDateTimeDeserializer extends StdScalarDeserializer<LocalDateTime> {
    LocalDateTimeDeserializer() {
      super(LocalDateTime.class);
    }

    @Override
    public LocalDateTime deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      if (p.currentToken() != JsonToken.VALUE_STRING) {
        return (LocalDateTime) ctx.handleUnexpectedToken(LocalDateTime.class, p);
      }
      String text = p.getText();
      try {
        return LocalDateTime.parse(text, FLAT_DATE_TIME);
      } catch (DateTimeException e) {
        return (LocalDateTime) ctx.handleWeirdStringValue(LocalDateTime.class, text,
            "expected a local date-time written yyyy-MM-dd HH:mm:ss");
      }
    }
  }
}
