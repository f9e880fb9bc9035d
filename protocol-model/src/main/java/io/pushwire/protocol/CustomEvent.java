package io.pushwire.protocol;

import java.util.Objects;

/**
 * An application's own message type, added without editing the sealed hierarchy: register the
 * payload class for a type name with the codec
 * ({@code PushwireCodec.builder().register("deploy_finished", DeployFinished.class)}), and frames
 * of that type decode to a {@code CustomEvent} whose payload is that class. The payload's fields
 * are the body of the frame.
 *
 * @param type the wire type name; must not collide with a built-in type
 * @param payload the body, an instance of the registered class
 * @param <T> the payload class
 */
public record CustomEvent<T>(String type, T payload) implements ClientMessage, ServerMessage {

  public CustomEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(payload, "payload");
  }
}
