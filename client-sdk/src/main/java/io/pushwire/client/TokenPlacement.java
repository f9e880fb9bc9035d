package io.pushwire.client;

/** Where the client puts its token; match the server endpoint's auth mode. */
public enum TokenPlacement {
  /**
   * Sent as the first frame, {@code {"type":"auth","token":...}} (seeds 000, 004). The client
   * reports {@code OPEN} only after the server's {@code common_reply "auth ok"}; a client id
   * goes in the {@code client_id} query parameter.
   */
  FIRST_MESSAGE,
  /** {@code Authorization: Bearer <token>} at the handshake, a client id as {@code X-Client-ID} (seed 001). */
  BEARER_HEADER,
  /** {@code token} (and {@code client_id}) query parameters at the handshake (seed 003). */
  QUERY_PARAMETER
}
