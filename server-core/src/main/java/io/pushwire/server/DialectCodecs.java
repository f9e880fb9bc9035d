package io.pushwire.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushwire.protocol.Ack;
import io.pushwire.protocol.ErrorMessage;
import io.pushwire.protocol.Position;
import io.pushwire.protocol.ServerMessage;
import io.pushwire.protocol.codec.Envelope;
import io.pushwire.protocol.codec.Frame;
import io.pushwire.protocol.codec.PushwireCodec;
import io.pushwire.protocol.codec.TimestampFormat;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * The protocol codec for each timestamp format (with the application's registered types), and
 * what every {@link Dialect} does on top of it: which envelope an error or an {@code ack} takes,
 * and which frames get an {@code id} and a {@code timestamp}. Immutable once built; thread-safe.
 */
final class DialectCodecs {

  /** One codec per timestamp format; filled in the constructor, read-only after. */
  private final Map<TimestampFormat, PushwireCodec> codecs = new EnumMap<>(TimestampFormat.class);
  private final Ids ids;

  DialectCodecs(Limits limits, Map<String, Class<?>> customTypes, Map<String, Envelope> customEnvelopes, Ids ids) {
    this.ids = ids;
    for (TimestampFormat format : TimestampFormat.values()) {
      PushwireCodec.Builder codec = PushwireCodec.builder().timestampFormat(format)
          .maxFrameLength(Math.max(64, limits.maxFrameBytes()));
      customTypes.forEach((type, cls) -> codec.register(type, cls, customEnvelopes.get(type)));
      codecs.put(format, codec.build());
    }
  }

  /** The codec that reads and writes {@code dialect}'s frames. */
  PushwireCodec codec(Dialect dialect) {
    return codecs.get(dialect.timestamps());
  }

  /** {@code message} on its own (a greeting, a push to one connection), stamped where the dialect stamps. */
  String encode(Dialect dialect, ServerMessage message) {
    return encodeReply(dialect, null, null, message);
  }

  /**
   * Encodes a reply: it carries the request's id (or a new one where the dialect stamps frames),
   * errors go where the dialect puts them, and an acknowledgement follows the request's envelope.
   */
  String encodeReply(Dialect dialect, String requestId, Envelope requestEnvelope, ServerMessage reply) {
    PushwireCodec codec = codec(dialect);
    Frame frame = codec.frame(reply);
    if (reply instanceof ErrorMessage) {
      frame = frame.withEnvelope(dialect.errorEnvelope());
    } else if (frame.envelope() == Envelope.FLAT && requestEnvelope != null && requestEnvelope != Envelope.FLAT
        && reply instanceof Ack) {
      frame = frame.withEnvelope(requestEnvelope);
    }
    String id = requestId;
    if (stamps(dialect, frame)) {
      frame = frame.withTimestamp(Instant.now());
      if (id == null) {
        id = ids.message(reply);
      }
    }
    return codec.encode(frame.withId(id));
  }

  /**
   * Encodes a publication for {@code dialect}; where the dialect stamps it, with {@code id} and
   * {@code timestamp}, which the caller keeps the same for every dialect of one publication;
   * with {@code position} as {@code pos} unless it is null.
   */
  String encodePublication(Dialect dialect, ServerMessage message, PublicationStamp stamp, Position position) {
    PushwireCodec codec = codec(dialect);
    Frame frame = codec.frame(message).withPosition(position);
    if (stamps(dialect, frame)) {
      frame = frame.withId(stamp.id()).withTimestamp(stamp.timestamp());
    }
    return codec.encode(frame);
  }

  /** One publication's id and timestamp: the id is made the first time a dialect needs it. */
  static final class PublicationStamp {
    private final DialectCodecs codecs;
    private final ServerMessage message;
    private final Instant timestamp = Instant.now();
    /** Made on first use; only the publication's delivering thread touches it. */
    private String id;

    PublicationStamp(DialectCodecs codecs, ServerMessage message) {
      this.codecs = codecs;
      this.message = message;
    }

    String id() {
      if (id == null) {
        id = codecs.ids.message(message);
      }
      return id;
    }

    Instant timestamp() {
      return timestamp;
    }
  }

  /** The message's body as a tree, for subscription filters. */
  JsonNode bodyTree(ServerMessage message) {
    return codecs.get(TimestampFormat.ISO_8601).bodyTree(message);
  }

  private static boolean stamps(Dialect dialect, Frame frame) {
    return dialect.stampFrames() && frame.envelope() != Envelope.FLAT;
  }
}
