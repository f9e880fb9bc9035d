package io.pushwire.protocol;

/**
 * Why a subscription that asked to resume from a position ({@code since}) was answered
 * {@code recovered: false}. On the wire as {@link #wireName()} in {@link StreamState#reason()};
 * a client that meets a name it does not know treats it as {@link #UNKNOWN}.
 */
public enum RecoveryReason {
  /** Publications after the position have already left the topic's bounded history. */
  HISTORY_TOO_SHORT("history_too_short"),
  /** The topic's history was lost and restarted (a server restart, an evicted topic). */
  EPOCH_CHANGED("epoch_changed"),
  /** The position is ahead of the topic's stream: not one this server gave out. */
  POSITION_AHEAD("position_ahead"),
  /** More publications are missing than one recovery may replay (the server's bound). */
  TOO_MANY("too_many"),
  /** The subscription cannot be resumed: a wildcard, or a broker without atomic history reads. */
  NOT_RECOVERABLE("not_recoverable"),
  /** A reason this client does not know. */
  UNKNOWN("unknown");

  private final String wireName;

  RecoveryReason(String wireName) {
    this.wireName = wireName;
  }

  /** The name on the wire. */
  public String wireName() {
    return wireName;
  }

  /** The reason named {@code name} on the wire; {@link #UNKNOWN} for any other. */
  public static RecoveryReason fromWire(String name) {
    for (RecoveryReason r : values()) {
      if (r.wireName.equals(name)) {
        return r;
      }
    }
    return UNKNOWN;
  }
}
