package io.pushwire.clientjs.codegen;

import static io.pushwire.clientjs.codegen.TypeScriptWriter.quote;

import io.pushwire.clientjs.codegen.ProtocolModel.DialectInfo;
import io.pushwire.clientjs.codegen.ProtocolModel.EnumType;
import io.pushwire.clientjs.codegen.ProtocolModel.MessageType;
import io.pushwire.protocol.CloseCode;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes {@code src/generated/protocol.js}: the protocol facts the JavaScript client needs at run
 * time (message types with their envelope, direction and required fields; the close-code table
 * and the reconnect rule as ranges; error codes; dialects), as frozen constants. No logic.
 */
final class RuntimeWriter {

  private RuntimeWriter() {
  }

  static String render(ProtocolModel model) {
    StringBuilder out = new StringBuilder();
    out.append(ProtocolGenerator.header("//")).append('\n');

    out.append("/** The server's dialects by name; `standard` is an alias. */\n");
    out.append("export const DIALECTS = Object.freeze({\n");
    for (DialectInfo d : model.dialects) {
      out.append("  ").append(quote(d.name())).append(": Object.freeze({ timestamps: ")
          .append(quote(ProtocolModel.timestampName(d.timestamps()))).append(", stampFrames: ").append(d.stampFrames())
          .append(", errorEnvelope: ").append(quote(ProtocolModel.envelopeName(d.errorEnvelope())))
          .append(d.alias() == null ? "" : ", alias: " + quote(d.alias())).append(" }),\n");
    }
    out.append("});\n\n");

    out.append("/**\n * Every built-in message type: its default envelope, who sends it, and the fields every body of\n")
        .append(" * it must carry (a frame without one is refused by the Java codec with MISSING_FIELD).\n */\n");
    out.append("export const MESSAGE_TYPES = Object.freeze({\n");
    for (MessageType m : model.messageTypes) {
      out.append("  ").append(quote(m.type())).append(": Object.freeze({ envelope: ")
          .append(quote(ProtocolModel.envelopeName(m.envelope()))).append(", server: ").append(m.fromServer())
          .append(", client: ").append(m.fromClient()).append(", required: Object.freeze([")
          .append(model.requiredFields(m).stream().map(TypeScriptWriter::quote).collect(Collectors.joining(", ")))
          .append("]) }),\n");
    }
    out.append("});\n\n");

    out.append("/** `CloseCode`: every close code a Pushwire server sends, and whether a client reconnects after it. */\n");
    out.append("export const CLOSE_CODES = Object.freeze({\n");
    for (CloseCode c : model.closeCodes) {
      out.append("  ").append(c.code()).append(": Object.freeze({ name: ").append(quote(c.name()))
          .append(", reconnect: ").append(c.reconnect()).append(" }),\n");
    }
    out.append("});\n\n");

    out.append("/**\n * `CloseCode.shouldReconnect(code)` for every code 0-65535, as `[from, to, reconnect]` ranges in\n")
        .append(" * order: the known codes as above; otherwise 4000-4499 reconnect, 4500-4999 do not, and any other\n")
        .append(" * code reconnects except 1000 and 1003.\n */\n");
    out.append("export const RECONNECT_RANGES = Object.freeze([\n");
    for (Object[] range : ProtocolModel.reconnectRanges()) {
      out.append("  Object.freeze([").append(range[0]).append(", ").append(range[1]).append(", ").append(range[2])
          .append("]),\n");
    }
    out.append("]);\n\n");

    out.append("/** `ErrorCode`: the codes of `error` messages. */\n");
    out.append("export const ERROR_CODES = Object.freeze([")
        .append(model.errorCodes.stream().map(TypeScriptWriter::quote).collect(Collectors.joining(", ")))
        .append("]);\n\n");

    out.append("/** Every `WireEnum`: its wire values, and whether values this version does not know are read. */\n");
    out.append("export const ENUMS = Object.freeze({\n");
    for (EnumType e : model.enums.values()) {
      List<String> values = e.values();
      out.append("  ").append(e.name()).append(": Object.freeze({ open: ").append(e.open()).append(", values: Object.freeze([")
          .append(values.stream().map(TypeScriptWriter::quote).collect(Collectors.joining(", "))).append("]) }),\n");
    }
    out.append("});\n");
    return out.toString();
  }
}
