package io.pushwire.broker.redis;

/**
 * What a node receives on a PUB/SUB channel: a publication, or the marker a history read leaves
 * at its place in the channel's stream. The text form is one header line, then (for a
 * publication) the message in the protocol's JSON:
 * <pre>
 * P &lt;epoch&gt; &lt;offset&gt; &lt;droppable 0|1&gt;\n{"type":...}
 * S &lt;token&gt;
 * </pre>
 * For a reserved channel ({@code $...}) the epoch is the publishing node's id and the offset its
 * own counter: together they name the publication once, so a node that receives it twice (by a
 * channel and a pattern) delivers it once.
 */
sealed interface Notification {

  /** A publication: where it sits, and its message still in JSON. */
  record Published(String epoch, long offset, boolean droppable, String json) implements Notification {
  }

  /** A history read's seam marker. */
  record Marker(String token) implements Notification {
  }

  /** The text of a publication notification. */
  static String publication(String epoch, long offset, boolean droppable, String json) {
    return "P " + epoch + " " + offset + " " + (droppable ? '1' : '0') + "\n" + json;
  }

  /** The text of a marker. */
  static String marker(String token) {
    return "S " + token;
  }

  /**
   * Parses a notification.
   *
   * @throws IllegalArgumentException if it is not one (another writer on the channel)
   */
  static Notification parse(String text) {
    if (text.startsWith("S ")) {
      return new Marker(text.substring(2));
    }
    int newline = text.indexOf('\n');
    if (!text.startsWith("P ") || newline < 0) {
      throw new IllegalArgumentException("not a Pushwire notification");
    }
    String[] header = text.substring(2, newline).split(" ");
    if (header.length != 3) {
      throw new IllegalArgumentException("bad Pushwire notification header");
    }
    try {
      return new Published(header[0], Long.parseLong(header[1]), header[2].equals("1"), text.substring(newline + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad Pushwire notification offset", e);
    }
  }
}
