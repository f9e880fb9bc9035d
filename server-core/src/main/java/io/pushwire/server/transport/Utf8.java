package io.pushwire.server.transport;

/**
 * The UTF-8 length of a frame, counted without encoding it (no array is made). The byte counters
 * use it: inbound on each frame, outbound once per distinct frame (a publication's frame is
 * counted once, however many recipients it goes to). Public for engines, which count the same way.
 */
public final class Utf8 {

  private Utf8() {
  }

  /**
   * How many bytes {@code text} takes in UTF-8, as {@code text.getBytes(UTF_8).length} would say:
   * an unpaired surrogate counts as the one byte of the {@code ?} the encoder writes instead.
   */
  public static int length(CharSequence text) {
    int n = text.length();
    int bytes = n;
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        continue;
      }
      if (c < 0x800) {
        bytes += 1;
      } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 2; // the pair is 4 bytes, for its 2 chars
        i++;
      } else if (Character.isSurrogate(c)) {
        continue; // unpaired: encoded as '?'
      } else {
        bytes += 2;
      }
    }
    return bytes;
  }
}
