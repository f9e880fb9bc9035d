package io.pushwire.clientjs.codegen;

import io.pushwire.clientjs.codegen.ProtocolModel.DialectInfo;
import io.pushwire.clientjs.codegen.ProtocolModel.EnumType;
import io.pushwire.clientjs.codegen.ProtocolModel.Field;
import io.pushwire.clientjs.codegen.ProtocolModel.MessageType;
import io.pushwire.clientjs.codegen.ProtocolModel.RecordType;
import io.pushwire.protocol.CloseCode;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes {@code src/generated/protocol.d.ts}: every record and enum of the protocol model as a
 * TypeScript type, the message types by direction, and the wire shape of each frame per dialect.
 *
 * <p>An instant in a message body is written in the dialect's timestamp form (ISO-8601 string or
 * epoch milliseconds); a record that holds one is generic in {@code T}, the time type, which the
 * client fixes from the dialect it is told ({@link #render}: {@code TimeOf<D>}). Instants marked
 * {@code @IsoTime} are always strings.
 */
final class TypeScriptWriter {

  private final ProtocolModel model;
  private final StringBuilder out = new StringBuilder();

  private TypeScriptWriter(ProtocolModel model) {
    this.model = model;
  }

  static String render(ProtocolModel model) {
    return new TypeScriptWriter(model).write();
  }

  private String write() {
    out.append(ProtocolGenerator.header("//")).append('\n');
    out.append("""
        /** An instant as a dialect writes it: an ISO-8601 string or epoch milliseconds. */
        export type Time = string | number;

        """);
    dialects();
    enums();
    records();
    messages();
    frames();
    closeCodes();
    constants();
    return out.toString();
  }

  private void dialects() {
    out.append("// ---------------------------------------------------------------- dialects\n\n");
    out.append("/** The server's dialects by name (`Dialect.named`): how an endpoint writes its frames. */\n");
    out.append("export interface Dialects {\n");
    for (DialectInfo d : model.dialects) {
      out.append("  ").append(quote(d.name())).append(": { timestamps: ")
          .append(quote(ProtocolModel.timestampName(d.timestamps()))).append("; stampFrames: ").append(d.stampFrames())
          .append("; errorEnvelope: ").append(quote(ProtocolModel.envelopeName(d.errorEnvelope()))).append(" };")
          .append(d.alias() == null ? "" : " // = " + quote(d.alias())).append('\n');
    }
    out.append("}\n\n");
    out.append("/** A dialect name: " + model.dialects.stream().map(d -> "`" + d.name() + "`")
        .collect(Collectors.joining(", ")) + ". */\n");
    out.append("export type DialectName = keyof Dialects;\n\n");
    out.append("/** The type of an instant in bodies written in dialect `D`. */\n");
    out.append("export type TimeOf<D extends DialectName> = Dialects[D][\"timestamps\"] extends \"epoch-millis\" ? number : string;\n\n");
  }

  private void enums() {
    out.append("// ---------------------------------------------------------------- enumerations\n\n");
    for (EnumType e : model.enums.values()) {
      out.append("/** `").append(e.javaClass().getName()).append("`: ")
          .append(e.open() ? "an open set; a value this version does not know is read as UNKNOWN."
              : "a closed set; any other value is refused.")
          .append(" */\n");
      out.append("export type ").append(e.name()).append(" = ")
          .append(e.values().stream().map(TypeScriptWriter::quote).collect(Collectors.joining(" | "))).append(";\n\n");
    }
  }

  private void records() {
    out.append("// ---------------------------------------------------------------- records (message bodies and their parts)\n\n");
    for (RecordType r : model.records.values()) {
      out.append("/** `").append(r.javaClass().getName().replace('$', '.')).append("`. */\n");
      out.append("export interface ").append(r.name()).append(generic(r.javaClass(), true)).append(" {\n");
      for (Field f : r.fields()) {
        out.append("  ").append(property(f.name())).append(f.required() ? ": " : "?: ")
            .append(f.constant() != null ? quote(f.constant()) : type(f.type(), f.isoTime())).append(";\n");
      }
      if (r.openFields()) {
        out.append("  /** Further fields, kept as they arrive. */\n");
        out.append("  [field: string]: unknown;\n");
      }
      out.append("}\n\n");
    }
  }

  private void messages() {
    out.append("// ---------------------------------------------------------------- message types\n\n");
    out.append("/** Every message a server sends, by wire type: the body a listener receives. */\n");
    out.append("export interface ServerMessages<T extends Time = Time> {\n");
    for (MessageType m : model.messageTypes) {
      if (m.fromServer()) {
        out.append("  ").append(quote(m.type())).append(": ").append(bodies(m)).append(";\n");
      }
    }
    out.append("}\n\n");
    out.append("/** Every message a client sends, by wire type: the body a client writes. */\n");
    out.append("export interface ClientMessages<T extends Time = Time> {\n");
    for (MessageType m : model.messageTypes) {
      if (m.fromClient()) {
        out.append("  ").append(quote(m.type())).append(": ").append(bodies(m)).append(";\n");
      }
    }
    out.append("}\n\n");
    out.append("""
        export type ServerMessageType = keyof ServerMessages;
        export type ClientMessageType = keyof ClientMessages;
        /** Every built-in wire type, in `MessageTypes.builtInTypes()` order. */
        export type MessageType = ServerMessageType | ClientMessageType;

        /** Where a frame's body sits: beside `type`, or under `data`, `payload` or `error`. */
        export type EnvelopeName = "flat" | "data" | "payload" | "error";

        /** The envelope each type's seed uses: what `MessageTypes.defaultEnvelope` writes. */
        export interface DefaultEnvelopes {
        """);
    for (MessageType m : model.messageTypes) {
      out.append("  ").append(quote(m.type())).append(": ").append(quote(ProtocolModel.envelopeName(m.envelope())))
          .append(";\n");
    }
    out.append("}\n\n");
  }

  private void frames() {
    out.append("""
        // ---------------------------------------------------------------- frames on the wire

        /** The parts of a frame around its body. A reply repeats its request's `id`. */
        export interface FrameHead<K extends string, T extends Time = Time> {
          type: K;
          id?: string;
          timestamp?: T;
        }

        /** A frame in envelope `E` with body `B`. */
        export type InEnvelope<E extends EnvelopeName, K extends string, B, T extends Time = Time> =
          E extends "flat" ? FrameHead<K, T> & B
          : E extends "data" ? FrameHead<K, T> & { data: B }
          : E extends "payload" ? FrameHead<K, T> & { payload: B }
          : FrameHead<K, T> & { error: B };

        /**
         * The envelope a server writes a type in, in dialect `D`: the type's own, except errors
         * (where the dialect puts them) and `ack`s (the envelope of the request they answer).
         */
        export type ServerEnvelopeOf<K extends ServerMessageType, D extends DialectName> =
          K extends "error" ? Dialects[D]["errorEnvelope"]
          : K extends "ack" ? "flat" | "data" | "payload"
          : DefaultEnvelopes[K];

        /** A frame a server in dialect `D` sends, as JSON. */
        export type ServerFrame<D extends DialectName = "standard"> = {
          [K in ServerMessageType]: InEnvelope<ServerEnvelopeOf<K, D>, K, ServerMessages<TimeOf<D>>[K], TimeOf<D>>
        }[ServerMessageType];

        /** A frame a client sends in its type's default envelope (the server reads every envelope). */
        export type ClientFrame<D extends DialectName = "standard"> = {
          [K in ClientMessageType]: InEnvelope<DefaultEnvelopes[K], K, ClientMessages<TimeOf<D>>[K], TimeOf<D>>
        }[ClientMessageType];

        """);
  }

  private void closeCodes() {
    out.append("// ---------------------------------------------------------------- close codes and error codes\n\n");
    out.append("/** `io.pushwire.protocol.CloseCode`: the close codes a Pushwire server sends. */\n");
    out.append("export interface CloseCodes {\n");
    for (CloseCode c : model.closeCodes) {
      out.append("  ").append(c.code()).append(": { name: ").append(quote(c.name())).append("; reconnect: ")
          .append(c.reconnect()).append(" };\n");
    }
    out.append("}\n\n");
    out.append("/** A close-code name (`CloseCode.name()`). */\n");
    out.append("export type CloseCodeName = CloseCodes[keyof CloseCodes][\"name\"];\n");
  }

  private void constants() {
    out.append("""

        // ---------------------------------------------------------------- run-time constants (protocol.js)

        export declare const DIALECTS: {
          readonly [D in DialectName]: Readonly<{
            timestamps: Dialects[D]["timestamps"];
            stampFrames: Dialects[D]["stampFrames"];
            errorEnvelope: Dialects[D]["errorEnvelope"];
            alias?: DialectName;
          }>
        };
        export declare const MESSAGE_TYPES: {
          readonly [K in MessageType]: Readonly<{
            envelope: DefaultEnvelopes[K];
            server: boolean;
            client: boolean;
            required: readonly string[];
          }>
        };
        export declare const CLOSE_CODES: { readonly [C in keyof CloseCodes]: Readonly<CloseCodes[C]> };
        export declare const RECONNECT_RANGES: ReadonlyArray<readonly [from: number, to: number, reconnect: boolean]>;
        export declare const ERROR_CODES: readonly ErrorCode[];
        export declare const ENUMS: { readonly [name: string]: Readonly<{ open: boolean; values: readonly string[] }> };
        """);
  }

  /** The body type(s) of a message type: a union for a type with two forms. */
  private String bodies(MessageType m) {
    return m.classes().stream().map(c -> model.records.get(c).name() + generic(c, false))
        .collect(Collectors.joining(" | "));
  }

  /** {@code <T extends Time = Time>} in a declaration, {@code <T>} in a use, or nothing. */
  private String generic(Class<?> c, boolean declaration) {
    if (!model.usesDialectTime(c)) {
      return "";
    }
    return declaration ? "<T extends Time = Time>" : "<T>";
  }

  private String type(Type type, boolean iso) {
    Class<?> raw = ProtocolModel.rawClass(type);
    if (raw == String.class) {
      return "string";
    } else if (ProtocolModel.isBoolean(raw)) {
      return "boolean";
    } else if (ProtocolModel.isIntegral(raw) || ProtocolModel.isDecimal(raw)) {
      return "number";
    } else if (raw == Instant.class) {
      return iso ? "string" : "T";
    } else if (raw == LocalDateTime.class) {
      return "string";
    } else if (raw == Object.class) {
      return "unknown";
    } else if (List.class.isAssignableFrom(raw) || java.util.Collection.class.isAssignableFrom(raw)) {
      String item = type(ProtocolModel.typeArguments(type)[0], iso);
      return item.contains(" ") ? "Array<" + item + ">" : item + "[]";
    } else if (Map.class.isAssignableFrom(raw)) {
      ProtocolModel.requireMapKey(type);
      return "Record<string, " + type(ProtocolModel.typeArguments(type)[1], iso) + ">";
    } else if (model.enums.containsKey(raw)) {
      return model.enums.get(raw).name();
    } else if (model.records.containsKey(raw)) {
      return model.records.get(raw).name() + generic(raw, false);
    }
    throw new IllegalStateException("no TypeScript type for " + type);
  }

  private static String property(String name) {
    return name.matches("[A-Za-z_$][A-Za-z0-9_$]*") ? name : quote(name);
  }

  static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
