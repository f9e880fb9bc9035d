package io.pushwire.benchmarks.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import java.io.IOException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The baseline: a plain {@link ObjectMapper} on the same protocol records, with nothing added but
 * what it needs to handle them at all. Jackson's core has no {@link LocalDateTime} support (that
 * is the separate JavaTimeModule), and the codec's own time bindings are package-private, so this
 * gives the plain mapper an equivalent pair for seed 000's {@code yyyy-MM-dd HH:mm:ss}.
 */
final class BaselineMapper {

  private static final DateTimeFormatter FLAT_DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private BaselineMapper() {
  }

  static ObjectMapper create() {
    SimpleModule time = new SimpleModule("baseline-time");
    time.addSerializer(LocalDateTime.class, new StdScalarSerializer<>(LocalDateTime.class) {
      @Override
      public void serialize(LocalDateTime value, JsonGenerator gen, SerializerProvider provider) throws IOException {
        gen.writeString(FLAT_DATE_TIME.format(value));
      }
    });
    time.addDeserializer(LocalDateTime.class, new StdScalarDeserializer<>(LocalDateTime.class) {
      @Override
      public LocalDateTime deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
        return LocalDateTime.parse(p.getText(), FLAT_DATE_TIME);
      }
    });
    return new ObjectMapper().registerModule(time);
  }
}
