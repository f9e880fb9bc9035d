package io.pushwire.server.auth;

/** Where an endpoint looks for credentials. An endpoint may accept several. */
public enum AuthMode {
  /** The first frame must be {@code {"type":"auth","token":..}} (seed 000, seed 004). */
  FIRST_MESSAGE,
  /** {@code Authorization: Bearer <token>} and {@code X-Client-ID} headers at the handshake (seed 001). */
  BEARER_HEADER,
  /** {@code token} and {@code client_id} query parameters at the handshake (seed 003). */
  QUERY_PARAMETER,
  /** No credentials: every connection is an anonymous principal. */
  NONE
}
