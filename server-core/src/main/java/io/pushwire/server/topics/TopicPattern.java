package io.pushwire.server.topics;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A topic name or a wildcard pattern over topic names: {@code *} matches any run of characters
 * (so {@code task:*} matches {@code task:progress}, {@code alert.*} matches {@code alert.cpu}),
 * {@code ?} matches one character. Everything else matches itself. Immutable.
 */
public final class TopicPattern {

  /** Longest pattern accepted, so a hostile client cannot make matching expensive. */
  public static final int MAX_LENGTH = 200;

  private final String text;
  private final Pattern regex;

  private TopicPattern(String text) {
    this.text = text;
    this.regex = isWildcard(text) ? compile(text) : null;
  }

  /**
   * Parses a topic or pattern.
   *
   * @throws IllegalArgumentException if it is empty, longer than {@value #MAX_LENGTH}, or has
   *     control characters
   */
  public static TopicPattern of(String text) {
    Objects.requireNonNull(text, "text");
    if (text.isEmpty() || text.length() > MAX_LENGTH || text.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("a topic must be 1-" + MAX_LENGTH
          + " characters without control characters");
    }
    return new TopicPattern(text);
  }

  /** Whether {@code text} contains a wildcard. */
  public static boolean isWildcard(String text) {
    return text.indexOf('*') >= 0 || text.indexOf('?') >= 0;
  }

  private static Pattern compile(String text) {
    StringBuilder regex = new StringBuilder();
    for (String literal : text.split("(?=[*?])|(?<=[*?])")) {
      switch (literal) {
        case "*" -> regex.append(".*");
        case "?" -> regex.append('.');
        default -> regex.append(Pattern.quote(literal));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }

  /** Whether this is a pattern rather than one topic. */
  public boolean isWildcard() {
    return regex != null;
  }

  /** Whether {@code topic} is this topic, or matches this pattern. */
  public boolean matches(String topic) {
    return regex == null ? text.equals(topic) : regex.matcher(topic).matches();
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
