package io.pushwire.protocol;

/**
 * {@code alert} (seed 001) in either of its forms: {@link AlertTriggered} (status {@code active}
 * or another open state) or {@link AlertResolved} (status {@code resolved}). Both carry the same
 * {@code alert_id} through an alert's life.
 */
public sealed interface Alert extends ServerMessage permits AlertTriggered, AlertResolved {

  /** The alert's identity, stable from trigger to resolution. */
  String alertId();

  /** What the alert is about, e.g. {@code cpu}; subscription events are {@code alert.<type>}. */
  String type();

  /** Its severity. */
  AlertLevel level();
}
