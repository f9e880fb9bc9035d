package io.pushwire.protocol.codec;

/**
 * Makes JSON text safe to send as UTF-8: an unpaired surrogate (a {@code char} in
 * {@code U+D800..U+DFFF} without its other half, as a client can put in any string by writing
 * {@code "\ud800"}) has no UTF-8 form, and a WebSocket container that meets one while encoding a
 * text frame fails the send, or throws an {@code Error}. Each one is written as the JSON escape
 * {@code \\uXXXX} instead, as ECMAScript's well-formed {@code JSON.stringify} does: the text stays
 * valid JSON, decodes to the same string, and is valid UTF-8. Surrogates appear only inside JSON
 * strings, where an escape means the same character. Stateless.
 */
public final class WellFormedJson {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private WellFormedJson() {
  }

  /**
   * {@code json} with every unpaired surrogate escaped; {@code json} itself (no copy) when it has
   * none, which one pass over it tells.
   */
  public static String escapeLoneSurrogates(String json) {
    int first = firstLoneSurrogate(json, 0);
    if (first < 0) {
      return json;
    }
    StringBuilder out = new StringBuilder(json.length() + 16);
    int from = 0;
    for (int at = first; at >= 0; at = firstLoneSurrogate(json, at + 1)) {
      char c = json.charAt(at);
      out.append(json, from, at).append("\\u")
          .append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf]).append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
      from = at + 1;
    }
    return out.append(json, from, json.length()).toString();
  }

  /** The index of the first unpaired surrogate at or after {@code from}, or -1. */
  private static int firstLoneSurrogate(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++; // a pair: one supplementary character
        } else {
          return i;
        }
      } else if (Character.isLowSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }
}
