package io.pushwire.server.topics;

import java.util.Objects;

/**
 * A topic name or a wildcard pattern over topic names: {@code *} matches any run of characters
 * (so {@code task:*} matches {@code task:progress}, {@code alert.*} matches {@code alert.cpu}),
 * {@code ?} matches one character (one UTF-16 unit). Everything else matches itself. Immutable.
 *
 * <p>Matching never uses a regular expression: a client's pattern matched by a backtracking regex
 * engine takes time exponential in its stars ({@code *} eighteen times then {@code X} took
 * seconds). It walks the pattern and the topic once, going back only to the last star seen, so a
 * match costs at most pattern length × topic length steps (40,000 at the length bound), and runs
 * of stars count as one. A pattern has at most {@value #MAX_WILDCARDS} wildcards.
 */
public final class TopicPattern {

  /** Longest pattern accepted, so a hostile client cannot make matching expensive. */
  public static final int MAX_LENGTH = 200;
  /** Most wildcards ({@code *} and {@code ?}) a pattern may hold; a run of stars counts once. */
  public static final int MAX_WILDCARDS = 16;

  private final String text;
  /** The pattern with each run of stars made one star, or null for a plain topic name. */
  private final String wildcard;

  private TopicPattern(String text, String wildcard) {
    this.text = text;
    this.wildcard = wildcard;
  }

  /**
   * Parses a topic or pattern.
   *
   * @throws IllegalArgumentException if it is empty, longer than {@value #MAX_LENGTH}, has
   *     control characters, or has more than {@value #MAX_WILDCARDS} wildcards
   */
  public static TopicPattern of(String text) {
    Objects.requireNonNull(text, "text");
    if (text.isEmpty() || text.length() > MAX_LENGTH || text.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("a topic must be 1-" + MAX_LENGTH
          + " characters without control characters");
    }
    if (!isWildcard(text)) {
      return new TopicPattern(text, null);
    }
    String collapsed = text.replaceAll("\\*+", "*");
    long wildcards = collapsed.chars().filter(c -> c == '*' || c == '?').count();
    if (wildcards > MAX_WILDCARDS) {
      throw new IllegalArgumentException("a pattern may hold at most " + MAX_WILDCARDS + " wildcards");
    }
    return new TopicPattern(text, collapsed);
  }

  /** Whether {@code text} contains a wildcard. */
  public static boolean isWildcard(String text) {
    return text.indexOf('*') >= 0 || text.indexOf('?') >= 0;
  }

  /** Whether this is a pattern rather than one topic. */
  public boolean isWildcard() {
    return wildcard != null;
  }

  /** Whether {@code topic} is this topic, or matches this pattern. */
  public boolean matches(String topic) {
    return wildcard == null ? text.equals(topic) : matchesWildcard(wildcard, topic);
  }

  /**
   * Whether {@code topic} matches {@code pattern}: a single pass that, on a mismatch, resumes after
   * the last star one character further into the topic. Each star is revisited at most once per
   * topic character, so the cost is bounded by pattern length × topic length, never exponential.
   */
  private static boolean matchesWildcard(String pattern, String topic) {
    int p = 0;
    int t = 0;
    int star = -1;     // the pattern index of the last star seen, or -1
    int resume = 0;    // the topic index that star is taken to have consumed up to
    while (t < topic.length()) {
      if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == topic.charAt(t))) {
        p++;
        t++;
      } else if (p < pattern.length() && pattern.charAt(p) == '*') {
        star = p++;
        resume = t;
      } else if (star >= 0) {
        p = star + 1;
        t = ++resume;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }

  /** The text as given. */
  public String text() {
    return text;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TopicPattern other && other.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
