package io.pushwire.server.wire;

import io.pushwire.server.Limits;
import java.util.List;

/**
 * Plain JSON text frames: each message is one frame, exactly as the dialect writes it, in both
 * directions. Heartbeats are WebSocket pings. Stateless; one instance serves every connection.
 */
public final class JsonFraming implements Framing {

  /** The one instance. */
  public static final JsonFraming INSTANCE = new JsonFraming();

  private JsonFraming() {
  }

  @Override
  public WireFormat format() {
    return WireFormat.JSON_TEXT;
  }

  @Override
  public List<String> open(Limits limits) {
    return List.of();
  }

  @Override
  public Inbound inbound(String frame) {
    return new Inbound.Message(frame);
  }

  @Override
  public List<String> connected() {
    return List.of(); // plain clients never ask: their session is open with the WebSocket
  }

  @Override
  public List<String> outbound(String json) {
    return List.of(json);
  }

  @Override
  public String publication(String json) {
    return json;
  }

  @Override
  public String heartbeat() {
    return null;
  }

  @Override
  public boolean metersEveryFrame() {
    return false;
  }
}
